// Common random numbers: one uniform draw per (seed, session, product), whichever policy shows the
// product, so policies compared on the same stream differ by their choices, not by their luck.
// Used by the in-process policy bench (policySim.ts) and its run through the gateway.

/** A uniform number in [0, 1) from (seed, session, product). */
export function commonUniform(seed: number, session: number, product: number): number {
  let h = Math.imul(seed ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(session + 1, 0xc2b2ae35) ^ Math.imul(product + 1, 0x27d4eb2f);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  h ^= h >>> 16;
  return (h >>> 0) / 4294967296;
}
