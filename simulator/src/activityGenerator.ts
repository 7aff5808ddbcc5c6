// Customers' history, streamed in chunks of customers. The interaction budget is split over
// customers by activity (exactly `config.interactions` in total, after a floor for the customers
// who joined inside the window, enough for the session they joined in); each customer's sessions come
// from customerSimulator.ts and its own random stream, so a chunk's content does not depend on the
// chunk size. Ids (interactions 1..N, orders, lines) are assigned in customer order.
import type { ModelTruth, Offer, PurchaseContext } from './behaviourModel.ts';
import type { Calendar } from './calendar.ts';
import type { Catalog } from './catalogGenerator.ts';
import { CustomerSimulator } from './customerSimulator.ts';
import type { Customers } from './customerGenerator.ts';
import { DAY } from './geography.ts';
import type { Locations } from './locationGenerator.ts';
import type { PromotionIndex } from './promotionIndex.ts';
import { clamp, createRandom } from './random.ts';
import type { InteractionRow, OrderLineRow, OrderRow } from './rows.ts';

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

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Interactions set aside for each customer who joined inside the window: their joining session fits. */
export const JOINING_BUDGET = 12;

/**
 * Splits `total` over customers: each gets its floor first (all floors are dropped when they add up
 * to more than the total), then the rest in proportion to weight. Exact total, O(n), no sort.
 */
export function allocateBudgets(weights: Float64Array, total: number, floors?: Uint32Array): Uint32Array {
  const budgets = new Uint32Array(weights.length);
  let reserved = 0;
  if (floors) for (const f of floors) reserved += f;
  if (floors && reserved <= total) budgets.set(floors);
  else reserved = 0;
  const rest = total - reserved;
  let sum = 0;
  for (const w of weights) sum += w;
  if (rest === 0 || sum <= 0) return budgets;
  let cumulative = 0;
  let assigned = 0;
  for (let i = 0; i < weights.length; i++) {
    cumulative += weights[i]!;
    const upTo = i === weights.length - 1 ? rest : Math.round((rest * cumulative) / sum);
    budgets[i]! += upTo - assigned;
    assigned = upTo;
  }
  return budgets;
}

export function* generateActivity(inputs: ActivityInputs, options: ActivityOptions = {}): Generator<ActivityChunk> {
  const per = options.customersPerChunk ?? 2000;
  if (!Number.isInteger(per) || per < 1) throw new Error(`customersPerChunk must be a positive integer (got ${per})`);
  const { customers, calendar } = inputs;
  const count = customers.rows.length;
  const weights = new Float64Array(count);
  const floors = new Uint32Array(count);
  for (let c = 0; c < count; c++) {
    const joined = customers.rows[c]!.createdAt.getTime();
    const since = Math.max(calendar.windowStart, joined);
    const exposure = clamp((calendar.nowMs - since) / (calendar.days * DAY), 0.02, 1);
    weights[c] = customers.truth.latent.activity[c]! * exposure;
    if (joined > calendar.windowStart) floors[c] = JOINING_BUDGET;
  }
  const budgets = allocateBudgets(weights, inputs.interactions, floors);
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
