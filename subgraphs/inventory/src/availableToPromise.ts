// Available to promise = on hand − reserved − safety stock, never below 0: what can be promised.
// One definition for reads, stock changes and holds.

/** A stock row's three quantities (e.g. as an UPDATE … RETURNING gives them). */
export interface StockAfter {
  onHand: number;
  reserved: number;
  safetyStock: number;
}

export const availableToPromise = (s: StockAfter) => Math.max(0, s.onHand - s.reserved - s.safetyStock);
