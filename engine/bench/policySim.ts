// The policy bench's simulation: a synthetic retail world (@retail/simulator), its history turned
// into what the product would know (customer features, sales, stock, promotions), and a stream of
// shopper sessions on which several policies choose slates side by side. The simulator's oracle
// (true purchase probability) decides, with the bench's own seeded random, which shown offers are
// bought; each policy learns from its own outcomes. The policies see a session's intent as the
// product infers it (the engine's IntentModel on the session's observable events before the
// decision, trained online on how earlier sessions ended), never its latent intent, which only the
// oracle uses. Used by policy.bench.ts and engine/test.
import { DEPARTMENTS, LOYALTY_TIERS, discountShare, generateWorld, purchaseProbability, type Channel, type Intent as LatentIntent, type InteractionType, type PromotionRow, type PurchaseContext, type World, type WorldSize } from '@retail/simulator';
import {
  DEFAULT_POLICY,
  INTENTS as MODEL_INTENTS,
  IntentModel,
  OfferPolicy,
  labelSession,
  applyHardConstraints,
  rewardOf,
  seededRandom,
  selectSlate,
  type CandidatePromotion,
  type ConstraintContext,
  type ContextFeatures,
  type CustomerFeatures,
  type Intent as ModelIntent,
  type IntentModelConfig,
  type IntentProbabilities,
  type OfferFeatures,
  type OfferPolicyConfig,
  type RandomSource,
  type RankCandidate,
  type RemovalReason,
  type SessionSummary,
  type SHARED_FEATURES,
} from '../src/index.ts';
import { commonUniform } from './commonRandom.ts';

const DAY = 86_400_000;

/** The world of `npm run bench:policy`: big enough for 100–200 candidates a session, generated in a few seconds. */
export const POLICY_BENCH_WORLD: Readonly<WorldSize> = Object.freeze({
  seed: 11,
  customers: 20_000,
  products: 1000,
  stores: 12,
  warehouses: 2,
  interactions: 400_000,
  days: 120,
  competitors: 3,
  promotions: 80,
});

export const POLICY_BENCH_NOW = new Date('2026-11-20T12:00:00Z');

export type PolicyName = 'linucb' | 'linucb-before' | 'uniform' | 'best-sellers' | 'epsilon-greedy' | 'oracle' | (string & {});
export const POLICY_NAMES: readonly PolicyName[] = ['linucb', 'linucb-before', 'epsilon-greedy', 'best-sellers', 'uniform', 'oracle'];
export const POLICY_LABELS: Record<string, string> = {
  linucb: 'LinUCB (OfferPolicy)',
  'linucb-before': 'LinUCB, engine before',
  'epsilon-greedy': 'ε-greedy (ε = 0.1)',
  'best-sellers': 'best sellers',
  uniform: 'uniform random',
  oracle: 'oracle',
};

/**
 * The engine's defaults before the conversion model: one ridge model of the reward per offer on the
 * 32 FEATURES (disjoint LinUCB) and the per-channel exploration it shipped with.
 */
export const BEFORE_CONFIG: Partial<OfferPolicyConfig> = {
  model: 'disjoint',
  channels: {
    WEB: { exploration: { kind: 'softmax', temperature: 0.05 }, rewardWaitMs: 30 * 60_000 },
    APP: { exploration: { kind: 'softmax', temperature: 0.05 }, rewardWaitMs: 30 * 60_000 },
    STORE: { exploration: { kind: 'epsilon-greedy', epsilon: 0.05 }, rewardWaitMs: 4 * 3_600_000 },
    EMAIL: { exploration: { kind: 'epsilon-greedy', epsilon: 0.1 }, rewardWaitMs: 3 * 86_400_000 },
  },
  defaultChannel: { exploration: { kind: 'epsilon-greedy', epsilon: 0.05 }, rewardWaitMs: 3_600_000 },
};

export interface PolicyBenchOptions {
  world: WorldSize;
  now?: Date;
  sessions: number;
  /** Seed of the session stream, the candidate draws, the purchase draws and each policy's exploration. */
  seed: number;
  /** Offers shown per session. */
  slateSize: number;
  /** Products drawn per session; each comes with its no-promotion offer and one offer per promotion on it. */
  productsPerSession: number;
  /** Sessions are spread evenly over this many days after the world's `now`. */
  horizonDays: number;
  /** Frequency-cap window. */
  capWindowDays: number;
  /** Configuration of the LinUCB policy under test (merged over DEFAULT_POLICY). */
  linucb: Partial<OfferPolicyConfig>;
  /** Curve points (one every sessions / samples). */
  samples: number;
  policies?: readonly PolicyName[];
  /** More policies to run on the same stream (diagnostics). */
  extraPolicies?: (market: Market) => BenchPolicy[];
  /** Variants of the LinUCB policy to run on the same stream after `policies` (data, so worker threads can take them). */
  variants?: readonly PolicyVariant[];
  /**
   * The intent features the policies see: 'model' (default), the engine's IntentModel on the
   * session's observable events before the decision, trained online on how earlier sessions ended;
   * 'latent', a diagnostic only: the softened one-hot of the session's true intent that runs before
   * the intent model used (information no real system has).
   */
  intentSource?: 'model' | 'latent';
  /** Settings of the intent model (default: the engine's). */
  intentModel?: Partial<IntentModelConfig>;
  onProgress?: (done: number, total: number) => void;
}

export const DEFAULT_BENCH_OPTIONS: Omit<PolicyBenchOptions, 'linucb'> = {
  world: POLICY_BENCH_WORLD,
  sessions: 50_000,
  seed: 2026,
  slateSize: 3,
  productsPerSession: 60,
  horizonDays: 14,
  capWindowDays: 7,
  samples: 100,
};

export interface CurvePoint {
  sessions: number;
  margin: number;
  expectedMargin: number;
  conversions: number;
  items: number;
  /** Oracle's cumulative expected margin minus this policy's, at this point. */
  regret: number;
}

export interface PolicyMetrics {
  name: PolicyName;
  label: string;
  /** Realised margin of the offers bought: Σ (price − discount − unit cost). */
  margin: number;
  /** Σ p × margin over the offers shown (p from the oracle): the same figure without the purchase noise. */
  expectedMargin: number;
  shown: number;
  /** Sessions with at least one purchase. */
  conversions: number;
  conversionRate: number;
  items: number;
  /** Items bought per converting session. */
  basketSize: number;
  regret: number;
  violations: number;
  violationReasons: Partial<Record<RemovalReason | 'NOT_A_CANDIDATE' | 'DUPLICATE_PRODUCT', number>>;
  /** Share of shown offers that carried a promotion. */
  promotedShare: number;
  discountSpent: number;
  decisionMs: number;
  /** Mean list price of the offers shown. */
  meanPriceShown: number;
  /** Offers shown per department (its name). */
  shownByDepartment: Record<string, number>;
  curve: CurvePoint[];
}

export interface PolicyBenchResult {
  world: WorldSize & { now: string };
  sessions: number;
  seed: number;
  slateSize: number;
  productsPerSession: number;
  horizonDays: number;
  meanCandidates: number;
  meanEligible: number;
  removals: Partial<Record<RemovalReason, number>>;
  historySessions: number;
  /** The session intent the policies saw, against the latent intent. */
  intent: IntentDiagnostics;
  policies: PolicyMetrics[];
  prepareMs: number;
  runMs: number;
}

// ---------------------------------------------------------------- what the product knows

interface Promo {
  row: PromotionRow;
  tierMask: number;
  constraint: Omit<CandidatePromotion, 'budgetAmountLeft' | 'budgetUnitsLeft'>;
}

export interface BenchSession {
  customer: number;
  /** The simulator's context of the session, latent intent included (the oracle's input; not shown to the policies). */
  context: PurchaseContext;
  /** The session's observable events: the range [eventsFrom, eventsTo) of Market.events, in time order. */
  eventsFrom: number;
  eventsTo: number;
  /** The session's product views that were purchase decisions, each a point where a slate may be shown: [decisionsFrom, decisionsTo) of Market.decisionAt. */
  decisionsFrom: number;
  decisionsTo: number;
}

/** Observable event kinds the session intent folds (the rest, e.g. CART_ABANDON, count only as events). */
export const EVENT_KINDS = ['VIEW', 'SEARCH', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'CHECKOUT_START', 'PURCHASE', 'OTHER'] as const;
const EVENT_KIND: Partial<Record<InteractionType, number>> = { VIEW: 0, SEARCH: 1, ADD_TO_CART: 2, REMOVE_FROM_CART: 3, CHECKOUT_START: 4, PURCHASE: 5 };
const OTHER_EVENT = 6;

/** The history's shopping sessions as the interaction log holds them (type, time, product), one session after another. */
export interface SessionEventLog {
  /** Index into EVENT_KINDS. */
  kind: Uint8Array;
  at: Float64Array;
  /** Product index, −1 for none. */
  product: Int32Array;
}

/** The world as the product's database holds it, plus the session stream's source. */
export interface Market {
  world: World;
  nowMs: number;
  productIds: string[];
  price: Float64Array;
  unitCost: Float64Array;
  floor: Float64Array;
  department: Uint8Array;
  departmentId: string[];
  offerStatic: Required<Omit<OfferFeatures, 'discountShare' | 'marginAfterDiscount' | 'stockCoverDays'>>[];
  unitsPerDay: Float64Array;
  promosOf: number[][];
  promos: Promo[];
  customers: CustomerFeatures[];
  tierLevel: Uint8Array;
  segments: string[][];
  homeDistanceKm: Float64Array;
  locationIndex: Map<string, number>;
  storeCount: number;
  /** Available to promise (on hand − reserved − safety stock) per store, −1 where the store does not carry it. */
  storeStock: Int32Array[];
  storeAssortment: number[][];
  onlineStock: Int32Array;
  sessions: BenchSession[];
  /** The events of the sessions (BenchSession.eventsFrom/To). */
  events: SessionEventLog;
  /** Times of the sessions' purchase decisions (BenchSession.decisionsFrom/To), ms. */
  decisionAt: Float64Array;
}

/**
 * The intent features of the runs before the intent model (diagnostic `intentSource: 'latent'`
 * only): a softened one-hot of the session's TRUE latent intent, which no real system knows.
 */
export const LATENT_INTENT_FEATURES: Readonly<Record<LatentIntent, IntentProbabilities>> = {
  BROWSE: { browsing: 0.7, researching: 0.15, readyToBuy: 0.15 },
  SEARCH: { browsing: 0.15, researching: 0.7, readyToBuy: 0.15 },
  REORDER: { browsing: 0.15, researching: 0.15, readyToBuy: 0.7 },
};
/** The intent model's class that stands for each latent intent (for the accuracy diagnostic only). */
export const LATENT_TO_MODEL_INTENT: Record<LatentIntent, ModelIntent> = { BROWSE: 'BROWSING', SEARCH: 'RESEARCHING', REORDER: 'READY_TO_BUY' };
export const LATENT_INTENTS: readonly LatentIntent[] = ['BROWSE', 'SEARCH', 'REORDER'];

function haversineKm(lat1: number, lon1: number, lat2: number, lon2: number): number {
  const rad = Math.PI / 180;
  const a = Math.sin(((lat2 - lat1) * rad) / 2) ** 2 + Math.cos(lat1 * rad) * Math.cos(lat2 * rad) * Math.sin(((lon2 - lon1) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(a)));
}

const indexOf = (id: string) => Number(id.slice(id.indexOf('_') + 1)) - 1;

export function prepareMarket(size: WorldSize, now: Date = POLICY_BENCH_NOW): Market {
  const world = generateWorld({ ...size, now });
  const nowMs = now.getTime();
  const P = world.products.length;
  const C = world.customers.length;
  const D = DEPARTMENTS.length;
  const categories = new Map(world.categories.map((c) => [c.id, c]));
  const departmentIndex = new Map(DEPARTMENTS.map((d, i) => [`cat_${d.slug}`, i]));

  const price = new Float64Array(P);
  const unitCost = new Float64Array(P);
  const floor = new Float64Array(P);
  const department = new Uint8Array(P);
  const departmentId: string[] = new Array(P);
  world.products.forEach((p, i) => {
    const leaf = categories.get(p.categoryId)!;
    const deptId = leaf.parentId ?? leaf.id;
    price[i] = p.price;
    unitCost[i] = p.unitCost;
    floor[i] = p.marginFloor ?? leaf.marginFloor;
    department[i] = departmentIndex.get(deptId)!;
    departmentId[i] = deptId;
  });

  // Market signals: latest price per competitor, mention-weighted sentiment of the last 30 days.
  const latestCompetitor = new Map<string, { at: number; price: number }>();
  for (const row of world.competitorPrices) {
    const key = `${row.productId}|${row.competitor}`;
    const at = row.observedAt.getTime();
    const prev = latestCompetitor.get(key);
    if (!prev || prev.at < at) latestCompetitor.set(key, { at, price: row.price });
  }
  const cheapestCompetitor = new Float64Array(P).fill(Number.POSITIVE_INFINITY);
  for (const [key, v] of latestCompetitor) {
    const p = indexOf(key.slice(0, key.indexOf('|')));
    cheapestCompetitor[p] = Math.min(cheapestCompetitor[p]!, v.price);
  }
  const mentions = new Float64Array(P);
  const sentimentSum = new Float64Array(P);
  for (const row of world.socialSignals) {
    if (row.observedAt.getTime() < nowMs - 30 * DAY) continue;
    const p = indexOf(row.productId);
    mentions[p]! += row.mentions;
    sentimentSum[p]! += row.mentions * row.sentiment;
  }

  // The history: sales per product lately, per customer orders and spend, and the share of each
  // customer's product interactions per department; the sessions (customer + context) to replay,
  // each with its observable events (the interaction log of its session id) and its decision points.
  const units = new Float64Array(P);
  const salesWindowDays = Math.min(28, size.days);
  const orderCount = new Uint32Array(C);
  const totalSpend = new Float64Array(C);
  const lastOrder = new Float64Array(C).fill(Number.NaN);
  const deptCounts = new Float64Array(C * D);
  const sessions: BenchSession[] = [];
  const eventKind: number[] = [];
  const eventAt: number[] = [];
  const eventProduct: number[] = [];
  const decisionAt: number[] = [];
  let last = '';
  let current: BenchSession | null = null;
  let currentSessionId: string | null = null;
  for (const chunk of world.activity({ customersPerChunk: 5000, decisions: true })) {
    const placedAt = new Map<string, number>();
    for (const o of chunk.orders) {
      const c = indexOf(o.customerId);
      const at = o.placedAt.getTime();
      placedAt.set(o.id, at);
      if (o.status === 'CANCELLED') continue;
      orderCount[c]!++;
      totalSpend[c]! += o.total;
      if (!(lastOrder[c]! >= at)) lastOrder[c] = at;
    }
    for (const line of chunk.orderLines) {
      if (placedAt.get(line.orderId)! >= nowMs - salesWindowDays * DAY) units[indexOf(line.productId)]! += line.quantity;
    }
    for (const i of chunk.interactions) {
      if (i.productId === null || !(i.type === 'VIEW' || i.type === 'ADD_TO_CART' || i.type === 'PURCHASE')) continue;
      deptCounts[indexOf(i.customerId) * D + department[indexOf(i.productId)]!]!++;
    }
    // The chunk's interaction log by session id (time order), and which session each product view belongs to.
    const eventsOf = new Map<string, number[]>();
    const sessionOfView = new Map<string, string>();
    /** The customer's last session: the one its interaction budget may have cut short (the decisions of its cut views have no VIEW row). */
    const lastSessionOf = new Map<string, string>();
    chunk.interactions.forEach((e, k) => {
      if (e.sessionId === null) return;
      const list = eventsOf.get(e.sessionId);
      if (list) list.push(k);
      else eventsOf.set(e.sessionId, [k]);
      if (e.type === 'VIEW') sessionOfView.set(`${e.customerId}|${e.occurredAt.getTime()}|${e.productId}`, e.sessionId);
      const prev = lastSessionOf.get(e.customerId);
      if (prev === undefined || prev < e.sessionId) lastSessionOf.set(e.customerId, e.sessionId);
    });
    for (const d of chunk.decisions) {
      const x = d.context;
      const at = d.occurredAt.getTime();
      // The log clamps event times to the world's now; the decision keeps the unclamped time.
      const sessionId = sessionOfView.get(`${d.customerId}|${Math.min(at, nowMs)}|${d.offer.productId}`) ?? lastSessionOf.get(d.customerId) ?? null;
      const key = `${d.customerId}|${x.channel}|${x.device}|${x.hour}|${x.weekday}|${x.locationId ?? ''}|${x.intent}`;
      if (key === last) {
        // views of one session share the context; each is a decision point of it (not those of a
        // next session with the same context, which the replay merges into this one)
        if (sessionId === currentSessionId) {
          decisionAt.push(at);
          current!.decisionsTo++;
        }
        continue;
      }
      last = key;
      const eventsFrom = eventKind.length;
      for (const k of sessionId === null ? [] : (eventsOf.get(sessionId) ?? [])) {
        const e = chunk.interactions[k]!;
        eventKind.push(EVENT_KIND[e.type] ?? OTHER_EVENT);
        eventAt.push(e.occurredAt.getTime());
        eventProduct.push(e.productId === null ? -1 : indexOf(e.productId));
      }
      current = {
        customer: indexOf(d.customerId),
        context: { channel: x.channel, device: x.device, hour: x.hour, weekday: x.weekday, locationId: x.locationId ?? null, intent: x.intent ?? 'BROWSE' },
        eventsFrom,
        eventsTo: eventKind.length,
        decisionsFrom: decisionAt.length,
        decisionsTo: decisionAt.length + 1,
      };
      currentSessionId = sessionId;
      decisionAt.push(at);
      sessions.push(current);
    }
  }
  const unitsPerDay = units.map((u) => u / salesWindowDays);

  const brandTier = new Map(world.brands.map((b) => [b.id, b.tier]));
  const offerStatic = world.products.map((p, i) => ({
    categoryId: departmentId[i]!,
    // Where the price sits in its category's band (the catalogue's price bands are observable).
    pricePosition: Math.log(p.price / Math.sqrt(categories.get(p.categoryId)!.priceLow * categories.get(p.categoryId)!.priceHigh)),
    brandTier: brandTier.get(p.brandId) ?? null,
    reviewCount: p.reviewCount,
    price: p.price,
    competitorGap: Number.isFinite(cheapestCompetitor[i]!) ? (p.price - cheapestCompetitor[i]!) / cheapestCompetitor[i]! : null,
    lifecycle: p.lifecycle,
    rating: p.rating,
    sentiment: mentions[i]! > 0 ? sentimentSum[i]! / mentions[i]! : null,
  }));

  // Promotions and the products each one targets (a product, a leaf or department category, or a brand).
  const byCategory = new Map<string, number[]>();
  const byBrand = new Map<string, number[]>();
  world.products.forEach((p, i) => {
    for (const key of [p.categoryId, departmentId[i]!]) byCategory.set(key, [...(byCategory.get(key) ?? []), i]);
    byBrand.set(p.brandId, [...(byBrand.get(p.brandId) ?? []), i]);
  });
  const promosOf: number[][] = Array.from({ length: P }, () => []);
  const promos: Promo[] = world.promotions.map((row, k) => {
    const targets = row.productId ? [indexOf(row.productId)] : row.categoryId ? (byCategory.get(row.categoryId) ?? []) : (byBrand.get(row.brandId!) ?? []);
    for (const p of targets) promosOf[p]!.push(k);
    return {
      row,
      tierMask: row.eligibleTiers.length === 0 ? 0xff : row.eligibleTiers.reduce((m, t) => m | (1 << LOYALTY_TIERS.indexOf(t)), 0),
      constraint: { id: row.id, approved: row.status === 'APPROVED', startsAt: row.startsAt.getTime(), endsAt: row.endsAt.getTime(), channels: row.channels },
    };
  });

  // Customers as the CRM and the history describe them (no latent trait).
  const tierLevel = new Uint8Array(C);
  const homeDistanceKm = new Float64Array(C).fill(Number.NaN);
  const locationIndex = new Map(world.locations.map((l, i) => [l.id, i]));
  const customers = world.customers.map((row, c): CustomerFeatures => {
    tierLevel[c] = LOYALTY_TIERS.indexOf(row.loyaltyTier);
    const home = row.homeStoreId ? world.locations[locationIndex.get(row.homeStoreId)!] : undefined;
    if (home && row.homeLat !== null && row.homeLon !== null) homeDistanceKm[c] = haversineKm(row.homeLat, row.homeLon, home.lat, home.lon);
    let total = 0;
    for (let d = 0; d < D; d++) total += deptCounts[c * D + d]!;
    const categoryAffinity = new Map<string, number>();
    if (total > 0) DEPARTMENTS.forEach((dep, d) => deptCounts[c * D + d]! > 0 && categoryAffinity.set(`cat_${dep.slug}`, deptCounts[c * D + d]! / total));
    return {
      age: row.birthYear === null ? null : now.getUTCFullYear() - row.birthYear,
      incomeBand: row.incomeBand,
      loyaltyTier: tierLevel[c]!,
      priceSensitivity: row.priceSensitivity,
      daysSinceLastPurchase: Number.isNaN(lastOrder[c]!) ? null : (nowMs - lastOrder[c]!) / DAY,
      orderCount: orderCount[c]!,
      totalSpend: totalSpend[c]!,
      categoryAffinity,
      segments: row.segments,
    };
  });

  // Stock: available to promise per store, and the warehouses' total for online orders.
  const storeCount = size.stores;
  const storeStock = Array.from({ length: storeCount }, () => new Int32Array(P).fill(-1));
  const onlineStock = new Int32Array(P);
  for (const row of world.stockLevels) {
    const loc = locationIndex.get(row.locationId)!;
    const p = indexOf(row.productId);
    const atp = row.onHand - row.reserved - row.safetyStock;
    if (loc < storeCount) storeStock[loc]![p] = atp;
    else onlineStock[p]! += Math.max(0, atp);
  }
  const storeAssortment = storeStock.map((stock) => {
    const out: number[] = [];
    stock.forEach((v, p) => v !== -1 && out.push(p));
    return out;
  });

  return {
    world,
    nowMs,
    productIds: world.products.map((p) => p.id),
    price,
    unitCost,
    floor,
    department,
    departmentId,
    offerStatic,
    unitsPerDay,
    promosOf,
    promos,
    customers,
    tierLevel,
    segments: world.customers.map((c) => c.segments),
    homeDistanceKm,
    locationIndex,
    storeCount,
    storeStock,
    storeAssortment,
    onlineStock,
    sessions,
    events: { kind: Uint8Array.from(eventKind), at: Float64Array.from(eventAt), product: Int32Array.from(eventProduct) },
    decisionAt: Float64Array.from(decisionAt),
  };
}

// ---------------------------------------------------------------- the session stream

/** One offer of a session: a product with one promotion (or none). Static for the session. */
export interface Offer {
  offerId: string;
  product: number;
  promo: number; // −1 for none
  /** Share of the price taken off, as the shopper perceives it. */
  share: number;
  /** Money off one unit. */
  discount: number;
  margin: number;
  /** True purchase probability (oracle). */
  p: number;
  /** Common random number of the product in this session: bought iff u < p, for every policy. */
  u: number;
}

/** What one policy changes in the world: stock, budget spend, exposures. */
class MarketState {
  readonly storeStock: Int32Array[];
  readonly onlineStock: Int32Array;
  readonly spentAmount: Float64Array;
  readonly spentUnits: Float64Array;
  private readonly exposures = new Map<number, Map<string, number[]>>();

  constructor(market: Market) {
    this.storeStock = market.storeStock.map((s) => Int32Array.from(s));
    this.onlineStock = Int32Array.from(market.onlineStock);
    this.spentAmount = Float64Array.from(market.promos, (p) => p.row.spentAmount);
    this.spentUnits = Float64Array.from(market.promos, (p) => p.row.spentUnits);
  }

  exposuresOf(customer: number, now: number, windowMs: number): Map<string, number> {
    const out = new Map<string, number>();
    const seen = this.exposures.get(customer);
    if (!seen) return out;
    for (const [key, times] of seen) {
      let n = 0;
      for (const t of times) if (t > now - windowMs) n++;
      if (n > 0) out.set(key, n);
    }
    return out;
  }

  expose(customer: number, key: string, now: number): void {
    let seen = this.exposures.get(customer);
    if (!seen) this.exposures.set(customer, (seen = new Map()));
    const times = seen.get(key);
    if (times) times.push(now);
    else seen.set(key, [now]);
  }
}

export interface Decision {
  /** Indexes into the session's candidate list. */
  indexes: number[];
  /** Per index: what to learn from (the features logged with the decision). */
  features?: Float64Array[];
}

export interface BenchPolicy {
  name: PolicyName;
  choose(request: SessionRequest): Decision;
  learn?(request: SessionRequest, decision: Decision, rewards: readonly number[]): void;
}

export interface SessionRequest {
  customer: CustomerFeatures;
  context: ContextFeatures;
  /** Index of the customer in the world, and the session's context as the simulator knows it (diagnostics). */
  customerIndex: number;
  session: BenchSession;
  candidates: RankCandidate[];
  offers: Offer[];
  now: number;
  exposures: Map<string, number>;
  constraintContext: ConstraintContext;
  slateSize: number;
}

export class EnginePolicy implements BenchPolicy {
  readonly policy: OfferPolicy;
  private readonly position = new Map<RankCandidate, number>();

  constructor(
    readonly name: PolicyName,
    config: Partial<OfferPolicyConfig>,
    random: RandomSource,
    private readonly learns: boolean,
  ) {
    this.policy = new OfferPolicy(config, random);
  }

  choose(req: SessionRequest): Decision {
    const result = this.policy.rank({ customer: req.customer, context: req.context, candidates: req.candidates, limit: req.slateSize, now: req.now, exposures: req.exposures });
    this.position.clear();
    req.candidates.forEach((c, i) => this.position.set(c, i));
    return { indexes: result.offers.map((o) => this.position.get(o.candidate)!), features: result.offers.map((o) => o.features) };
  }

  learn(req: SessionRequest, decision: Decision, rewards: readonly number[]): void {
    if (!this.learns) return;
    decision.indexes.forEach((index, k) => this.policy.update(req.candidates[index]!.offerId, decision.features![k]!, rewards[k]!));
  }
}

/** Feature name, as SHARED_FEATURES spells it. */
export type SharedFeatureName = (typeof SHARED_FEATURES)[number][0];

/**
 * Inputs a variant can withhold from the policy (made unknown, as the product would pass them
 * when the catalogue or the CRM lacks them), and the shared features that are then 0 for every
 * candidate, so the model neither learns nor scores them: an exact ablation of those features
 * (engine/test/policyBench.test.ts checks that exactly these columns go to 0).
 */
export const WITHHELD_INPUTS = {
  pricePosition: { label: 'price position in its category', features: ['pricePosition', 'priceSensitivityXPosition'] },
  brandTier: { label: 'brand tier', features: ['brandTier', 'brandTierXIncome', 'brandTierXPremium'] },
  segments: { label: "the 'premium' and 'deal-seeker' segments", features: ['brandTierXPremium', 'discountXDealSeeker'] },
  salesAndReviews: { label: 'sales rate and review count', features: ['salesRate', 'reviews'] },
} as const satisfies Record<string, { label: string; features: readonly SharedFeatureName[] }>;
export type WithheldInput = keyof typeof WITHHELD_INPUTS;

/** A variant of the LinUCB policy played on the same stream (a diagnostic: ablation, tuning, the true intent). */
export interface PolicyVariant {
  name: string;
  label: string;
  /** Merged over the run's LinUCB configuration (nested objects replace, so give them whole). */
  config?: Partial<OfferPolicyConfig>;
  /** Inputs withheld from the policy. */
  withhold?: readonly WithheldInput[];
  /** 'latent': the policy is given the softened one-hot of the session's TRUE intent (LATENT_INTENT_FEATURES) instead of the intent model's reading. */
  intent?: 'latent';
}

/** The request as a variant's policy sees it: inputs withheld, the intent replaced. */
export function variantView(variant: PolicyVariant, req: SessionRequest): SessionRequest {
  const withheld = new Set(variant.withhold ?? []);
  const customer = withheld.has('segments') ? { ...req.customer, segments: [] } : req.customer;
  const context = variant.intent === 'latent' ? { ...req.context, intent: LATENT_INTENT_FEATURES[req.session.context.intent ?? 'BROWSE'] } : req.context;
  const offerChanged = withheld.has('pricePosition') || withheld.has('brandTier') || withheld.has('salesAndReviews');
  const candidates = !offerChanged
    ? req.candidates
    : req.candidates.map((c) => ({
        ...c,
        offer: {
          ...c.offer,
          ...(withheld.has('pricePosition') ? { pricePosition: null } : {}),
          ...(withheld.has('brandTier') ? { brandTier: null } : {}),
          ...(withheld.has('salesAndReviews') ? { reviewCount: null } : {}),
        },
        // in learning mode the policy reads popularity only as the salesRate feature (0 when not > 0)
        popularity: withheld.has('salesAndReviews') ? 0 : c.popularity,
      }));
  return { ...req, customer, context, candidates };
}

/** An EnginePolicy that sees each request through variantView. */
class VariantPolicy implements BenchPolicy {
  readonly name: PolicyName;
  private readonly engine: EnginePolicy;
  private last: { request: SessionRequest; view: SessionRequest } | null = null;

  constructor(readonly variant: PolicyVariant, linucb: Partial<OfferPolicyConfig>, random: RandomSource) {
    this.name = variant.name;
    this.engine = new EnginePolicy(variant.name, { ...linucb, ...variant.config }, random, true);
  }

  get policy(): OfferPolicy {
    return this.engine.policy;
  }

  private view(req: SessionRequest): SessionRequest {
    if (this.last?.request !== req) this.last = { request: req, view: variantView(this.variant, req) };
    return this.last.view;
  }

  choose(req: SessionRequest): Decision {
    return this.engine.choose(this.view(req));
  }

  learn(req: SessionRequest, decision: Decision, rewards: readonly number[]): void {
    this.engine.learn(this.view(req), decision, rewards);
  }
}

/** Uniformly random among the eligible candidates (same diversity rules as the engine's slate). */
class UniformPolicy implements BenchPolicy {
  readonly name = 'uniform';
  constructor(private readonly random: RandomSource, private readonly maxPerCategory: number) {}

  choose(req: SessionRequest): Decision {
    const { eligible } = applyHardConstraints(req.candidates.map((c) => c.constraint), req.constraintContext);
    const scores = new Float64Array(eligible.length);
    const picks = selectSlate(scores, eligible.map((i) => req.candidates[i]!.offer.categoryId), {
      size: req.slateSize,
      maxPerGroup: this.maxPerCategory,
      exploration: { kind: 'epsilon-greedy', epsilon: 1 },
      random: this.random,
      exclusive: eligible.map((i) => req.candidates[i]!.productId),
    });
    return { indexes: picks.map((p) => eligible[p.index]!) };
  }
}

/** Greedy on a score of each eligible offer (the oracle: true p × margin). */
export class ScorePolicy implements BenchPolicy {
  constructor(
    readonly name: PolicyName,
    private readonly random: RandomSource,
    private readonly maxPerCategory: number,
    private readonly score: (req: SessionRequest, index: number) => number,
  ) {}

  choose(req: SessionRequest): Decision {
    const { eligible } = applyHardConstraints(req.candidates.map((c) => c.constraint), req.constraintContext);
    const scores = Float64Array.from(eligible, (i) => this.score(req, i));
    const picks = selectSlate(scores, eligible.map((i) => req.candidates[i]!.offer.categoryId), {
      size: req.slateSize,
      maxPerGroup: this.maxPerCategory,
      exploration: { kind: 'greedy' },
      random: this.random,
      exclusive: eligible.map((i) => req.candidates[i]!.productId),
    });
    return { indexes: picks.map((p) => eligible[p.index]!) };
  }
}

/**
 * The bench's own check of one shown offer (written apart from the engine's constraints.ts): the
 * first hard constraint it breaks, or null. Reads the promotion's row, the product's price, cost
 * and floor, and the policy's stock, budget spend and exposures.
 */
function recheck(
  market: Market,
  state: MarketState,
  o: Offer,
  at: { now: number; channel: Channel; stock: Int32Array; exposures: ReadonlyMap<string, number>; frequencyCap: number; safetyLevel: number },
): RemovalReason | null {
  if (o.promo >= 0) {
    const row = market.promos[o.promo]!.row;
    if (row.status !== 'APPROVED') return 'PROMOTION_NOT_APPROVED';
    if (at.now < row.startsAt.getTime() || at.now >= row.endsAt.getTime()) return 'PROMOTION_OUT_OF_WINDOW';
    if (!row.channels.includes(at.channel)) return 'CHANNEL_NOT_ELIGIBLE';
    if (row.budgetAmount !== null && row.budgetAmount - state.spentAmount[o.promo]! < o.discount) return 'BUDGET_EXHAUSTED';
    if (row.budgetUnits !== null && row.budgetUnits - state.spentUnits[o.promo]! < 1) return 'BUDGET_EXHAUSTED';
    if ((at.exposures.get(row.id) ?? 0) >= at.frequencyCap) return 'FREQUENCY_CAP';
  } else if ((at.exposures.get(o.offerId) ?? 0) >= at.frequencyCap) return 'FREQUENCY_CAP';
  const net = market.price[o.product]! - o.discount;
  if (!(net > 0) || (net - market.unitCost[o.product]!) / net < market.floor[o.product]!) return 'BELOW_MARGIN_FLOOR';
  if (!(at.stock[o.product]! > at.safetyLevel)) return 'INSUFFICIENT_STOCK';
  return null;
}

// ---------------------------------------------------------------- session intent, as the product infers it

const emptySummary = (): SessionSummary => ({ views: 0, searches: 0, addToCarts: 0, removeFromCarts: 0, checkoutStarts: 0, distinctProducts: 0, repeatViews: 0, minutes: 0 });
/** Kinds after which the tracker keeps a checkpoint to learn from: VIEW, SEARCH, ADD_TO_CART, REMOVE_FROM_CART. */
const CHECKPOINT_KIND = [true, true, true, true, false, false, false];
/** Kinds that settle the session's intent as soon as they happen: CHECKOUT_START, PURCHASE. */
const RESOLVING_KIND = [false, false, false, false, true, true, false];
/** Kinds about a product of this session: VIEW, ADD_TO_CART, REMOVE_FROM_CART, PURCHASE. */
const PRODUCT_KIND = [true, false, true, true, false, true, false];
const MAX_CHECKPOINTS = 8;

/**
 * What the product knows of a session's intent (subgraphs/offers' SessionIntentTracker, rebuilt
 * here because engine/ may not import a subgraph): the session's observable events (from the
 * history's interaction log, by session id) folded into a SessionSummary the way the tracker folds
 * them, the engine's IntentModel's probabilities for the summary of the events before the decision
 * point, and online training once the session has ended: a checkpoint summary after each progress
 * event (at most 8, evenly thinned), each labelled by labelSession with how the session went (it
 * resolves at its first CHECKOUT_START or PURCHASE, else at its last event). It never reads the
 * session's latent intent.
 */
export class SessionIntentReplay {
  readonly model: IntentModel;

  constructor(
    private readonly market: Market,
    config: Partial<IntentModelConfig> = {},
  ) {
    this.model = new IntentModel(config);
  }

  /** The summary of the session's events before `before` (ms), as the tracker holds it then, and how many events it folded. */
  summaryBefore(session: BenchSession, before: number): { summary: SessionSummary; events: number } {
    // The log clamps event times to the world's now: at or after it, which came first is unknown.
    const { summary, events } = this.fold(session, Math.min(before, this.market.nowMs), false);
    return { summary, events };
  }

  /** The session has ended: train on its checkpoints with the label of how it went; returns the label (null: nothing to learn from). */
  learn(session: BenchSession): ModelIntent | null {
    return this.fold(session, Number.POSITIVE_INFINITY, true).label;
  }

  private fold(session: BenchSession, before: number, train: boolean): { summary: SessionSummary; events: number; label: ModelIntent | null } {
    const { kind, at, product } = this.market.events;
    const s = emptySummary();
    const viewed = new Map<number, boolean>();
    const checkpoints: SessionSummary[] = [];
    let stride = 1;
    let progress = 0;
    let events = 0;
    let firstAt = Number.POSITIVE_INFINITY;
    let lastAt = Number.NEGATIVE_INFINITY;
    let purchased = false;
    const resolve = (): ModelIntent | null => {
      if (checkpoints.length === 0) return null;
      const intent = labelSession({ ...s, purchased });
      for (const summary of checkpoints) this.model.update(summary, intent);
      return intent;
    };
    for (let e = session.eventsFrom; e < session.eventsTo; e++) {
      const t = at[e]!;
      if (!(t < before)) break; // the session's events are in time order
      const k = kind[e]!;
      events++;
      firstAt = Math.min(firstAt, t);
      lastAt = Math.max(lastAt, t);
      s.minutes = (lastAt - firstAt) / 60_000;
      if (k === 0) s.views++;
      else if (k === 1) s.searches++;
      else if (k === 2) s.addToCarts++;
      else if (k === 3) s.removeFromCarts++;
      else if (k === 4) s.checkoutStarts++;
      else if (k === 5) purchased = true;
      const p = product[e]!;
      if (PRODUCT_KIND[k] && p >= 0) {
        const seen = viewed.get(p);
        if (seen === undefined) {
          s.distinctProducts++;
          viewed.set(p, k === 0);
        } else if (k === 0) {
          if (seen) s.repeatViews++;
          else viewed.set(p, true);
        }
      }
      if (!train) continue;
      if (RESOLVING_KIND[k]) return { summary: s, events, label: resolve() };
      if (CHECKPOINT_KIND[k] && progress++ % stride === 0) {
        checkpoints.push({ ...s });
        if (checkpoints.length > MAX_CHECKPOINTS) {
          const kept = checkpoints.filter((_, i) => i % 2 === 0);
          checkpoints.length = 0;
          checkpoints.push(...kept);
          stride *= 2;
        }
      }
    }
    return { summary: s, events, label: train ? resolve() : null };
  }
}

/** How well the intent the policies saw matches the session's latent intent (a diagnostic: nothing learns from it). */
export interface IntentDiagnostics {
  /** What the policies saw as intent features: the intent model's probabilities, or (diagnostic) the softened true intent. */
  source: 'model' | 'latent';
  /** Sessions per latent intent. */
  latent: Record<LatentIntent, number>;
  /** Share of sessions whose most probable predicted intent is the latent intent's counterpart (BROWSE → BROWSING, SEARCH → RESEARCHING, REORDER → READY_TO_BUY). */
  accuracy: number;
  /** The same over the second half of the sessions, once the model has trained on the first. */
  accuracyLate: number;
  /** Mean over latent intents of the share of its sessions predicted as its counterpart. */
  balancedAccuracy: number;
  /** Accuracy of always answering the most common latent intent. */
  majorityBaseline: number;
  /** Sessions per latent intent (rows) and predicted intent (columns). */
  confusion: Record<LatentIntent, Record<ModelIntent, number>>;
  /** Mean probabilities the policies were given, per latent intent. */
  meanProbabilities: Record<LatentIntent, IntentProbabilities>;
  /** Training labels (labelSession of how each played session ended) per latent intent. */
  labels: Record<LatentIntent, Record<ModelIntent, number>>;
  /** Share of labelled sessions whose label is the latent intent's counterpart. */
  labelAgreement: number;
  /** Mean observable events before the decision point. */
  meanEventsBefore: number;
  /** Sessions whose decision point had no event before it (the model's prior only). */
  noEventsBefore: number;
  modelUpdates: number;
  /** Searches in the played sessions' event logs, per latent intent. */
  searches: Record<LatentIntent, SearchCounts>;
}

function intentCounter<T>(make: () => T): Record<LatentIntent, T> {
  return { BROWSE: make(), SEARCH: make(), REORDER: make() };
}
const modelIntentCounts = (): Record<ModelIntent, number> => ({ BROWSING: 0, RESEARCHING: 0, READY_TO_BUY: 0 });

/** The ε-greedy baseline: the same model, features and arms as the LinUCB policy, with α = 0 (the ridge mean) and ε = 0.1 everywhere. */
export function epsilonGreedyConfig(linucb: Partial<OfferPolicyConfig>): Partial<OfferPolicyConfig> {
  const base = { ...DEFAULT_POLICY, ...linucb };
  const eps = { kind: 'epsilon-greedy', epsilon: 0.1 } as const;
  return {
    ...linucb,
    linucb: { ...base.linucb, alpha: 0 },
    channels: Object.fromEntries(Object.entries(base.channels).map(([ch, c]) => [ch, { ...c, exploration: eps }])),
    defaultChannel: { ...base.defaultChannel, exploration: eps },
  };
}

export function runPolicyBench(market: Market, options: PolicyBenchOptions, prepareMs = 0): PolicyBenchResult {
  const started = performance.now();
  const names = options.policies ?? POLICY_NAMES;
  const linucbConfig = { ...DEFAULT_POLICY, ...options.linucb };
  const capWindowMs = options.capWindowDays * DAY;
  // Each policy explores with its own stream, seeded from the run's seed and its name.
  const randomOf = (name: string) => seededRandom((Math.imul(options.seed, 0x9e3779b1) ^ hashName(name)) >>> 0);
  const policies: BenchPolicy[] = names.map((name) => {
    const random = randomOf(name);
    switch (name) {
      case 'linucb':
        return new EnginePolicy(name, options.linucb, random, true);
      case 'linucb-before':
        return new EnginePolicy(name, { ...options.linucb, ...BEFORE_CONFIG }, random, true);
      case 'epsilon-greedy':
        return new EnginePolicy(name, epsilonGreedyConfig(options.linucb), random, true);
      case 'best-sellers':
        return new EnginePolicy(name, { ...options.linucb, mode: 'best-sellers' }, random, false);
      case 'uniform':
        return new UniformPolicy(random, linucbConfig.maxPerCategory);
      case 'oracle':
        return new ScorePolicy('oracle', random, linucbConfig.maxPerCategory, (req, i) => req.offers[i]!.p * req.offers[i]!.margin);
      default:
        throw new RangeError(`unknown policy ${name}`);
    }
  });
  for (const v of options.variants ?? []) policies.push(new VariantPolicy(v, options.linucb, randomOf(v.name)));
  policies.push(...(options.extraPolicies?.(market) ?? []));
  const variantLabels = new Map((options.variants ?? []).map((v) => [v.name, v.label]));
  const states = policies.map(() => new MarketState(market));
  const metrics: PolicyMetrics[] = policies.map((p) => ({
    name: p.name,
    label: POLICY_LABELS[p.name] ?? variantLabels.get(p.name) ?? p.name,
    margin: 0,
    expectedMargin: 0,
    shown: 0,
    conversions: 0,
    conversionRate: 0,
    items: 0,
    basketSize: 0,
    regret: 0,
    violations: 0,
    violationReasons: {},
    promotedShare: 0,
    discountSpent: 0,
    decisionMs: 0,
    meanPriceShown: 0,
    shownByDepartment: {},
    curve: [],
  }));
  const promoted = new Float64Array(policies.length);
  const removals: Partial<Record<RemovalReason, number>> = {};
  let candidateTotal = 0;
  let eligibleTotal = 0;

  // The session intent: one model for the whole stream, the same for every policy (it learns from
  // the replayed sessions' own events, not from what a policy showed).
  const intentSource = options.intentSource ?? 'model';
  const intents = new SessionIntentReplay(market, options.intentModel);
  const intentStats = {
    latent: intentCounter(() => 0),
    confusion: intentCounter(modelIntentCounts),
    probabilitySums: intentCounter(() => ({ browsing: 0, researching: 0, readyToBuy: 0 })),
    labels: intentCounter(modelIntentCounts),
    hits: 0,
    lateHits: 0,
    eventsBefore: 0,
    noEventsBefore: 0,
    searches: intentCounter(() => ({ sessions: 0, startWithSearch: 0, withSearch: 0, searches: 0 })),
  };

  const stream = seededRandom(options.seed >>> 0);
  const N = options.sessions;
  const every = Math.max(1, Math.round(N / options.samples));
  const horizonMs = options.horizonDays * DAY;
  const onlinePool = Array.from(market.productIds, (_, i) => i);
  const picked = new Set<number>();

  for (let s = 0; s < N; s++) {
    const now = market.nowMs + Math.floor(((s + 0.5) * horizonMs) / N);
    const session = market.sessions[Math.floor(stream.next() * market.sessions.length)]!;
    const c = session.customer;
    const customerId = market.world.customers[c]!.id;
    const ctx = session.context;
    const channel = ctx.channel as Channel;
    const store = channel === 'STORE' && ctx.locationId ? market.locationIndex.get(ctx.locationId)! : -1;
    const pool = store >= 0 ? market.storeAssortment[store]! : onlinePool;

    // The session's candidates: products drawn uniformly from what the location carries, each
    // without promotion and with every promotion that targets it and the shopper's tier and segments.
    picked.clear();
    const want = Math.min(options.productsPerSession, pool.length);
    while (picked.size < want) picked.add(pool[Math.floor(stream.next() * pool.length)]!);
    const offers: Offer[] = [];
    for (const p of picked) {
      const u = commonUniform(options.seed, s, p);
      const add = (promo: number, share: number) => {
        const discount = Math.round(share * market.price[p]! * 100) / 100;
        offers.push({ offerId: `${market.productIds[p]}|${promo < 0 ? '-' : market.promos[promo]!.row.id}`, product: p, promo, share, discount, margin: market.price[p]! - discount - market.unitCost[p]!, p: 0, u });
      };
      add(-1, 0);
      for (const k of market.promosOf[p]!) {
        const promo = market.promos[k]!;
        if (!(promo.tierMask & (1 << market.tierLevel[c]!))) continue;
        if (promo.row.eligibleSegments.length > 0 && !promo.row.eligibleSegments.some((seg) => market.segments[c]!.includes(seg))) continue;
        const share = discountShare(promo.row.type, promo.row.depth, market.price[p]!, channel);
        if (share > 0) add(k, share);
      }
    }
    for (const o of offers) o.p = purchaseProbability(market.world, customerId, ctx, { productId: market.productIds[o.product]!, discount: Math.min(1, o.share) });
    candidateTotal += offers.length;

    // The decision point: one of the session's product views (a draw of its own, so the stream's
    // draws stay as they were); the intent from the session's observable events before it.
    const decisions = session.decisionsTo - session.decisionsFrom;
    const decidedAt = market.decisionAt[session.decisionsFrom + Math.min(decisions - 1, Math.floor(commonUniform(options.seed ^ DECISION_POINT_SALT, s, 0) * decisions))]!;
    const before = intents.summaryBefore(session, decidedAt);
    const predicted = intents.model.predict(before.summary);
    const latentIntent = ctx.intent ?? 'BROWSE';
    const intent = intentSource === 'latent' ? LATENT_INTENT_FEATURES[latentIntent] : predicted;
    noteIntent(intentStats, latentIntent, predicted, before.events, s >= N / 2);
    noteSearches(intentStats, market.events, session, latentIntent);

    const distance = store >= 0 ? 0 : Number.isNaN(market.homeDistanceKm[c]!) ? null : market.homeDistanceKm[c]!;
    const context = { channel, device: ctx.device, localHour: ctx.hour, weekday: ctx.weekday, distanceToStoreKm: distance, sessionDepth: 0, intent };

    // What the product knows about each offer (shared by the policies; stock cover from the stock at the start of the run).
    const baseStock = store >= 0 ? market.storeStock[store]! : market.onlineStock;
    const offerFeatures = offers.map((o): OfferFeatures => {
      const st = market.offerStatic[o.product]!;
      const net = market.price[o.product]! - o.discount;
      const available = baseStock[o.product]!;
      return {
        categoryId: st.categoryId,
        price: st.price,
        competitorGap: st.competitorGap,
        lifecycle: st.lifecycle,
        rating: st.rating,
        sentiment: st.sentiment,
        pricePosition: st.pricePosition,
        brandTier: st.brandTier,
        reviewCount: st.reviewCount,
        discountShare: o.share,
        marginAfterDiscount: net > 0 ? o.margin / net : -1,
        stockCoverDays: available > 0 ? available / Math.max(0.05, market.unitsPerDay[o.product]! * (store >= 0 ? 1 / market.storeCount : 1)) : 0,
      };
    });

    for (let k = 0; k < policies.length; k++) {
      const policy = policies[k]!;
      const state = states[k]!;
      const m = metrics[k]!;
      const stock = store >= 0 ? state.storeStock[store]! : state.onlineStock;
      const candidates = offers.map((o, i): RankCandidate => {
        const promo = o.promo >= 0 ? market.promos[o.promo]! : null;
        return {
          offerId: o.offerId,
          productId: market.productIds[o.product]!,
          promotionId: promo ? promo.row.id : null,
          offer: offerFeatures[i]!,
          constraint: {
            offerId: o.offerId,
            price: market.price[o.product]!,
            unitCost: market.unitCost[o.product]!,
            discount: o.discount,
            marginFloor: market.floor[o.product]!,
            available: stock[o.product]!,
            promotion: promo
              ? {
                  id: promo.constraint.id,
                  approved: promo.constraint.approved,
                  startsAt: promo.constraint.startsAt,
                  endsAt: promo.constraint.endsAt,
                  channels: promo.constraint.channels,
                  budgetAmountLeft: promo.row.budgetAmount === null ? null : promo.row.budgetAmount - state.spentAmount[o.promo]!,
                  budgetUnitsLeft: promo.row.budgetUnits === null ? null : promo.row.budgetUnits - state.spentUnits[o.promo]!,
                }
              : null,
          },
          budget: promo && promo.row.budgetAmount !== null ? { budget: promo.row.budgetAmount, spent: state.spentAmount[o.promo]!, startsAt: promo.constraint.startsAt, endsAt: promo.constraint.endsAt } : null,
          // Best sellers shows a product with its deepest promotion (as a shop applies the best live one).
          popularity: market.unitsPerDay[o.product]! + 1e-6 * o.share,
          overstock: 0,
          underperforming: false,
        };
      });
      const exposures = state.exposuresOf(c, now, capWindowMs);
      const constraintContext: ConstraintContext = { now, channel, safetyLevel: linucbConfig.safetyLevel, exposures, frequencyCap: linucbConfig.frequencyCap };
      if (k === 0) {
        const { eligible, removed } = applyHardConstraints(candidates.map((x) => x.constraint), constraintContext);
        eligibleTotal += eligible.length;
        for (const r of removed) removals[r.reason] = (removals[r.reason] ?? 0) + 1;
      }
      const request: SessionRequest = { customer: market.customers[c]!, context, customerIndex: c, session, candidates, offers, now, exposures, constraintContext, slateSize: options.slateSize };
      const t0 = performance.now();
      const decision = policy.choose(request);
      m.decisionMs += performance.now() - t0;

      // Independent re-check of every shown offer, from the world's rows and this policy's state as
      // they were when it decided (not from the candidate objects the policy was handed).
      const products = new Set<number>();
      for (const index of decision.indexes) {
        const o = offers[index];
        const reason = o === undefined ? 'NOT_A_CANDIDATE' : products.has(o.product) ? 'DUPLICATE_PRODUCT' : recheck(market, state, o, { now, channel, stock, exposures, frequencyCap: linucbConfig.frequencyCap, safetyLevel: linucbConfig.safetyLevel });
        if (o !== undefined) products.add(o.product);
        if (reason) {
          m.violations++;
          m.violationReasons[reason] = (m.violationReasons[reason] ?? 0) + 1;
        }
      }

      // Outcomes: each shown offer bought with its true probability (the session's common draw).
      const rewardConfig = policy instanceof EnginePolicy || policy instanceof VariantPolicy ? policy.policy.config.reward : linucbConfig.reward;
      const rewards: number[] = [];
      let bought = 0;
      for (const index of decision.indexes) {
        const o = offers[index]!;
        m.shown++;
        m.meanPriceShown += market.price[o.product]!; // a sum until the end of the run
        const department = DEPARTMENTS[market.department[o.product]!]!.name;
        m.shownByDepartment[department] = (m.shownByDepartment[department] ?? 0) + 1;
        m.expectedMargin += o.p * o.margin;
        if (o.promo >= 0) promoted[k]!++;
        const purchase = o.u < o.p;
        rewards.push(purchase ? rewardOf([{ kind: 'PURCHASE', margin: o.margin }], rewardConfig) : rewardOf([], rewardConfig));
        state.expose(c, o.promo >= 0 ? market.promos[o.promo]!.row.id : o.offerId, now);
        if (!purchase) continue;
        bought++;
        m.margin += o.margin;
        stock[o.product]!--;
        if (o.promo >= 0) {
          state.spentAmount[o.promo]! += o.discount;
          state.spentUnits[o.promo]!++;
          m.discountSpent += o.discount;
        }
      }
      if (bought > 0) m.conversions++;
      m.items += bought;
      policy.learn?.(request, decision, rewards);
    }

    // The session has ended: the intent model learns how it went (from its events, not its latent intent).
    const label = intents.learn(session);
    if (label !== null) intentStats.labels[latentIntent][label]++;

    if ((s + 1) % every === 0 || s === N - 1) {
      const oracle = metrics.find((m) => m.name === 'oracle');
      for (const m of metrics) {
        const expected = round(m.expectedMargin);
        m.curve.push({ sessions: s + 1, margin: round(m.margin), expectedMargin: expected, conversions: m.conversions, items: m.items, regret: oracle ? round(round(oracle.expectedMargin) - expected) : 0 });
      }
    }
    options.onProgress?.(s + 1, N);
  }

  const oracle = metrics.find((m) => m.name === 'oracle');
  const oracleExpected = oracle ? round(oracle.expectedMargin) : 0;
  metrics.forEach((m, k) => {
    m.conversionRate = m.conversions / N;
    m.basketSize = m.conversions > 0 ? m.items / m.conversions : 0;
    m.promotedShare = m.shown > 0 ? promoted[k]! / m.shown : 0;
    m.margin = round(m.margin);
    m.expectedMargin = round(m.expectedMargin);
    m.regret = oracle ? round(oracleExpected - m.expectedMargin) : 0;
    m.discountSpent = round(m.discountSpent);
    m.decisionMs = round(m.decisionMs / N, 4);
    m.meanPriceShown = m.shown > 0 ? round(m.meanPriceShown / m.shown) : 0;
  });
  return {
    world: { ...options.world, now: (options.now ?? POLICY_BENCH_NOW).toISOString() },
    sessions: N,
    seed: options.seed,
    slateSize: options.slateSize,
    productsPerSession: options.productsPerSession,
    horizonDays: options.horizonDays,
    meanCandidates: round(candidateTotal / N, 1),
    meanEligible: round(eligibleTotal / N, 1),
    removals,
    historySessions: market.sessions.length,
    intent: intentDiagnostics(intentSource, intentStats, N, intents.model.updateCount),
    policies: metrics,
    prepareMs: Math.round(prepareMs),
    runMs: Math.round(performance.now() - started),
  };
}

const DECISION_POINT_SALT = 0x5bd1e995;
const PROBABILITY_KEY: Record<ModelIntent, keyof IntentProbabilities> = { BROWSING: 'browsing', RESEARCHING: 'researching', READY_TO_BUY: 'readyToBuy' };

/** Per latent intent: the played sessions, those whose first event is a search, those with any search, and their searches in all. */
interface SearchCounts {
  sessions: number;
  startWithSearch: number;
  withSearch: number;
  searches: number;
}

interface IntentStats {
  searches: Record<LatentIntent, SearchCounts>;
  latent: Record<LatentIntent, number>;
  confusion: Record<LatentIntent, Record<ModelIntent, number>>;
  probabilitySums: Record<LatentIntent, IntentProbabilities>;
  labels: Record<LatentIntent, Record<ModelIntent, number>>;
  hits: number;
  lateHits: number;
  eventsBefore: number;
  noEventsBefore: number;
}

function noteIntent(st: IntentStats, latent: LatentIntent, p: IntentProbabilities, eventsBefore: number, late: boolean): void {
  let best: ModelIntent = MODEL_INTENTS[0];
  for (const k of MODEL_INTENTS) if (p[PROBABILITY_KEY[k]] > p[PROBABILITY_KEY[best]]) best = k;
  st.latent[latent]++;
  st.confusion[latent][best]++;
  const sums = st.probabilitySums[latent];
  sums.browsing += p.browsing;
  sums.researching += p.researching;
  sums.readyToBuy += p.readyToBuy;
  const hit = best === LATENT_TO_MODEL_INTENT[latent];
  if (hit) st.hits++;
  if (hit && late) st.lateHits++;
  st.eventsBefore += eventsBefore;
  if (eventsBefore === 0) st.noEventsBefore++;
}

function noteSearches(st: IntentStats, events: SessionEventLog, session: BenchSession, latent: LatentIntent): void {
  const c = st.searches[latent];
  c.sessions++;
  let n = 0;
  for (let e = session.eventsFrom; e < session.eventsTo; e++) if (events.kind[e] === 1) n++;
  if (session.eventsTo > session.eventsFrom && events.kind[session.eventsFrom] === 1) c.startWithSearch++;
  if (n > 0) c.withSearch++;
  c.searches += n;
}

function intentDiagnostics(source: 'model' | 'latent', st: IntentStats, sessions: number, modelUpdates: number): IntentDiagnostics {
  const present = LATENT_INTENTS.filter((i) => st.latent[i] > 0);
  let labelled = 0;
  let agreeing = 0;
  for (const i of LATENT_INTENTS)
    for (const k of MODEL_INTENTS) {
      labelled += st.labels[i][k];
      if (k === LATENT_TO_MODEL_INTENT[i]) agreeing += st.labels[i][k];
    }
  return {
    source,
    latent: st.latent,
    accuracy: round(st.hits / sessions, 4),
    accuracyLate: round(st.lateHits / (sessions - Math.ceil(sessions / 2)), 4),
    balancedAccuracy: round(present.reduce((sum, i) => sum + st.confusion[i][LATENT_TO_MODEL_INTENT[i]] / st.latent[i], 0) / present.length, 4),
    majorityBaseline: round(Math.max(...LATENT_INTENTS.map((i) => st.latent[i])) / sessions, 4),
    confusion: st.confusion,
    meanProbabilities: Object.fromEntries(
      LATENT_INTENTS.map((i) => {
        const n = Math.max(1, st.latent[i]);
        const p = st.probabilitySums[i];
        return [i, { browsing: round(p.browsing / n, 4), researching: round(p.researching / n, 4), readyToBuy: round(p.readyToBuy / n, 4) }];
      }),
    ) as Record<LatentIntent, IntentProbabilities>,
    labels: st.labels,
    labelAgreement: labelled > 0 ? round(agreeing / labelled, 4) : 0,
    meanEventsBefore: round(st.eventsBefore / sessions, 3),
    noEventsBefore: st.noEventsBefore,
    modelUpdates,
    searches: st.searches,
  };
}

/**
 * Merges runs of the same stream that each played some of the policies (worker threads): the
 * policies in the order of `names` (then any others), regret recomputed against the oracle's run. The session-level
 * figures (candidates, removals) come from the part that played `linucb` first, as in one thread.
 */
export function mergeResults(parts: readonly PolicyBenchResult[], names: readonly string[] = POLICY_NAMES): PolicyBenchResult {
  const lead = parts.find((p) => p.policies[0]?.name === 'linucb') ?? parts[0]!;
  const order = (name: string) => (names.indexOf(name) < 0 ? names.length : names.indexOf(name));
  const policies = parts.flatMap((p) => p.policies).sort((a, b) => order(a.name) - order(b.name));
  const oracle = policies.find((p) => p.name === 'oracle');
  const merged = policies.map((p): PolicyMetrics => ({
    ...p,
    regret: oracle ? round(oracle.expectedMargin - p.expectedMargin) : p.regret,
    curve: p.curve.map((c, i) => ({ ...c, regret: oracle ? round(oracle.curve[i]!.expectedMargin - c.expectedMargin) : c.regret })),
  }));
  return { ...lead, policies: merged, prepareMs: Math.max(...parts.map((p) => p.prepareMs)), runMs: Math.max(...parts.map((p) => p.runMs)) };
}

function hashName(name: string): number {
  let h = 2166136261;
  for (let i = 0; i < name.length; i++) h = Math.imul(h ^ name.charCodeAt(i), 16777619);
  return h >>> 0;
}

const round = (x: number, digits = 2) => Math.round(x * 10 ** digits) / 10 ** digits;
