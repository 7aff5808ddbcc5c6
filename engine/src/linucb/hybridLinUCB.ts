// Hybrid LinUCB (Li et al. 2010, algorithm 2): a shared model over features z whose effect is
// common to every arm (β), plus a per-arm model over x (θₐ). A new arm is scored by the shared
// part from its first request, so it starts informed, not blind.
//
// With v = Aₐ⁻¹x, w = Bₐᵀv and u = z − w, the algorithm's score reduces to
//   mean = uᵀβ + vᵀbₐ,   s = uᵀA₀⁻¹u + xᵀv,   score = mean + α√s
// which costs d² + dk + k² per candidate and allocates nothing.
import { addOuter, identity, invert, matVec, quadraticForm, shermanMorrisonUpdate, dot } from '../linalg.ts';
import { checkReward, checkVector, parseHybridLinUCBConfig, type HybridLinUCBConfig } from './config.ts';
import type { ArmScore } from './disjointLinUCB.ts';

interface HybridArm {
  a: Float64Array; // d×d
  aInv: Float64Array; // d×d
  bMat: Float64Array; // d×k (Bₐ)
  b: Float64Array; // d
  updates: number;
  sinceRecompute: number;
}

export interface HybridLinUCBSnapshot {
  kind: 'hybrid-linucb';
  config: HybridLinUCBConfig;
  a0: number[];
  b0: number[];
  updates: number;
  arms: Record<string, { a: number[]; aInv: number[]; bMat: number[]; b: number[]; updates: number; sinceRecompute: number }>;
}

export class HybridLinUCB {
  readonly config: HybridLinUCBConfig;
  private readonly arms = new Map<string, HybridArm>();
  private a0: Float64Array;
  private a0Inv: Float64Array;
  private b0: Float64Array;
  private beta: Float64Array;
  private updates = 0;
  // scratch buffers, reused by every call
  private readonly v: Float64Array;
  private readonly w: Float64Array;
  private readonly u: Float64Array;
  private readonly kk: Float64Array;
  private readonly dk: Float64Array;
  private readonly kScratch: Float64Array;
  private readonly dScratch: Float64Array;

  constructor(config: Partial<HybridLinUCBConfig> & { dimension: number; sharedDimension: number }) {
    this.config = parseHybridLinUCBConfig(config);
    const { dimension: d, sharedDimension: k, lambda } = this.config;
    this.a0 = identity(k, lambda);
    this.a0Inv = identity(k, 1 / lambda);
    this.b0 = new Float64Array(k);
    this.beta = new Float64Array(k);
    this.v = new Float64Array(d);
    this.w = new Float64Array(k);
    this.u = new Float64Array(k);
    this.kk = new Float64Array(k * k);
    this.dk = new Float64Array(d * k);
    this.kScratch = new Float64Array(k);
    this.dScratch = new Float64Array(d);
  }

  get armCount(): number {
    return this.arms.size;
  }

  get totalUpdates(): number {
    return this.updates;
  }

  score(armId: string, x: ArrayLike<number>, z: ArrayLike<number>): ArmScore {
    const { dimension: d, sharedDimension: k, alpha, lambda } = this.config;
    const arm = this.arms.get(armId);
    let mean: number;
    let s: number;
    if (!arm) {
      // Fresh arm: Aₐ = λI, Bₐ = 0, bₐ = 0 → v = x/λ, w = 0, u = z.
      mean = dot(z, this.beta, k);
      let xx = 0;
      for (let i = 0; i < d; i++) xx += x[i]! * x[i]!;
      s = quadraticForm(this.a0Inv, z, k) + xx / lambda;
    } else {
      const v = matVec(arm.aInv, x, d, d, this.v);
      // w = Bₐᵀ v
      const w = this.w.fill(0);
      for (let i = 0; i < d; i++) {
        const vi = v[i]!;
        if (vi === 0) continue;
        const base = i * k;
        for (let j = 0; j < k; j++) w[j]! += arm.bMat[base + j]! * vi;
      }
      const u = this.u;
      for (let j = 0; j < k; j++) u[j] = z[j]! - w[j]!;
      mean = dot(u, this.beta, k) + dot(v, arm.b, d);
      s = quadraticForm(this.a0Inv, u, k) + dot(x, v, d);
    }
    const bonus = alpha * Math.sqrt(Math.max(0, s));
    return { mean, bonus, score: mean + bonus };
  }

  update(armId: string, x: ArrayLike<number>, z: ArrayLike<number>, reward: number): void {
    const { dimension: d, sharedDimension: k, lambda, recomputeEvery } = this.config;
    checkVector(x, d, 'x');
    checkVector(z, k, 'z');
    checkReward(reward);
    let arm = this.arms.get(armId);
    if (!arm) {
      arm = { a: identity(d, lambda), aInv: identity(d, 1 / lambda), bMat: new Float64Array(d * k), b: new Float64Array(d), updates: 0, sinceRecompute: 0 };
      this.arms.set(armId, arm);
    }
    // A₀ += BₐᵀAₐ⁻¹Bₐ ; b₀ += BₐᵀAₐ⁻¹bₐ   (with the arm's state before this update)
    this.addArmProjection(arm, +1);
    addOuter(arm.a, x, d);
    if (++arm.sinceRecompute >= recomputeEvery) {
      invert(arm.a, d, arm.aInv);
      arm.sinceRecompute = 0;
    } else {
      shermanMorrisonUpdate(arm.aInv, x, d, this.dScratch);
    }
    for (let i = 0; i < d; i++) {
      const xi = x[i]!;
      arm.b[i]! += reward * xi;
      if (xi === 0) continue;
      const base = i * k;
      for (let j = 0; j < k; j++) arm.bMat[base + j]! += xi * z[j]!;
    }
    arm.updates++;
    // A₀ += zzᵀ − BₐᵀAₐ⁻¹Bₐ ; b₀ += r z − BₐᵀAₐ⁻¹bₐ   (with the arm's new state)
    addOuter(this.a0, z, k);
    for (let j = 0; j < k; j++) this.b0[j]! += reward * z[j]!;
    this.addArmProjection(arm, -1);
    // A₀ changes by more than rank one here: re-invert the small k×k matrix (ml-matrix).
    invert(this.a0, k, this.a0Inv);
    matVec(this.a0Inv, this.b0, k, k, this.beta);
    this.updates++;
  }

  /** A₀ += sign·BₐᵀAₐ⁻¹Bₐ and b₀ += sign·BₐᵀAₐ⁻¹bₐ. */
  private addArmProjection(arm: HybridArm, sign: 1 | -1): void {
    const { dimension: d, sharedDimension: k } = this.config;
    // dk = Aₐ⁻¹Bₐ (d×k)
    const dk = this.dk.fill(0);
    for (let i = 0; i < d; i++) {
      const rowBase = i * d;
      const outBase = i * k;
      for (let m = 0; m < d; m++) {
        const aim = arm.aInv[rowBase + m]!;
        if (aim === 0) continue;
        const bBase = m * k;
        for (let j = 0; j < k; j++) dk[outBase + j]! += aim * arm.bMat[bBase + j]!;
      }
    }
    // kk = Bₐᵀ dk (k×k)
    const kk = this.kk.fill(0);
    for (let m = 0; m < d; m++) {
      const bBase = m * k;
      const dBase = m * k;
      for (let i = 0; i < k; i++) {
        const bmi = arm.bMat[bBase + i]!;
        if (bmi === 0) continue;
        const out = i * k;
        for (let j = 0; j < k; j++) kk[out + j]! += bmi * dk[dBase + j]!;
      }
    }
    for (let i = 0; i < k * k; i++) this.a0[i]! += sign * kk[i]!;
    // Bₐᵀ Aₐ⁻¹ bₐ = dkᵀ bₐ (since Aₐ⁻¹ is symmetric)
    const t = this.kScratch.fill(0);
    for (let m = 0; m < d; m++) {
      const bm = arm.b[m]!;
      if (bm === 0) continue;
      const base = m * k;
      for (let j = 0; j < k; j++) t[j]! += dk[base + j]! * bm;
    }
    for (let j = 0; j < k; j++) this.b0[j]! += sign * t[j]!;
  }

  snapshot(): HybridLinUCBSnapshot {
    return {
      kind: 'hybrid-linucb',
      config: { ...this.config },
      a0: [...this.a0],
      b0: [...this.b0],
      updates: this.updates,
      arms: Object.fromEntries(
        [...this.arms].map(([id, a]) => [id, { a: [...a.a], aInv: [...a.aInv], bMat: [...a.bMat], b: [...a.b], updates: a.updates, sinceRecompute: a.sinceRecompute }]),
      ),
    };
  }

  static restore(snapshot: HybridLinUCBSnapshot): HybridLinUCB {
    if (snapshot?.kind !== 'hybrid-linucb') throw new TypeError(`not a hybrid LinUCB snapshot (kind ${JSON.stringify(snapshot?.kind)})`);
    const policy = new HybridLinUCB(snapshot.config);
    const { dimension: d, sharedDimension: k } = policy.config;
    if (snapshot.a0.length !== k * k || snapshot.b0.length !== k) throw new RangeError(`snapshot arrays do not match sharedDimension ${k}`);
    policy.a0 = Float64Array.from(snapshot.a0);
    policy.b0 = Float64Array.from(snapshot.b0);
    policy.a0Inv = invert(policy.a0, k);
    policy.beta = matVec(policy.a0Inv, policy.b0, k, k, new Float64Array(k));
    policy.updates = snapshot.updates;
    for (const [id, a] of Object.entries(snapshot.arms)) {
      if (a.a.length !== d * d || a.bMat.length !== d * k || a.b.length !== d) throw new RangeError(`snapshot arm ${id} does not match dimensions ${d}×${k}`);
      policy.arms.set(id, { a: Float64Array.from(a.a), aInv: Float64Array.from(a.aInv), bMat: Float64Array.from(a.bMat), b: Float64Array.from(a.b), updates: a.updates, sinceRecompute: a.sinceRecompute });
    }
    return policy;
  }
}
