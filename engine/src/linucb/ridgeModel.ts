// One ridge-regression model with its confidence ellipsoid: A = λI + Σ x xᵀ, b = Σ r x, θ = A⁻¹ b.
// A and A⁻¹ are stored packed (symmetric). A⁻¹ is kept current by Sherman–Morrison rank-1
// updates and re-anchored from A every `recomputeEvery` updates, so round-off cannot accumulate.
import { packedAddOuter, packedIdentity, packedInverse, packedMatVec, packedQuadraticForm, packedShermanMorrison } from '../symmetric.ts';

export interface RidgeModelState {
  /** A, packed upper triangle. */
  a: Float64Array;
  /** A⁻¹, packed upper triangle. */
  aInv: Float64Array;
  b: Float64Array;
  updates: number;
  /** Updates since A⁻¹ was last recomputed from A (part of the state, so a restored model re-anchors on the same step). */
  sinceRecompute: number;
}

export class RidgeModel {
  readonly theta: Float64Array;
  private readonly scratch: Float64Array;

  constructor(
    readonly dimension: number,
    readonly state: RidgeModelState,
    private readonly recomputeEvery: number,
  ) {
    this.theta = new Float64Array(dimension);
    this.scratch = new Float64Array(dimension);
    this.refreshTheta();
  }

  /** A fresh model: A = λI and b = λ·prior, so θ starts at the prior mean (zero when none). */
  static create(dimension: number, lambda: number, recomputeEvery: number, prior?: ArrayLike<number>): RidgeModel {
    const b = new Float64Array(dimension);
    if (prior) for (let i = 0; i < dimension; i++) b[i] = lambda * prior[i]!;
    return new RidgeModel(dimension, { a: packedIdentity(dimension, lambda), aInv: packedIdentity(dimension, 1 / lambda), b, updates: 0, sinceRecompute: 0 }, recomputeEvery);
  }

  mean(x: ArrayLike<number>, offset = 0): number {
    let s = 0;
    for (let i = 0; i < this.dimension; i++) s += this.theta[i]! * x[offset + i]!;
    return s;
  }

  /** xᵀA⁻¹x: the squared width of the confidence interval along x. */
  variance(x: ArrayLike<number>, offset = 0): number {
    return Math.max(0, packedQuadraticForm(this.state.aInv, x, this.dimension, offset));
  }

  update(x: ArrayLike<number>, reward: number): void {
    const { a, aInv, b } = this.state;
    const d = this.dimension;
    packedAddOuter(a, x, d);
    for (let i = 0; i < d; i++) b[i]! += reward * x[i]!;
    if (++this.state.sinceRecompute >= this.recomputeEvery) {
      packedInverse(a, d, aInv);
      this.state.sinceRecompute = 0;
    } else {
      packedShermanMorrison(aInv, x, d, this.scratch);
    }
    this.state.updates++;
    this.refreshTheta();
  }

  private refreshTheta(): void {
    packedMatVec(this.state.aInv, this.state.b, this.dimension, this.theta);
  }
}
