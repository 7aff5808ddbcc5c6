// Hybrid LinUCB with a logistic link (UCB-GLM, Li, Lu & Zhou 2017) for a probability such as
// P(purchase): a shared model θ over features z whose effect is common to every arm, plus a
// per-arm intercept bₐ, so η = θᵀz + bₐ and p = σ(η).
//
// Learning is the sequential Laplace approximation of L2-regularised ("ridge") logistic
// regression: the precision A = λI + Σ w z zᵀ with w = p(1 − p) (A⁻¹ by Sherman–Morrison, O(k²),
// re-anchored from A every `recomputeEvery` updates) and one Newton step θ += A⁻¹z (y − p) per
// outcome. Each arm's intercept is a scalar with its own precision hₐ = λₐ + Σ w. The upper
// confidence bound is taken on the logit scale, where the model is linear:
//   width = √(zᵀA⁻¹z + 1/hₐ),   upper = σ(η + α·width)
// A new arm scores from the shared model (its intercept 0 with precision λₐ), so it starts
// informed by every other arm's outcomes.
import { checkReward, checkVector } from './config.ts';
import { allFinite, packedAddOuter, packedIdentity, packedInverse, packedLength, packedMatVec, packedQuadraticForm, packedQuadraticForm8, packedSubmatrix } from '../symmetric.ts';

export interface HybridLogisticConfig {
  /** Length of the shared feature vector z. */
  dimension: number;
  /** Exploration weight on the confidence width (logit scale). 0 = the point estimate. */
  alpha: number;
  /** Prior precision of θ (ridge penalty). */
  lambda: number;
  /** Prior precision of each arm's intercept: how many Fisher-weighted outcomes an arm needs before it departs from the shared model. */
  armLambda: number;
  /** Recompute A⁻¹ from A after this many Sherman–Morrison updates. */
  recomputeEvery: number;
}

export interface LogisticScore {
  /** Logit of the point estimate, θᵀz + bₐ. */
  logit: number;
  /** Confidence width on the logit scale, √(zᵀA⁻¹z + 1/hₐ). */
  width: number;
  /** σ(logit): the estimated probability. */
  probability: number;
  /** σ(logit + α·width): the optimistic probability. */
  upper: number;
}

export interface HybridLogisticSnapshot {
  kind: 'hybrid-logistic-ucb';
  config: HybridLogisticConfig;
  /** A and A⁻¹ as packed upper triangles, k(k+1)/2 numbers each. */
  a: number[];
  aInv: number[];
  theta: number[];
  updates: number;
  sinceRecompute: number;
  arms: Record<string, { intercept: number; precision: number; updates: number }>;
}

interface Arm {
  intercept: number;
  precision: number;
  updates: number;
}

function check(cond: boolean, message: string): void {
  if (!cond) throw new RangeError(message);
}

export function parseHybridLogisticConfig(input: Partial<HybridLogisticConfig> & { dimension: number }): HybridLogisticConfig {
  const c = { alpha: 0.5, lambda: 1, armLambda: 5, recomputeEvery: 1000, ...input };
  check(Number.isInteger(c.dimension) && c.dimension >= 1 && c.dimension <= 4096, `dimension must be an integer from 1 to 4096, got ${c.dimension}`);
  check(Number.isFinite(c.alpha) && c.alpha >= 0, `alpha must be a finite number ≥ 0, got ${c.alpha}`);
  check(Number.isFinite(c.lambda) && c.lambda > 0, `lambda must be a finite number > 0, got ${c.lambda}`);
  check(Number.isFinite(c.armLambda) && c.armLambda > 0, `armLambda must be a finite number > 0, got ${c.armLambda}`);
  check(Number.isInteger(c.recomputeEvery) && c.recomputeEvery >= 1, `recomputeEvery must be an integer ≥ 1, got ${c.recomputeEvery}`);
  return { dimension: c.dimension, alpha: c.alpha, lambda: c.lambda, armLambda: c.armLambda, recomputeEvery: c.recomputeEvery };
}

/** Smallest Fisher weight an outcome adds, so a model that is sure of itself still moves. */
const MIN_WEIGHT = 1e-3;
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));
/** Rows scoreMany scores together (packedQuadraticForm8). */
const LANES = 8;

export class HybridLogisticUCB {
  readonly config: HybridLogisticConfig;
  private readonly arms = new Map<string, Arm>();
  private a: Float64Array;
  private aInv: Float64Array;
  private theta: Float64Array;
  private updates = 0;
  private sinceRecompute = 0;
  private readonly scratch: Float64Array;
  /** Scratch of scoreMany: the columns in use, A⁻¹ and θ restricted to them, LANES rows interleaved and their sums. */
  private readonly batch: { index: Int32Array; aInv: Float64Array; theta: Float64Array; block: Float64Array; quad: Float64Array; logit: Float64Array };

  /** `prior`: the mean θ starts from (e.g. the base rate's logit on the bias feature); zero when omitted. */
  constructor(config: Partial<HybridLogisticConfig> & { dimension: number }, prior?: ArrayLike<number>) {
    this.config = parseHybridLogisticConfig(config);
    const { dimension: k, lambda } = this.config;
    this.a = packedIdentity(k, lambda);
    this.aInv = packedIdentity(k, 1 / lambda);
    this.theta = new Float64Array(k);
    if (prior) {
      checkVector(prior, k, 'prior');
      for (let i = 0; i < k; i++) this.theta[i] = prior[i]!;
    }
    this.scratch = new Float64Array(k);
    this.batch = { index: new Int32Array(k), aInv: new Float64Array(packedLength(k)), theta: new Float64Array(k), block: new Float64Array(LANES * k), quad: new Float64Array(LANES), logit: new Float64Array(LANES) };
  }

  get armCount(): number {
    return this.arms.size;
  }

  get totalUpdates(): number {
    return this.updates;
  }

  hasArm(armId: string): boolean {
    return this.arms.has(armId);
  }

  /** θ of the shared model (a copy). */
  sharedTheta(): Float64Array {
    return Float64Array.from(this.theta);
  }

  armStats(armId: string): { updates: number; intercept: number; precision: number } | undefined {
    const arm = this.arms.get(armId);
    return arm && { ...arm };
  }

  score(armId: string, z: ArrayLike<number>, offset = 0): LogisticScore {
    const { dimension: k, alpha, armLambda } = this.config;
    const arm = this.arms.get(armId);
    let logit = arm ? arm.intercept : 0;
    for (let i = 0; i < k; i++) logit += this.theta[i]! * z[offset + i]!;
    const width = Math.sqrt(Math.max(0, packedQuadraticForm(this.aInv, z, k, offset)) + 1 / (arm ? arm.precision : armLambda));
    return { logit, width, probability: sigmoid(logit), upper: sigmoid(logit + alpha * width) };
  }

  /**
   * Scores n candidates at once, the ranking hot path: row r of the shared features starts at
   * z[r·stride] (stride ≥ k) and belongs to arm armIds[r]; writes score().probability to
   * probability[r] and score().upper to upper[r], the same numbers bit for bit (every sum keeps
   * its terms and their order). Two things make it faster than calling score() n times:
   * - a feature that is 0 in every row (the other channels' one-hots, an unknown attribute, a
   *   segment the customer is not in) is dropped from θᵀz and zᵀA⁻¹z for the whole batch: its
   *   terms are exactly 0 while A⁻¹ and θ are finite (otherwise each row goes through score());
   * - rows go eight at a time (packedQuadraticForm8), so eight independent sums overlap.
   */
  scoreMany(armIds: ArrayLike<string>, z: Float64Array, stride: number, probability: Float64Array, upper: Float64Array, n = armIds.length): void {
    const { dimension: k, alpha, armLambda } = this.config;
    if (!(Number.isInteger(stride) && stride >= k)) throw new RangeError(`stride must be an integer ≥ ${k}, got ${stride}`);
    if (!(Number.isInteger(n) && n >= 0 && n <= armIds.length)) throw new RangeError(`n must be an integer from 0 to ${armIds.length}, got ${n}`);
    if (n > 0 && z.length < (n - 1) * stride + k) throw new RangeError(`z must hold ${n} rows of stride ${stride}, got ${z.length} numbers`);
    if (probability.length < n || upper.length < n) throw new RangeError(`probability and upper must hold ${n} numbers`);
    if (!allFinite(this.aInv) || !allFinite(this.theta)) {
      for (let r = 0; r < n; r++) {
        const s = this.score(armIds[r]!, z, r * stride);
        probability[r] = s.probability;
        upper[r] = s.upper;
      }
      return;
    }
    const { index, aInv, theta, block, quad, logit } = this.batch;
    // the columns that are non-zero in some row (a column is usually settled by its first rows)
    let u = 0;
    for (let j = 0; j < k; j++) {
      for (let at = j, end = n * stride; at < end; at += stride) {
        if (z[at] !== 0) {
          index[u++] = j;
          break;
        }
      }
    }
    packedSubmatrix(this.aInv, k, index, u, aInv);
    for (let p = 0; p < u; p++) theta[p] = this.theta[index[p]!]!;
    const arms = this.arms;
    const rowArms: (Arm | undefined)[] = new Array(LANES).fill(undefined);
    for (let r0 = 0; r0 < n; r0 += LANES) {
      const lanes = Math.min(LANES, n - r0);
      // rows r0 … r0 + 7, interleaved on the used columns (a missing row is all 0)
      const first = r0 * stride;
      for (let p = 0, b = 0; p < u; p++, b += LANES) {
        const at = first + index[p]!;
        let l = 0;
        for (; l < lanes; l++) block[b + l] = z[at + l * stride]!;
        for (; l < LANES; l++) block[b + l] = 0;
      }
      for (let l = 0; l < lanes; l++) {
        const arm = arms.get(armIds[r0 + l]!);
        rowArms[l] = arm;
        logit[l] = arm ? arm.intercept : 0;
      }
      // θᵀz of each row: the intercept, then the terms in column order (as score() adds them)
      for (let l = 0; l < lanes; l++) {
        let eta = logit[l]!;
        for (let p = 0, b = l; p < u; p++, b += LANES) eta += theta[p]! * block[b]!;
        logit[l] = eta;
      }
      packedQuadraticForm8(aInv, block, u, quad);
      for (let l = 0; l < lanes; l++) {
        const arm = rowArms[l];
        const width = Math.sqrt(Math.max(0, quad[l]!) + 1 / (arm ? arm.precision : armLambda));
        probability[r0 + l] = sigmoid(logit[l]!);
        upper[r0 + l] = sigmoid(logit[l]! + alpha * width);
      }
    }
  }

  /** Learns from one outcome y ∈ [0, 1] (1 = the event happened) of arm `armId` seen with features z. */
  update(armId: string, z: ArrayLike<number>, y: number): void {
    const { dimension: k, armLambda, recomputeEvery } = this.config;
    checkVector(z, k, 'z');
    checkReward(y);
    if (y < 0 || y > 1) throw new RangeError(`y must be a number from 0 to 1, got ${y}`);
    let arm = this.arms.get(armId);
    if (!arm) this.arms.set(armId, (arm = { intercept: 0, precision: armLambda, updates: 0 }));
    let logit = arm.intercept;
    for (let i = 0; i < k; i++) logit += this.theta[i]! * z[i]!;
    const p = sigmoid(logit);
    const w = Math.max(MIN_WEIGHT, p * (1 - p));
    const g = y - p;
    // A += w z zᵀ, and A⁻¹ by Sherman–Morrison (or re-anchored from A).
    packedAddOuter(this.a, z, k, w);
    if (++this.sinceRecompute >= recomputeEvery) {
      packedInverse(this.a, k, this.aInv);
      this.sinceRecompute = 0;
    } else {
      const u = packedMatVec(this.aInv, z, k, this.scratch);
      let denom = 1;
      for (let i = 0; i < k; i++) denom += w * z[i]! * u[i]!;
      packedAddOuter(this.aInv, u, k, -w / denom);
    }
    // One Newton step with the updated precision: θ += A⁻¹ z (y − p); the intercept likewise.
    const step = packedMatVec(this.aInv, z, k, this.scratch);
    for (let i = 0; i < k; i++) this.theta[i]! += step[i]! * g;
    arm.precision += w;
    arm.intercept += g / arm.precision;
    arm.updates++;
    this.updates++;
  }

  snapshot(): HybridLogisticSnapshot {
    return {
      kind: 'hybrid-logistic-ucb',
      config: { ...this.config },
      a: [...this.a],
      aInv: [...this.aInv],
      theta: [...this.theta],
      updates: this.updates,
      sinceRecompute: this.sinceRecompute,
      arms: Object.fromEntries([...this.arms].map(([id, arm]) => [id, { ...arm }])),
    };
  }

  static restore(snapshot: HybridLogisticSnapshot): HybridLogisticUCB {
    if (snapshot?.kind !== 'hybrid-logistic-ucb') throw new TypeError(`not a hybrid logistic UCB snapshot (kind ${JSON.stringify(snapshot?.kind)})`);
    const model = new HybridLogisticUCB(snapshot.config);
    const k = model.config.dimension;
    if (snapshot.a.length !== packedLength(k) || snapshot.aInv.length !== packedLength(k) || snapshot.theta.length !== k) throw new RangeError(`snapshot arrays do not match dimension ${k}`);
    model.a = Float64Array.from(snapshot.a);
    model.aInv = Float64Array.from(snapshot.aInv);
    model.theta = Float64Array.from(snapshot.theta);
    model.updates = snapshot.updates;
    model.sinceRecompute = snapshot.sinceRecompute;
    for (const [id, arm] of Object.entries(snapshot.arms)) model.arms.set(id, { intercept: arm.intercept, precision: arm.precision, updates: arm.updates });
    return model;
  }
}
