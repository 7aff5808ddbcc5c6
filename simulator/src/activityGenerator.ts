// Customers' history, streamed in chunks of customers: sessions on a channel at a time of day,
// product views chosen by taste and popularity, a purchase decision per view drawn from the
// purchase model (with whatever promotion was live), the cart/checkout funnel around it, reviews,
// service contacts, and an order with lines per session that bought something.
//
// Every customer's activity comes from its own random stream, so a chunk's content does not depend
// on the chunk size. The interaction budget is split over customers by activity (exactly
// `config.interactions` in total); the session that hits a customer's budget is cut short.
import { purchaseProbabilityAt, type Intent, type ModelTruth, type Offer, type PurchaseContext, type ResolvedContext } from './behaviourModel.ts';
import type { Calendar } from './calendar.ts';
import { DEPARTMENTS } from './catalogData.ts';
import type { Catalog } from './catalogGenerator.ts';
import type { Customers } from './customerGenerator.ts';
import { DAY, localTimeOf } from './geography.ts';
import type { Locations } from './locationGenerator.ts';
import type { PromotionIndex } from './promotionIndex.ts';
import { clamp, createRandom, round2, WeightedSampler, type Random } from './random.ts';
import { CHANNELS, DEVICES, type Channel, type Device, type InteractionRow, type InteractionType, type OrderLineRow, type OrderRow, type OrderStatus } from './rows.ts';

export interface ActivityOptions {
  /** Customers per yielded chunk (default 2000). */
  customersPerChunk?: number;
  /** Also yield every purchase decision with the probability used (default false). */
  decisions?: boolean;
}

/** One draw of the purchase model, as the simulator made it. */
export interface PurchaseDecision {
  customerId: string;
  occurredAt: Date;
  context: PurchaseContext;
  offer: Offer;
  promotionId: string | null;
  probability: number;
  purchased: boolean;
}

export interface ActivityChunk {
  /** Customers [fromCustomer, toCustomer) by index. */
  fromCustomer: number;
  toCustomer: number;
  interactions: InteractionRow[];
  orders: OrderRow[];
  orderLines: OrderLineRow[];
  /** Empty unless ActivityOptions.decisions. */
  decisions: PurchaseDecision[];
}

export interface ActivityInputs {
  seed: number;
  interactions: number;
  now: Date;
  calendar: Calendar;
  catalog: Catalog;
  locations: Locations;
  customers: Customers;
  availableInStore: Uint8Array[];
  promotions: PromotionIndex;
  model: ModelTruth;
}

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
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Splits `total` over customers in proportion to weight: exact total, O(n), no sort. */
export function allocateBudgets(weights: Float64Array, total: number): Uint32Array {
  const budgets = new Uint32Array(weights.length);
  let sum = 0;
  for (const w of weights) sum += w;
  if (total === 0 || sum <= 0) return budgets;
  let cumulative = 0;
  let assigned = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]!;
    const upTo = i === weights.length - 1 ? total : Math.round((total * cumulative) / sum);
    budgets[i] = upTo - assigned;
    assigned = upTo;
  }
  return budgets;
}

interface PendingLine {
  product: number;
  quantity: number;
  discount: number;
  promotionId: string | null;
  /** Index of its PURCHASE event in the session. */
  event: number;
}

interface Session {
  events: InteractionRow[];
  channel: Channel;
  location: string | null;
  lines: PendingLine[];
}

interface PendingOrder {
  row: OrderRow;
  lines: OrderLineRow[];
}

export function* generateActivity(inputs: ActivityInputs, options: ActivityOptions = {}): Generator<ActivityChunk> {
  const per = options.customersPerChunk ?? 2000;
  if (!Number.isInteger(per) || per < 1) throw new Error(`customersPerChunk must be a positive integer (got ${per})`);
  const { customers, calendar } = inputs;
  const count = customers.rows.length;
  const weights = new Float64Array(count);
  for (let c = 0; c < count; c++) {
    const since = Math.max(calendar.windowStart, customers.rows[c]!.createdAt.getTime());
    const exposure = clamp((calendar.nowMs - since) / (calendar.days * DAY), 0.02, 1);
    weights[c] = customers.truth.latent.activity[c]! * exposure;
  }
  const budgets = allocateBudgets(weights, inputs.interactions);
  const simulator = new CustomerSimulator(inputs);
  const root = createRandom(inputs.seed).fork('activity');
  let nextInteraction = 1;
  let nextOrder = 1;
  let nextLine = 1;
  for (let from = 0; from < count; from += per) {
    const to = Math.min(count, from + per);
    const chunk: ActivityChunk = { fromCustomer: from, toCustomer: to, interactions: [], orders: [], orderLines: [], decisions: [] };
    for (let c = from; c < to; c++) {
      if (budgets[c] === 0) continue;
      const { events, orders } = simulator.simulate(c, budgets[c]!, root.fork(c), options.decisions ? chunk.decisions : null);
      events.sort((a, b) => a.occurredAt.getTime() - b.occurredAt.getTime());
      for (const event of events) {
        event.id = nextInteraction++;
        chunk.interactions.push(event);
      }
      orders.sort((a, b) => a.row.placedAt.getTime() - b.row.placedAt.getTime());
      for (const order of orders) {
        order.row.id = `ord_${pad(nextOrder++, 7)}`;
        chunk.orders.push(order.row);
        for (const line of order.lines) {
          line.id = `oli_${pad(nextLine++, 8)}`;
          line.orderId = order.row.id;
          chunk.orderLines.push(line);
        }
      }
    }
    yield chunk;
  }
}

class CustomerSimulator {
  private readonly nonEmptyLeaves: number[][];
  private readonly warehouseByRegion: Map<string, string>;
  private readonly storesByRegion: Map<string, number[]>;

  constructor(private readonly inputs: ActivityInputs) {
    const { catalog, locations } = inputs;
    this.nonEmptyLeaves = catalog.leavesByDepartment.map((leaves) => leaves.filter((l) => catalog.leaves[l]!.products.length > 0));
    const warehouses = locations.rows.slice(locations.storeCount);
    this.warehouseByRegion = new Map();
    for (const w of [...warehouses].reverse()) this.warehouseByRegion.set(w.region, w.id);
    this.storesByRegion = new Map();
    locations.rows.slice(0, locations.storeCount).forEach((s, i) => this.storesByRegion.set(s.region, [...(this.storesByRegion.get(s.region) ?? []), i]));
  }

  simulate(c: number, budget: number, r: Random, decisions: PurchaseDecision[] | null): { events: InteractionRow[]; orders: PendingOrder[] } {
    const { customers, locations, catalog, model } = this.inputs;
    const customer = customers.rows[c]!;
    const latent = customers.truth.latent;
    const homeStore = customers.truth.homeStore[c]!;
    const home = locations.rows[homeStore]!;
    const tierLevel = customers.truth.tierLevel[c]!;
    const channelWeights = CHANNELS.map((ch, k) => (ch === 'EMAIL' && !customer.consentEmail ? 0 : Math.exp(latent.channelAffinityOf(c, k))));
    const departments = new WeightedSampler(DEPARTMENTS.map((_, d) => (this.nonEmptyLeaves[d]!.length > 0 ? Math.exp(1.2 * latent.tasteOf(c, d)) : 0)));
    const fulfilment = this.warehouseByRegion.get(home.region) ?? locations.rows[locations.storeCount + (c % (locations.rows.length - locations.storeCount))]!.id;
    const history: { product: number; at: number }[] = [];
    const events: InteractionRow[] = [];
    const orders: PendingOrder[] = [];
    const nowMs = this.inputs.now.getTime();
    let remaining = budget;
    let sessionNo = 0;

    const event = (type: InteractionType, at: number, channel: Channel, device: Device, sessionId: string, fields: Partial<InteractionRow> = {}): InteractionRow => ({
      id: 0,
      idempotencyKey: null,
      customerId: customer.id,
      type,
      channel,
      device,
      sessionId,
      productId: null,
      query: null,
      locationId: null,
      lat: null,
      lon: null,
      value: null,
      rating: null,
      occurredAt: new Date(Math.min(at, nowMs)),
      ...fields,
    });
    const pickProduct = (leaf: number, store: number): number => {
      for (let attempt = 0; attempt < 4; attempt++) {
        const leafIndex = leaf >= 0 ? leaf : r.pick(this.nonEmptyLeaves[departments.sample(r)]!);
        const p = catalog.leaves[leafIndex]!.products[catalog.leaves[leafIndex]!.sampler!.sample(r)]!;
        if (store < 0 || this.inputs.availableInStore[store]![p]) return p;
      }
      return -1;
    };

    while (remaining > 0) {
      sessionNo++;
      const sessionId = `ses_${pad(c + 1, 6)}_${pad(sessionNo, 3)}`;
      const roll = r.next();
      const kind = roll < 0.04 ? 'review' : roll < 0.07 ? 'service' : 'shop';
      const channel: Channel =
        kind === 'service' ? r.weighted(...SERVICE_CHANNELS)
        : kind === 'review' ? r.weighted<Channel>(['WEB', 'APP'], [channelWeights[CH.WEB]!, channelWeights[CH.APP]!])
        : r.weighted(CHANNELS, channelWeights);
      const device = r.weighted(...DEVICE_MIX[channel]);
      const start = this.inputs.calendar.sessionStart(r, CH[channel], home.timezone, customer.createdAt.getTime());
      const past = history.filter((h) => h.at < start - DAY);
      let session: Session;
      if (kind === 'review' && past.length > 0) {
        const bought = r.pick(past).product;
        const rating = Math.round(clamp(3.6 + catalog.truth.appeal[bought]! + 0.4 * latent.tasteOf(c, catalog.truth.department[bought]!) + r.normal(0, 0.8), 1, 5));
        session = { events: [event('REVIEW', start, channel, device, sessionId, { productId: catalog.products[bought]!.id, rating })], channel, location: null, lines: [] };
      } else if (kind === 'service') {
        const about = past.length > 0 && r.chance(0.6) ? catalog.products[r.pick(past).product]!.id : null;
        session = { events: [event('SERVICE_CONTACT', start, channel, device, sessionId, { productId: about, query: r.pick(SERVICE_TOPICS) })], channel, location: null, lines: [] };
      } else {
        session = this.shop(c, r, { channel, device, start, sessionId, past, homeStore, tierLevel, pickProduct, event, decisions });
      }

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
      const total = round2(orderLines.reduce((s, l) => s + l.unitPrice * l.quantity - l.discount, 0));
      const age = nowMs - placedAt.getTime();
      const status: OrderStatus = age < 2 * DAY ? 'PLACED' : r.weighted<OrderStatus>(['FULFILLED', 'CANCELLED', 'RETURNED'], [0.93, 0.03, 0.04]);
      orders.push({
        row: { id: '', customerId: customer.id, channel: session.channel, locationId: session.location ?? fulfilment, status, total, placedAt },
        lines: orderLines,
      });
    }
    return { events, orders };
  }

  private shop(
    c: number,
    r: Random,
    s: {
      channel: Channel;
      device: Device;
      start: number;
      sessionId: string;
      past: { product: number; at: number }[];
      homeStore: number;
      tierLevel: number;
      pickProduct: (leaf: number, store: number) => number;
      event: (type: InteractionType, at: number, channel: Channel, device: Device, sessionId: string, fields?: Partial<InteractionRow>) => InteractionRow;
      decisions: PurchaseDecision[] | null;
    },
  ): Session {
    const { catalog, locations, customers, model, promotions } = this.inputs;
    const customer = customers.rows[c]!;
    const { channel, device, sessionId } = s;
    const home = locations.rows[s.homeStore]!;
    let store = -1;
    if (channel === 'STORE') {
      const nearby = this.storesByRegion.get(home.region) ?? [s.homeStore];
      store = r.chance(0.8) ? s.homeStore : r.pick(nearby);
    }
    const storeRow = store >= 0 ? locations.rows[store]! : null;
    const place: Partial<InteractionRow> = storeRow
      ? { locationId: storeRow.id, lat: storeRow.lat, lon: storeRow.lon }
      : channel === 'APP' && customer.homeLat !== null && customer.homeLon !== null && r.chance(0.5)
        ? { lat: Math.round((customer.homeLat + r.normal(0, 0.01)) * 1e5) / 1e5, lon: Math.round((customer.homeLon + r.normal(0, 0.01)) * 1e5) / 1e5 }
        : {};
    const searchable = channel !== 'STORE' && channel !== 'CALL_CENTRE';
    const reorderable = s.past.filter((h) => CONSUMABLE.has(DEPARTMENTS[catalog.truth.department[h.product]!]!.profile));
    const intent: Intent = reorderable.length > 0 && r.chance(0.15) ? 'REORDER' : searchable && r.chance(0.35) ? 'SEARCH' : 'BROWSE';
    const local = localTimeOf(home.timezone, s.start);
    const resolved: ResolvedContext = { channel: CH[channel], device: DEV[device], hour: local.hour, weekday: local.weekday, location: store, intent };
    const context: PurchaseContext = { channel, device, hour: local.hour, weekday: local.weekday, locationId: storeRow?.id ?? null, intent };

    const events: InteractionRow[] = [];
    const lines: PendingLine[] = [];
    const leftInCart: number[] = [];
    let t = s.start;
    let leaf = -1;
    if (intent === 'SEARCH') {
      leaf = r.pick(this.nonEmptyLeaves[this.pickDepartmentWithProducts(s.pickProduct)]!);
      const noun = r.pick(catalog.leaves[leaf]!.nouns).toLowerCase();
      events.push(s.event('SEARCH', t, channel, device, sessionId, { ...place, query: `${r.pick(SEARCH_WORDS)} ${noun}`.trim() }));
    }
    let views = 1;
    while (views < 8 && r.chance(0.55)) views++;
    for (let v = 0; v < views; v++) {
      t += r.int(15, 120) * 1000;
      const p = v === 0 && intent === 'REORDER' ? this.reorderPick(r, reorderable, store) : s.pickProduct(leaf, store);
      if (p < 0) continue;
      const product = catalog.products[p]!;
      const promotion = promotions.best(p, t, CH[channel], s.tierLevel, customer.segments);
      const discount = promotion?.share ?? 0;
      const probability = purchaseProbabilityAt(model, c, p, resolved, discount);
      const purchased = r.next() < probability;
      s.decisions?.push({ customerId: customer.id, occurredAt: new Date(t), context, offer: { productId: product.id, discount }, promotionId: promotion?.promotionId ?? null, probability, purchased });
      events.push(s.event('VIEW', t, channel, device, sessionId, { ...place, productId: product.id }));
      const profile = DEPARTMENTS[catalog.truth.department[p]!]!.profile;
      const quantity = profile === 'packaged' || profile === 'fresh' ? 1 + (r.chance(0.4) ? r.int(1, 3) : 0) : r.chance(0.08) ? 2 : 1;
      if (purchased) {
        t += r.int(5, 40) * 1000;
        events.push(s.event('ADD_TO_CART', t, channel, device, sessionId, { ...place, productId: product.id, value: round2(product.price * quantity) }));
        lines.push({ product: p, quantity, discount: round2(product.price * quantity * discount), promotionId: promotion?.promotionId ?? null, event: -1 });
      } else if (r.chance(0.2)) {
        t += r.int(5, 40) * 1000;
        events.push(s.event('ADD_TO_CART', t, channel, device, sessionId, { ...place, productId: product.id, value: round2(product.price * quantity) }));
        if (r.chance(0.5)) {
          t += r.int(10, 60) * 1000;
          events.push(s.event('REMOVE_FROM_CART', t, channel, device, sessionId, { ...place, productId: product.id, value: round2(product.price * quantity) }));
        } else {
          leftInCart.push(round2(product.price * quantity));
        }
      }
    }
    if (lines.length > 0) {
      const lineTotal = (l: PendingLine) => round2(catalog.products[l.product]!.price * l.quantity - l.discount);
      t += r.int(20, 90) * 1000;
      events.push(s.event('CHECKOUT_START', t, channel, device, sessionId, { ...place, value: round2(lines.reduce((sum, l) => sum + lineTotal(l), 0)) }));
      t += r.int(30, 120) * 1000;
      for (const line of lines) {
        line.event = events.length;
        events.push(s.event('PURCHASE', t, channel, device, sessionId, { ...place, productId: catalog.products[line.product]!.id, value: lineTotal(line) }));
      }
    } else if (leftInCart.length > 0) {
      const cartValue = round2(leftInCart.reduce((a, b) => a + b, 0));
      if (r.chance(0.4)) {
        t += r.int(20, 90) * 1000;
        events.push(s.event('CHECKOUT_START', t, channel, device, sessionId, { ...place, value: cartValue }));
      }
      t += r.int(60, 300) * 1000;
      events.push(s.event('CART_ABANDON', t, channel, device, sessionId, { ...place, value: cartValue }));
    }
    if (events.length === 0) {
      // Every view missed the store's shelves: the visit still counts, as a search for help.
      events.push(s.event('SEARCH', s.start, channel, device, sessionId, { ...place, query: 'out of stock' }));
    }
    return { events, channel, location: storeRow?.id ?? null, lines };
  }

  private pickDepartmentWithProducts(pickProduct: (leaf: number, store: number) => number): number {
    // The department of a product picked by taste: the same law as a browse view's department.
    const p = pickProduct(-1, -1);
    return this.inputs.catalog.truth.department[p]!;
  }

  private reorderPick(r: Random, past: { product: number }[], store: number): number {
    for (let attempt = 0; attempt < 3; attempt++) {
      const p = r.pick(past).product;
      if (store < 0 || this.inputs.availableInStore[store]![p]) return p;
    }
    return -1;
  }
}
