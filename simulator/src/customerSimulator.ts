// One customer's sessions: a channel at a time of day, product views chosen by taste and
// popularity, a purchase decision per view drawn from the purchase model (with whatever promotion
// was live), the cart/checkout funnel around it, reviews, service contacts (topic in `query`), and
// an order with lines per session that bought something. A customer who joined inside the history
// window joined by buying (an account at checkout, a loyalty card at the till): their first session
// starts when they joined and ends in an order. The session reaching the customer's interaction
// budget is cut short; only the order lines whose PURCHASE survived are kept.
import { purchaseProbabilityAt, type Intent, type ResolvedContext, type PurchaseContext } from './behaviourModel.ts';
import { DEPARTMENTS } from './catalogData.ts';
import type { ActivityInputs, PurchaseDecision } from './activityGenerator.ts';
import { isStoreHour } from './calendar.ts';
import { DAY, localTimeOf } from './geography.ts';
import { clamp, round2, WeightedSampler, type Random } from './random.ts';
import { CHANNELS, DEVICES, type Channel, type CustomerRow, type Device, type InteractionRow, type InteractionType, type OrderLineRow, type OrderRow, type OrderStatus } from './rows.ts';

const CH = Object.fromEntries(CHANNELS.map((c, i) => [c, i])) as Record<Channel, number>;
const DEV = Object.fromEntries(DEVICES.map((d, i) => [d, i])) as Record<Device, number>;
const DEVICE_MIX: Record<Channel, [Device[], number[]]> = {
  WEB: [['DESKTOP', 'MOBILE', 'TABLET'], [0.5, 0.4, 0.1]],
  APP: [['MOBILE', 'TABLET'], [0.85, 0.15]],
  STORE: [['IN_STORE'], [1]],
  EMAIL: [['MOBILE', 'DESKTOP', 'TABLET'], [0.6, 0.35, 0.05]],
  SOCIAL: [['MOBILE', 'TABLET', 'OTHER'], [0.9, 0.05, 0.05]],
  CALL_CENTRE: [['PHONE'], [1]],
};
const SERVICE_CHANNELS: [Channel[], number[]] = [['CALL_CENTRE', 'WEB', 'APP', 'EMAIL'], [0.55, 0.25, 0.15, 0.05]];
const SERVICE_TOPICS = ['order status', 'return request', 'delivery issue', 'product question', 'billing', 'loyalty points'];
const SEARCH_WORDS = ['', '', '', 'best', 'cheap', 'organic', 'vegan', 'gift', 'sale'];
const CONSUMABLE = new Set(['packaged', 'fresh', 'beauty']);
/** Where a shopper can join: online, or at a store's till while it is open. */
const JOIN_CHANNELS: readonly Channel[] = ['WEB', 'APP', 'STORE'];
/** Draws of the joining session until one ends in an order that fits the budget (else the last draw, cut). */
const JOIN_ATTEMPTS = 60;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

interface PendingLine {
  product: number;
  quantity: number;
  discount: number;
  promotionId: string | null;
  /** Index of its PURCHASE event in the session. */
  event: number;
}

export interface PendingOrder {
  row: OrderRow;
  lines: OrderLineRow[];
}

interface Purchase {
  product: number;
  at: number;
}

/** The events of one session, sharing its customer, channel, device, id and place. */
class SessionEvents {
  readonly events: InteractionRow[] = [];
  readonly lines: PendingLine[] = [];
  locationId: string | null = null;
  lat: number | null = null;
  lon: number | null = null;

  constructor(
    private readonly customerId: string,
    readonly channel: Channel,
    readonly device: Device,
    private readonly sessionId: string,
    private readonly nowMs: number,
  ) {}

  add(type: InteractionType, at: number, productId: string | null, query: string | null = null, value: number | null = null, rating: number | null = null): void {
    this.events.push({
      id: 0,
      idempotencyKey: null,
      customerId: this.customerId,
      type,
      channel: this.channel,
      device: this.device,
      sessionId: this.sessionId,
      productId,
      query,
      locationId: this.locationId,
      lat: this.lat,
      lon: this.lon,
      value,
      rating,
      occurredAt: new Date(at < this.nowMs ? at : this.nowMs),
    });
  }
}

export class CustomerSimulator {
  private readonly nonEmptyLeaves: number[][];
  private readonly warehouseByRegion: Map<string, string>;
  private readonly storesByRegion: Map<string, number[]>;
  private readonly nowMs: number;

  constructor(private readonly inputs: ActivityInputs) {
    const { catalog, locations } = inputs;
    this.nowMs = inputs.now.getTime();
    this.nonEmptyLeaves = catalog.leavesByDepartment.map((leaves) => leaves.filter((l) => catalog.leaves[l]!.products.length > 0));
    const warehouses = locations.rows.slice(locations.storeCount);
    this.warehouseByRegion = new Map();
    for (const w of [...warehouses].reverse()) this.warehouseByRegion.set(w.region, w.id);
    this.storesByRegion = new Map();
    locations.rows.slice(0, locations.storeCount).forEach((s, i) => this.storesByRegion.set(s.region, [...(this.storesByRegion.get(s.region) ?? []), i]));
  }

  simulate(c: number, budget: number, r: Random, decisions: PurchaseDecision[] | null): { events: InteractionRow[]; orders: PendingOrder[] } {
    const { customers, locations, catalog } = this.inputs;
    const customer = customers.rows[c]!;
    const latent = customers.truth.latent;
    const homeStore = customers.truth.homeStore[c]!;
    const home = locations.rows[homeStore]!;
    const channelWeights = CHANNELS.map((ch, k) => (ch === 'EMAIL' && !customer.consentEmail ? 0 : Math.exp(latent.channelAffinityOf(c, k))));
    const shopper: Shopper = {
      c,
      r,
      homeStore,
      tierLevel: customers.truth.tierLevel[c]!,
      departments: new WeightedSampler(DEPARTMENTS.map((_, d) => (this.nonEmptyLeaves[d]!.length > 0 ? Math.exp(1.2 * latent.tasteOf(c, d)) : 0))),
      decisions,
    };
    const fulfilment = this.warehouseByRegion.get(home.region) ?? locations.rows[locations.storeCount + (c % (locations.rows.length - locations.storeCount))]!.id;
    const history: Purchase[] = [];
    const events: InteractionRow[] = [];
    const orders: PendingOrder[] = [];
    let remaining = budget;
    let sessionNo = 0;
    const joinedAt = customer.createdAt.getTime();
    const joinedInWindow = joinedAt > this.inputs.calendar.windowStart;

    while (remaining > 0) {
      sessionNo++;
      const sessionId = `ses_${pad(c + 1, 6)}_${pad(sessionNo, 3)}`;
      const session =
        sessionNo === 1 && joinedInWindow
          ? this.joiningSession(shopper, customer.id, sessionId, joinedAt, channelWeights, remaining)
          : this.nextSession(shopper, customer, sessionId, channelWeights, history);

      // Cut the session that reaches the budget; keep the lines whose PURCHASE event survived.
      const kept = Math.min(session.events.length, remaining);
      remaining -= kept;
      for (let i = 0; i < kept; i++) events.push(session.events[i]!);
      const lines = session.lines.filter((l) => l.event < kept);
      if (lines.length === 0) continue;
      const placedAt = session.events[lines[0]!.event]!.occurredAt;
      const orderLines = lines.map((l): OrderLineRow => {
        const product = catalog.products[l.product]!;
        history.push({ product: l.product, at: placedAt.getTime() });
        return { id: '', orderId: '', productId: product.id, quantity: l.quantity, unitPrice: product.price, discount: l.discount, promotionId: l.promotionId };
      });
      const total = round2(orderLines.reduce((sum, l) => sum + l.unitPrice * l.quantity - l.discount, 0));
      const status: OrderStatus = this.nowMs - placedAt.getTime() < 2 * DAY ? 'PLACED' : r.weighted<OrderStatus>(['FULFILLED', 'CANCELLED', 'RETURNED'], [0.93, 0.03, 0.04]);
      orders.push({
        row: { id: '', customerId: customer.id, channel: session.channel, locationId: session.locationId ?? fulfilment, status, total, placedAt },
        lines: orderLines,
      });
    }
    return { events, orders };
  }

  /** A session after the first (or any session of a customer who joined before the window): shopping, a review or a service contact. */
  private nextSession(shopper: Shopper, customer: CustomerRow, sessionId: string, channelWeights: readonly number[], history: readonly Purchase[]): SessionEvents {
    const { catalog, customers, locations } = this.inputs;
    const { c, r } = shopper;
    const latent = customers.truth.latent;
    const roll = r.next();
    const kind = roll < 0.04 ? 'review' : roll < 0.07 ? 'service' : 'shop';
    const channel: Channel =
      kind === 'service' ? r.weighted(...SERVICE_CHANNELS)
      : kind === 'review' ? r.weighted<Channel>(['WEB', 'APP'], [channelWeights[CH.WEB]!, channelWeights[CH.APP]!])
      : r.weighted(CHANNELS, channelWeights);
    const device = r.weighted(...DEVICE_MIX[channel]);
    const start = this.inputs.calendar.sessionStart(r, CH[channel], locations.rows[shopper.homeStore]!.timezone, customer.createdAt.getTime());
    const past = history.filter((h) => h.at < start - DAY);
    const session = new SessionEvents(customer.id, channel, device, sessionId, this.nowMs);
    if (kind === 'review' && past.length > 0) {
      const bought = r.pick(past).product;
      const rating = Math.round(clamp(3.6 + catalog.truth.appeal[bought]! + 0.4 * latent.tasteOf(c, catalog.truth.department[bought]!) + r.normal(0, 0.8), 1, 5));
      session.add('REVIEW', start, catalog.products[bought]!.id, null, null, rating);
    } else if (kind === 'service') {
      const about = past.length > 0 && r.chance(0.6) ? catalog.products[r.pick(past).product]!.id : null;
      session.add('SERVICE_CONTACT', start, about, r.pick(SERVICE_TOPICS));
    } else {
      this.shop(shopper, session, start, past);
    }
    return session;
  }

  /**
   * The session in which the customer joined, starting when they joined, online or (while stores
   * are open) in a store: a shopping session drawn again until it ends in an order that fits the
   * budget. Its purchase draws are conditioned on that order, so they stay out of the decision
   * stream (PurchaseDecision), which holds unconditioned draws only.
   */
  private joiningSession(shopper: Shopper, customerId: string, sessionId: string, joinedAt: number, channelWeights: readonly number[], budget: number): SessionEvents {
    const { r } = shopper;
    const hour = localTimeOf(this.inputs.locations.rows[shopper.homeStore]!.timezone, joinedAt).hour;
    const weights = JOIN_CHANNELS.map((ch) => (ch === 'STORE' && !isStoreHour(hour) ? 0 : channelWeights[CH[ch]]!));
    const unlogged: Shopper = { ...shopper, decisions: null };
    let session: SessionEvents | null = null;
    for (let attempt = 0; attempt < JOIN_ATTEMPTS; attempt++) {
      const channel = r.weighted(JOIN_CHANNELS, weights);
      session = new SessionEvents(customerId, channel, r.weighted(...DEVICE_MIX[channel]), sessionId, this.nowMs);
      this.shop(unlogged, session, joinedAt, []);
      if (session.lines.length > 0 && session.events.length <= budget) break;
    }
    return session!;
  }

  /** A shopping session: maybe a search, views with a purchase decision each, the cart and checkout. */
  private shop(shopper: Shopper, session: SessionEvents, start: number, past: Purchase[]): void {
    const { catalog, locations, customers, model, promotions } = this.inputs;
    const { c, r } = shopper;
    const customer = customers.rows[c]!;
    const channel = session.channel;
    const home = locations.rows[shopper.homeStore]!;
    let store = -1;
    if (channel === 'STORE') {
      store = r.chance(0.8) ? shopper.homeStore : r.pick(this.storesByRegion.get(home.region) ?? [shopper.homeStore]);
      const row = locations.rows[store]!;
      session.locationId = row.id;
      session.lat = row.lat;
      session.lon = row.lon;
    } else if (channel === 'APP' && customer.homeLat !== null && customer.homeLon !== null && r.chance(0.5)) {
      session.lat = Math.round((customer.homeLat + r.normal(0, 0.01)) * 1e5) / 1e5;
      session.lon = Math.round((customer.homeLon + r.normal(0, 0.01)) * 1e5) / 1e5;
    }
    const searchable = channel !== 'STORE' && channel !== 'CALL_CENTRE';
    const reorderable = past.length > 0 ? past.filter((h) => CONSUMABLE.has(DEPARTMENTS[catalog.truth.department[h.product]!]!.profile)) : past;
    const intent: Intent = reorderable.length > 0 && r.chance(0.15) ? 'REORDER' : searchable && r.chance(0.35) ? 'SEARCH' : 'BROWSE';
    const local = localTimeOf(home.timezone, start);
    const deviceName = session.device;
    const resolved: ResolvedContext = { channel: CH[channel], device: DEV[deviceName], hour: local.hour, weekday: local.weekday, location: store, intent };
    const context: PurchaseContext | null = shopper.decisions ? { channel, device: deviceName, hour: local.hour, weekday: local.weekday, locationId: session.locationId, intent } : null;

    const leftInCart: number[] = [];
    let t = start;
    let leaf = -1;
    if (intent === 'SEARCH') {
      const department = catalog.truth.department[this.pickProduct(shopper, -1, -1)]!;
      leaf = r.pick(this.nonEmptyLeaves[department]!);
      const noun = r.pick(catalog.leaves[leaf]!.nouns).toLowerCase();
      session.add('SEARCH', t, null, `${r.pick(SEARCH_WORDS)} ${noun}`.trim());
    }
    let views = 1;
    while (views < 8 && r.chance(0.55)) views++;
    for (let v = 0; v < views; v++) {
      t += r.int(15, 120) * 1000;
      const p = v === 0 && intent === 'REORDER' ? this.reorderPick(r, reorderable, store) : this.pickProduct(shopper, leaf, store);
      if (p < 0) continue;
      const product = catalog.products[p]!;
      const promotion = promotions.best(p, t, CH[channel], shopper.tierLevel, customer.segments);
      const discount = promotion === null ? 0 : promotion.share;
      const probability = purchaseProbabilityAt(model, c, p, resolved, discount);
      const purchased = r.next() < probability;
      if (context !== null) {
        shopper.decisions!.push({ customerId: customer.id, occurredAt: new Date(t), context, offer: { productId: product.id, discount }, promotionId: promotion?.promotionId ?? null, probability, purchased });
      }
      session.add('VIEW', t, product.id);
      const profile = DEPARTMENTS[catalog.truth.department[p]!]!.profile;
      const quantity = profile === 'packaged' || profile === 'fresh' ? 1 + (r.chance(0.4) ? r.int(1, 3) : 0) : r.chance(0.08) ? 2 : 1;
      const value = round2(product.price * quantity);
      if (purchased) {
        t += r.int(5, 40) * 1000;
        session.add('ADD_TO_CART', t, product.id, null, value);
        session.lines.push({ product: p, quantity, discount: round2(value * discount), promotionId: promotion?.promotionId ?? null, event: -1 });
      } else if (r.chance(0.2)) {
        t += r.int(5, 40) * 1000;
        session.add('ADD_TO_CART', t, product.id, null, value);
        if (r.chance(0.5)) {
          t += r.int(10, 60) * 1000;
          session.add('REMOVE_FROM_CART', t, product.id, null, value);
        } else {
          leftInCart.push(value);
        }
      }
    }
    if (session.lines.length > 0) {
      const lineTotal = (l: PendingLine) => round2(catalog.products[l.product]!.price * l.quantity - l.discount);
      t += r.int(20, 90) * 1000;
      session.add('CHECKOUT_START', t, null, null, round2(session.lines.reduce((sum, l) => sum + lineTotal(l), 0)));
      t += r.int(30, 120) * 1000;
      for (const line of session.lines) {
        line.event = session.events.length;
        session.add('PURCHASE', t, catalog.products[line.product]!.id, null, lineTotal(line));
      }
    } else if (leftInCart.length > 0) {
      const cartValue = round2(leftInCart.reduce((a, b) => a + b, 0));
      if (r.chance(0.4)) {
        t += r.int(20, 90) * 1000;
        session.add('CHECKOUT_START', t, null, null, cartValue);
      }
      t += r.int(60, 300) * 1000;
      session.add('CART_ABANDON', t, null, null, cartValue);
    }
    // Every view missed the store's shelves: the visit still counts, as a search for help.
    if (session.events.length === 0) session.add('SEARCH', start, null, 'out of stock');
  }

  /** A product by taste (department), then popularity within a leaf; -1 when a store has none of the draws in stock. */
  private pickProduct(shopper: Shopper, leaf: number, store: number): number {
    const { catalog } = this.inputs;
    const { r } = shopper;
    for (let attempt = 0; attempt < 4; attempt++) {
      const leafIndex = leaf >= 0 ? leaf : r.pick(this.nonEmptyLeaves[shopper.departments.sample(r)]!);
      const chosen = catalog.leaves[leafIndex]!;
      const p = chosen.products[chosen.sampler!.sample(r)]!;
      if (store < 0 || this.inputs.availableInStore[store]![p]) return p;
    }
    return -1;
  }

  private reorderPick(r: Random, past: Purchase[], store: number): number {
    for (let attempt = 0; attempt < 3; attempt++) {
      const p = r.pick(past).product;
      if (store < 0 || this.inputs.availableInStore[store]![p]) return p;
    }
    return -1;
  }
}

interface Shopper {
  c: number;
  r: Random;
  homeStore: number;
  tierLevel: number;
  /** Department draws by the customer's taste. */
  departments: WeightedSampler;
  decisions: PurchaseDecision[] | null;
}
