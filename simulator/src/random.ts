// Seeded pseudo-random numbers: xoshiro128** seeded through a 128-bit string hash, so a world is a
// pure function of its seed. `fork(label)` derives an independent stream from the seed and a label
// without consuming the parent's state: customer 42's activity is the same whether it is generated
// in a chunk of 10 customers or of 10,000.

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** Uniform in [min, max). */
  float(min: number, max: number): number;
  /** Normal deviate (Box–Muller). */
  normal(mean?: number, sd?: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element, uniformly. Throws on an empty array. */
  pick<T>(items: readonly T[]): T;
  /** One element, with probability proportional to its weight (weights >= 0, not all zero). */
  weighted<T>(items: readonly T[], weights: readonly number[]): T;
  /** An independent stream derived from this stream's seed and the label. */
  fork(label: string | number): Random;
}

/** 128-bit string hash (cyrb128), four 32-bit words. */
function hash128(text: string): [number, number, number, number] {
  let h1 = 1779033703, h2 = 3144134277, h3 = 1013904242, h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

class Xoshiro128 implements Random {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(private readonly key: string) {
    [this.a, this.b, this.c, this.d] = hash128(key);
    if ((this.a | this.b | this.c | this.d) === 0) this.a = 1; // the all-zero state is a fixed point
    for (let i = 0; i < 8; i++) this.next(); // let the hash's structure wash out
  }

  next(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  float(min: number, max: number): number {
    return min + this.next() * (max - min);
  }

  normal(mean = 0, sd = 1): number {
    const u = 1 - this.next(); // (0, 1]: log stays finite
    const v = this.next();
    return mean + sd * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick() needs a non-empty array');
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(items: readonly T[], weights: readonly number[]): T {
    if (items.length === 0 || items.length !== weights.length) throw new Error('weighted() needs as many weights as items, at least one');
    let total = 0;
    for (const w of weights) total += w;
    if (!(total > 0)) throw new Error('weighted() needs a positive total weight');
    let target = this.next() * total;
    for (let i = 0; i < items.length; i++) {
      target -= weights[i]!;
      if (target < 0) return items[i]!;
    }
    return items[items.length - 1]!;
  }

  fork(label: string | number): Random {
    return new Xoshiro128(`${this.key}/${label}`);
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

export function createRandom(seed: number | string): Random {
  return new Xoshiro128(`seed:${seed}`);
}

/**
 * Draws indexes in proportion to fixed weights in O(log n) per draw (cumulative sums and binary
 * search), for the hot paths where `Random.weighted` would scan thousands of weights.
 */
export class WeightedSampler {
  private readonly cumulative: Float64Array;

  constructor(weights: ArrayLike<number>) {
    this.cumulative = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += Math.max(0, weights[i]!);
      this.cumulative[i] = total;
    }
    if (weights.length === 0 || !(total > 0)) throw new Error('WeightedSampler needs a positive total weight');
  }

  get size(): number {
    return this.cumulative.length;
  }

  /** An index in [0, size), drawn from u in [0, 1) (pass a draw restricted to a sub-range to sample a tail). */
  indexAt(u: number): number {
    const target = u * this.cumulative[this.cumulative.length - 1]!;
    let lo = 0;
    let hi = this.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.cumulative[mid]! > target) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  /** Share of the total weight held by indexes below `index`. */
  shareBelow(index: number): number {
    if (index <= 0) return 0;
    return this.cumulative[index - 1]! / this.cumulative[this.cumulative.length - 1]!;
  }

  sample(random: Random): number {
    return this.indexAt(random.next());
  }
}

export const clamp = (x: number, lo: number, hi: number): number => (x < lo ? lo : x > hi ? hi : x);
export const sigmoid = (x: number): number => 1 / (1 + Math.exp(-x));
export const round2 = (x: number): number => Math.round(x * 100) / 100;
