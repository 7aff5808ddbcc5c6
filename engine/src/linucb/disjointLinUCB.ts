// Disjoint LinUCB (Li et al. 2010, algorithm 1): one ridge model per arm,
// score = θₐᵀx + α·√(xᵀAₐ⁻¹x). A pooled model over every arm's updates is the prior of a new
// arm: it starts at the pooled θ with the uncertainty of λI, not blind at zero.
import { parseLinUCBConfig, checkVector, checkReward, type LinUCBConfig } from './config.ts';
import { RidgeModel } from './ridgeModel.ts';

export interface ArmScore {
  /** Expected reward θᵀx. */
  mean: number;
  /** Exploration bonus α·√(xᵀA⁻¹x). */
  bonus: number;
  score: number;
}

export interface DisjointLinUCBSnapshot {
  kind: 'disjoint-linucb';
  config: LinUCBConfig;
  pooled: SerializedRidge;
  arms: Record<string, SerializedRidge & { prior: number[] }>;
}

export interface SerializedRidge {
  /** A and A⁻¹ as packed upper triangles, d(d+1)/2 numbers each. */
  a: number[];
  aInv: number[];
  b: number[];
  updates: number;
  sinceRecompute: number;
}

export class DisjointLinUCB {
  readonly config: LinUCBConfig;
  private readonly arms = new Map<string, { model: RidgeModel; prior: Float64Array }>();
  private readonly pooled: RidgeModel;

  constructor(config: Partial<LinUCBConfig> & { dimension: number }) {
    this.config = parseLinUCBConfig(config);
    this.pooled = RidgeModel.create(this.config.dimension, this.config.lambda, this.config.recomputeEvery);
  }

  get armCount(): number {
    return this.arms.size;
  }

  get totalUpdates(): number {
    return this.pooled.state.updates;
  }

  hasArm(armId: string): boolean {
    return this.arms.has(armId);
  }

  score(armId: string, x: ArrayLike<number>, offset = 0): ArmScore {
    const arm = this.arms.get(armId);
    const { alpha, lambda } = this.config;
    if (arm) {
      const mean = arm.model.mean(x, offset);
      const bonus = alpha * Math.sqrt(arm.model.variance(x, offset));
      return { mean, bonus, score: mean + bonus };
    }
    // An arm never updated: the pooled mean, and the width of a fresh arm (A = λI).
    const mean = this.pooled.mean(x, offset);
    let norm = 0;
    for (let i = 0; i < this.config.dimension; i++) norm += x[offset + i]! * x[offset + i]!;
    const bonus = alpha * Math.sqrt(norm / lambda);
    return { mean, bonus, score: mean + bonus };
  }

  /**
   * Scores n candidates whose features are rows of `features` (n×d, row-major) into `out`
   * (n scores). The ranking hot path: no allocation per candidate.
   */
  scoreMany(armIds: readonly string[], features: Float64Array, out: Float64Array = new Float64Array(armIds.length)): Float64Array {
    const d = this.config.dimension;
    if (features.length !== armIds.length * d) throw new RangeError(`features must hold ${armIds.length}×${d} numbers, got ${features.length}`);
    for (let i = 0; i < armIds.length; i++) out[i] = this.score(armIds[i]!, features, i * d).score;
    return out;
  }

  update(armId: string, x: ArrayLike<number>, reward: number): void {
    checkVector(x, this.config.dimension);
    checkReward(reward);
    let arm = this.arms.get(armId);
    if (!arm) {
      const prior = Float64Array.from(this.pooled.theta);
      arm = { model: RidgeModel.create(this.config.dimension, this.config.lambda, this.config.recomputeEvery, prior), prior };
      this.arms.set(armId, arm);
    }
    arm.model.update(x, reward);
    this.pooled.update(x, reward);
  }

  /** θ of the model pooled over every arm: what a new arm starts from. */
  pooledTheta(): Float64Array {
    return Float64Array.from(this.pooled.theta);
  }

  armStats(armId: string): { updates: number; theta: Float64Array } | undefined {
    const arm = this.arms.get(armId);
    return arm && { updates: arm.model.state.updates, theta: Float64Array.from(arm.model.theta) };
  }

  snapshot(): DisjointLinUCBSnapshot {
    const ser = (m: RidgeModel): SerializedRidge => ({ a: [...m.state.a], aInv: [...m.state.aInv], b: [...m.state.b], updates: m.state.updates, sinceRecompute: m.state.sinceRecompute });
    return {
      kind: 'disjoint-linucb',
      config: { ...this.config },
      pooled: ser(this.pooled),
      arms: Object.fromEntries([...this.arms].map(([id, arm]) => [id, { ...ser(arm.model), prior: [...arm.prior] }])),
    };
  }

  static restore(snapshot: DisjointLinUCBSnapshot): DisjointLinUCB {
    if (snapshot?.kind !== 'disjoint-linucb') throw new TypeError(`not a disjoint LinUCB snapshot (kind ${JSON.stringify(snapshot?.kind)})`);
    const policy = new DisjointLinUCB(snapshot.config);
    const { dimension: d, recomputeEvery } = policy.config;
    const des = (s: SerializedRidge): RidgeModel => {
      const packed = (d * (d + 1)) / 2;
      if (s.a.length !== packed || s.aInv.length !== packed || s.b.length !== d) throw new RangeError(`snapshot arrays do not match dimension ${d}`);
      return new RidgeModel(d, { a: Float64Array.from(s.a), aInv: Float64Array.from(s.aInv), b: Float64Array.from(s.b), updates: s.updates, sinceRecompute: s.sinceRecompute }, recomputeEvery);
    };
    (policy as unknown as { pooled: RidgeModel }).pooled = des(snapshot.pooled);
    for (const [id, s] of Object.entries(snapshot.arms)) policy.arms.set(id, { model: des(s), prior: Float64Array.from(s.prior) });
    return policy;
  }
}
