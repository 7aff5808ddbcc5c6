// The bulk path for point-of-sale and warehouse feeds: many stock changes in one call. The whole
// batch is validated first (one bad event refuses the batch and changes nothing); then the events
// are applied one by one in the order given — so per product and location in the source's order —
// each idempotent by its eventId. An event the books cannot take (it would take on-hand below
// zero, or names a product or location inventory does not know) is reported REJECTED with a code
// and the rest go on: the source's other changes must not wait for one bad count.
import { GraphQLError } from 'graphql';
import { badInput } from '@retail/platform';
import { validateAdjustment, type AdjustStockInput, type InventoryService, type StockAdjustmentRow } from './inventoryService.ts';

export const MAX_BATCH_EVENTS = 1000;

export type StockEventStatus = 'APPLIED' | 'DUPLICATE' | 'REJECTED';

export interface StockEventInput extends AdjustStockInput {
  eventId: string;
}

export interface StockEventResult {
  eventId: string;
  status: StockEventStatus;
  /** For REJECTED: INSUFFICIENT_STOCK or NOT_FOUND. */
  code: string | null;
  message: string | null;
  adjustment: StockAdjustmentRow | null;
}

export interface StockEventBatchResult {
  applied: number;
  duplicates: number;
  rejected: number;
  results: StockEventResult[];
}

/** BAD_USER_INPUT naming the event (`events[3].delta`) when any event of the batch is malformed. */
export function validateStockEvents(events: readonly StockEventInput[], now: Date): void {
  if (!Array.isArray(events) || events.length === 0 || events.length > MAX_BATCH_EVENTS) {
    throw badInput(`events must hold 1 to ${MAX_BATCH_EVENTS} stock events, got ${Array.isArray(events) ? events.length : 0}`, 'events');
  }
  events.forEach((event, i) => {
    if (typeof event.eventId !== 'string' || !event.eventId.trim()) throw badInput(`events[${i}]: eventId is required in a batch (it makes replays safe)`, `events[${i}].eventId`);
    try {
      validateAdjustment(event, now);
    } catch (error) {
      if (!(error instanceof GraphQLError)) throw error;
      const field = error.extensions.field as string | undefined;
      throw badInput(`events[${i}] (${event.eventId}): ${error.message}`, `events[${i}]${field ? `.${field}` : ''}`);
    }
  });
}

export async function recordStockEvents(inventory: InventoryService, events: readonly StockEventInput[], now: Date): Promise<StockEventBatchResult> {
  validateStockEvents(events, now);
  const results: StockEventResult[] = [];
  for (const event of events) {
    try {
      const { adjustment, replayed } = await inventory.adjustStock(event);
      results.push({ eventId: event.eventId, status: replayed ? 'DUPLICATE' : 'APPLIED', code: null, message: null, adjustment });
    } catch (error) {
      const code = error instanceof GraphQLError ? (error.extensions.code as string) : null;
      if (code !== 'BAD_USER_INPUT' && code !== 'NOT_FOUND') throw error; // infrastructure: the caller retries the batch (idempotent)
      results.push({ eventId: event.eventId, status: 'REJECTED', code: code === 'NOT_FOUND' ? 'NOT_FOUND' : 'INSUFFICIENT_STOCK', message: (error as Error).message, adjustment: null });
    }
  }
  const count = (s: StockEventStatus) => results.filter((r) => r.status === s).length;
  return { applied: count('APPLIED'), duplicates: count('DUPLICATE'), rejected: count('REJECTED'), results };
}
