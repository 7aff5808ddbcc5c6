// Seeded random source, injected wherever the engine explores, so a run is reproducible from its
// seed (golden tests) and production can pass a cryptographic or time-seeded one.
export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number;
}

/** mulberry32: small, fast, good enough for exploration (not for secrets). */
export function seededRandom(seed: number): RandomSource {
  if (!Number.isInteger(seed)) throw new TypeError(`seed must be an integer, got ${seed}`);
  let a = seed >>> 0;
  return {
    next() {
      a = (a + 0x6d2b79f5) >>> 0;
      let t = a;
      t = Math.imul(t ^ (t >>> 15), t | 1);
      t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
      return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    },
  };
}
