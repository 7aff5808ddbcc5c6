// Available to promise = on hand − reserved − safety stock, never below 0: what can be promised.
// One definition for reads, stock changes and holds.

/** A stock row's three quantities and its version (e.g. as an UPDATE … RETURNING gives them). */
export interface StockAfter {
  onHand: number;
  reserved: number;
  safetyStock: number;
  /** StockLevel.version: bumped by every change to the row, carried by its events. */
  version: number;
}

/** What a stock event reports for a row that does not exist (a hold refused where nothing is kept). */
export const NO_STOCK: StockAfter = Object.freeze({ onHand: 0, reserved: 0, safetyStock: 0, version: 0 });

export const availableToPromise = (s: Pick<StockAfter, 'onHand' | 'reserved' | 'safetyStock'>) => Math.max(0, s.onHand - s.reserved - s.safetyStock);
