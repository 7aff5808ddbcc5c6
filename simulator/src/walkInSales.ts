// Sales to the shoppers a store's tills do not link to a customer (no loyalty card, no account):
// what the point of sale records beyond the CRM customers' orders. The world's customers are the
// CRM's, a small share of the people who shop in its stores, so a store's daily sales come mostly
// from walk-ins. Their demand follows the purchase model: per product and store, the share of
// product views it gets (department by taste, a leaf at random, the product by popularity, as a
// customer's views are drawn) times the chance a view ends in a purchase, averaged over the store's
// own customers as stand-ins for its anonymous shoppers, times the store's footfall, the weekday and
// the season; on days a promotion runs for everyone in store, its discount lifts the chance as the
// model says. Only stores sell to walk-ins (online sales all belong to customers' orders).
import { purchaseProbabilityAt, type ModelTruth, type ResolvedContext } from './behaviourModel.ts';
import type { Calendar } from './calendar.ts';
import { DEPARTMENTS } from './catalogData.ts';
import type { Catalog } from './catalogGenerator.ts';
import type { Customers } from './customerGenerator.ts';
import { DAY } from './geography.ts';
import type { Locations } from './locationGenerator.ts';
import type { PromotionIndex } from './promotionIndex.ts';
import { WeightedSampler, type Random } from './random.ts';
import { CHANNELS, DEVICES, type StockLevelRow } from './rows.ts';

export const WALK_IN_MODEL = {
  /** Product views a day by walk-in shoppers at a store of average footfall, on an ordinary day. */
  viewsPerStoreDay: 1500,
  /** How many of a store's own customers (the first by index) stand in for its walk-ins' tastes. */
  standIns: 40,
  /** The context of the rate: a Wednesday afternoon (no hour or weekday effect), browsing. */
  hour: 14,
  weekday: 3,
} as const;

/** Units of one product sold to walk-ins at one store on one day (the store's local date). */
export interface WalkInSaleRow {
  productId: string;
  locationId: string;
  /** YYYY-MM-DD. */
  day: string;
  units: number;
}

const STORE = CHANNELS.indexOf('STORE');
const BY_THE_FEW = new Set(['packaged', 'fresh']);

/** Units in one purchase: groceries and fresh food by one to four, the rest mostly by one (as in customers' baskets). */
function drawQuantity(r: Random, profile: string): number {
  return BY_THE_FEW.has(profile) ? 1 + (r.chance(0.4) ? r.int(1, 3) : 0) : r.chance(0.08) ? 2 : 1;
}
const meanQuantity = (profile: string) => (BY_THE_FEW.has(profile) ? 1 + 0.4 * 2 : 1.08);
const IN_STORE = DEVICES.indexOf('IN_STORE');

/** Expected walk-in purchases per product and store, from the purchase model (computed on first use). */
export class WalkInDemand {
  /** Per product: its share of a department's views, before the department's share. */
  private readonly viewShare: Float64Array;
  private readonly leafCount: number[];
  /** Per store: the stand-in customers and their department view shares (standIns × departments). */
  private readonly standIns: number[][];
  private readonly departmentShares: Float64Array[];
  private readonly cache = new Map<number, number>();

  constructor(
    private readonly catalog: Catalog,
    private readonly locations: Locations,
    private readonly customers: Customers,
    private readonly model: ModelTruth,
  ) {
    const products = catalog.products.length;
    this.viewShare = new Float64Array(products);
    for (const leaf of catalog.leaves) {
      if (leaf.products.length === 0) continue;
      const weights = leaf.products.map((p) => Math.exp(0.9 * catalog.truth.appeal[p]!) * (catalog.products[p]!.lifecycle === 'NEW' ? 1.2 : 1));
      const total = weights.reduce((a, b) => a + b, 0);
      leaf.products.forEach((p, i) => (this.viewShare[p] = weights[i]! / total));
    }
    this.leafCount = catalog.leavesByDepartment.map((leaves) => leaves.filter((l) => catalog.leaves[l]!.products.length > 0).length);
    const byStore: number[][] = Array.from({ length: locations.storeCount }, () => []);
    for (let c = 0; c < customers.rows.length; c++) {
      const home = byStore[customers.truth.homeStore[c]!];
      if (home && home.length < WALK_IN_MODEL.standIns) home.push(c);
    }
    const fallback = Array.from({ length: Math.min(WALK_IN_MODEL.standIns, customers.rows.length) }, (_, i) => i);
    this.standIns = byStore.map((own) => (own.length > 0 ? own : fallback));
    const latent = customers.truth.latent;
    this.departmentShares = this.standIns.map((group) => {
      const shares = new Float64Array(group.length * DEPARTMENTS.length);
      group.forEach((c, k) => {
        let total = 0;
        for (let d = 0; d < DEPARTMENTS.length; d++) total += this.leafCount[d]! > 0 ? Math.exp(1.2 * latent.tasteOf(c, d)) : 0;
        for (let d = 0; d < DEPARTMENTS.length; d++) shares[k * DEPARTMENTS.length + d] = this.leafCount[d]! > 0 ? Math.exp(1.2 * latent.tasteOf(c, d)) / total : 0;
      });
      return shares;
    });
  }

  /** Expected walk-in units of product p at store s on an ordinary day without a promotion. */
  dailyUnits(s: number, p: number): number {
    return this.dailyPurchases(s, p) * meanQuantity(DEPARTMENTS[this.catalog.truth.department[p]!]!.profile);
  }

  /** Expected walk-in purchases of product p at store s on an ordinary day, at discount share d. */
  dailyPurchases(s: number, p: number, discount = 0): number {
    const key = (s * this.catalog.products.length + p) * 101 + Math.round(discount * 100);
    const known = this.cache.get(key);
    if (known !== undefined) return known;
    const department = this.catalog.truth.department[p]!;
    const context: ResolvedContext = { channel: STORE, device: IN_STORE, hour: WALK_IN_MODEL.hour, weekday: WALK_IN_MODEL.weekday, location: s, intent: 'BROWSE' };
    const group = this.standIns[s]!;
    const shares = this.departmentShares[s]!;
    let sum = 0;
    group.forEach((c, k) => (sum += shares[k * DEPARTMENTS.length + department]! * purchaseProbabilityAt(this.model, c, p, context, discount)));
    const perView = this.leafCount[department]! > 0 ? (this.viewShare[p]! / this.leafCount[department]!) * (sum / group.length) : 0;
    const rate = WALK_IN_MODEL.viewsPerStoreDay * this.locations.storeWeights[s]! * perView;
    this.cache.set(key, rate);
    return rate;
  }
}

/**
 * Every store × product with a stock row gets its walk-in sales over the window: a Poisson number of
 * purchases over the whole window (its expected total), each placed on a day in proportion to that
 * day's expected purchases (store volume by weekday and season, the live promotion's lift; today
 * only for the part that has passed), each of one unit or, for groceries, a few.
 */
export function generateWalkInSales(random: Random, demand: WalkInDemand, calendar: Calendar, catalog: Catalog, locations: Locations, stockLevels: readonly StockLevelRow[], promotions: PromotionIndex): WalkInSaleRow[] {
  const dayStarts = calendar.dayStarts;
  const volume = calendar.dayVolume(STORE);
  const todayShare = Math.min(1, (calendar.nowMs - dayStarts[dayStarts.length - 1]!) / DAY);
  volume[volume.length - 1]! *= todayShare;
  const days = dayStarts.map((t) => new Date(t).toISOString().slice(0, 10));
  const productIndex = new Map(catalog.products.map((p, i) => [p.id, i]));
  const storeIndex = new Map(locations.rows.slice(0, locations.storeCount).map((l, i) => [l.id, i]));
  // The discount an anonymous shopper (no tier, no segment) gets in store, per product and day, at midday.
  const discounts = new Map<number, Float64Array>();
  const discountsOf = (p: number): Float64Array | null => {
    if (!promotions.targets(p)) return null;
    let known = discounts.get(p);
    if (!known) {
      known = Float64Array.from(dayStarts, (t) => promotions.best(p, t + DAY / 2, STORE, 0, [])?.share ?? 0);
      discounts.set(p, known);
    }
    return known.some((d) => d > 0) ? known : null;
  };
  const plainDays = new WeightedSampler(volume);
  const plainTotal = volume.reduce((a, b) => a + b, 0);
  const rows: WalkInSaleRow[] = [];
  for (const level of stockLevels) {
    const s = storeIndex.get(level.locationId);
    if (s === undefined) continue;
    const p = productIndex.get(level.productId)!;
    const base = demand.dailyPurchases(s, p);
    if (!(base > 0)) continue;
    const r = random.fork(`${level.productId}@${level.locationId}`);
    const promoted = discountsOf(p);
    let sampler = plainDays;
    let expected = base * plainTotal;
    if (promoted) {
      const weights = volume.map((v, k) => v * demand.dailyPurchases(s, p, promoted[k]!));
      sampler = new WeightedSampler(weights);
      expected = weights.reduce((a, b) => a + b, 0);
    }
    const units = new Map<number, number>();
    const profile = DEPARTMENTS[catalog.truth.department[p]!]!.profile;
    // Poisson arrivals over [0, expected): exponential gaps of mean 1.
    for (let t = -Math.log(1 - r.next()); t < expected; t -= Math.log(1 - r.next())) {
      const day = sampler.sample(r);
      units.set(day, (units.get(day) ?? 0) + drawQuantity(r, profile));
    }
    for (const [day, n] of [...units].sort((a, b) => a[0] - b[0])) rows.push({ productId: level.productId, locationId: level.locationId, day: days[day]!, units: n });
  }
  return rows;
}
