// Validated LinUCB configuration: checked once at the boundary with exact messages, so a bad
// policy config fails at start, not as NaN scores in production.
export interface LinUCBConfig {
  /** Length of the feature vector of an arm. */
  dimension: number;
  /** Exploration weight on the confidence width. 0 = pure exploitation. */
  alpha: number;
  /** Ridge regularisation: A starts as λI. */
  lambda: number;
  /** Recompute A⁻¹ from A (ml-matrix) after this many Sherman–Morrison updates of one arm, to bound drift. */
  recomputeEvery: number;
}

export interface HybridLinUCBConfig extends LinUCBConfig {
  /** Length of the shared feature vector (features whose effect is common to all arms). */
  sharedDimension: number;
}

export const DEFAULT_LINUCB: Omit<LinUCBConfig, 'dimension'> = { alpha: 1, lambda: 1, recomputeEvery: 500 };

function check(cond: boolean, message: string): void {
  if (!cond) throw new RangeError(message);
}

export function parseLinUCBConfig(input: Partial<LinUCBConfig> & { dimension: number }): LinUCBConfig {
  const c = { ...DEFAULT_LINUCB, ...input };
  check(Number.isInteger(c.dimension) && c.dimension >= 1 && c.dimension <= 4096, `dimension must be an integer from 1 to 4096, got ${c.dimension}`);
  check(Number.isFinite(c.alpha) && c.alpha >= 0, `alpha must be a finite number ≥ 0, got ${c.alpha}`);
  check(Number.isFinite(c.lambda) && c.lambda > 0, `lambda must be a finite number > 0, got ${c.lambda}`);
  check(Number.isInteger(c.recomputeEvery) && c.recomputeEvery >= 1, `recomputeEvery must be an integer ≥ 1, got ${c.recomputeEvery}`);
  return { dimension: c.dimension, alpha: c.alpha, lambda: c.lambda, recomputeEvery: c.recomputeEvery };
}

export function parseHybridLinUCBConfig(input: Partial<HybridLinUCBConfig> & { dimension: number; sharedDimension: number }): HybridLinUCBConfig {
  const base = parseLinUCBConfig(input);
  const k = input.sharedDimension;
  check(Number.isInteger(k) && k >= 1 && k <= 4096, `sharedDimension must be an integer from 1 to 4096, got ${k}`);
  return { ...base, sharedDimension: k };
}

export function checkVector(x: ArrayLike<number>, length: number, name = 'x'): void {
  if (x.length !== length) throw new RangeError(`${name} must have length ${length}, got ${x.length}`);
  for (let i = 0; i < length; i++) {
    if (!Number.isFinite(x[i]!)) throw new RangeError(`${name}[${i}] must be a finite number, got ${x[i]}`);
  }
}

export function checkReward(reward: number): void {
  if (!Number.isFinite(reward)) throw new RangeError(`reward must be a finite number, got ${reward}`);
}
