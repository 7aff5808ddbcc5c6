import { Matrix, inverse } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { HybridLinUCB, seededRandom } from '../src/index.ts';

const vec = (rng: { next(): number }, n: number) => Array.from({ length: n }, () => rng.next() * 2 - 1);

/** Li et al. 2010, algorithm 2, written out literally with ml-matrix: the reference. */
class ReferenceHybrid {
  a0: Matrix; b0: Matrix;
  arms = new Map<string, { a: Matrix; bMat: Matrix; b: Matrix }>();
  constructor(private d: number, private k: number, private alpha: number, private lambda: number) {
    this.a0 = Matrix.eye(k).mul(lambda);
    this.b0 = Matrix.zeros(k, 1);
  }
  arm(id: string) {
    let a = this.arms.get(id);
    if (!a) this.arms.set(id, (a = { a: Matrix.eye(this.d).mul(this.lambda), bMat: Matrix.zeros(this.d, this.k), b: Matrix.zeros(this.d, 1) }));
    return a;
  }
  score(id: string, xs: number[], zs: number[]) {
    const x = Matrix.columnVector(xs), z = Matrix.columnVector(zs);
    const arm = this.arms.get(id) ?? { a: Matrix.eye(this.d).mul(this.lambda), bMat: Matrix.zeros(this.d, this.k), b: Matrix.zeros(this.d, 1) };
    const a0i = inverse(this.a0), ai = inverse(arm.a);
    const beta = a0i.mmul(this.b0);
    const theta = ai.mmul(arm.b.clone().sub(arm.bMat.mmul(beta)));
    const s = z.transpose().mmul(a0i).mmul(z).get(0, 0)
      - 2 * z.transpose().mmul(a0i).mmul(arm.bMat.transpose()).mmul(ai).mmul(x).get(0, 0)
      + x.transpose().mmul(ai).mmul(x).get(0, 0)
      + x.transpose().mmul(ai).mmul(arm.bMat).mmul(a0i).mmul(arm.bMat.transpose()).mmul(ai).mmul(x).get(0, 0);
    const mean = z.transpose().mmul(beta).get(0, 0) + x.transpose().mmul(theta).get(0, 0);
    return mean + this.alpha * Math.sqrt(s);
  }
  update(id: string, xs: number[], zs: number[], r: number) {
    const x = Matrix.columnVector(xs), z = Matrix.columnVector(zs);
    const arm = this.arm(id);
    let ai = inverse(arm.a);
    this.a0.add(arm.bMat.transpose().mmul(ai).mmul(arm.bMat));
    this.b0.add(arm.bMat.transpose().mmul(ai).mmul(arm.b));
    arm.a.add(x.mmul(x.transpose()));
    arm.bMat.add(x.mmul(z.transpose()));
    arm.b.add(x.clone().mul(r));
    ai = inverse(arm.a);
    this.a0.add(z.mmul(z.transpose())).sub(arm.bMat.transpose().mmul(ai).mmul(arm.bMat));
    this.b0.add(z.clone().mul(r)).sub(arm.bMat.transpose().mmul(ai).mmul(arm.b));
  }
}

describe('hybrid LinUCB', () => {
  it('scores exactly as the algorithm written out with full matrices', () => {
    const d = 4, k = 3;
    const rng = seededRandom(5);
    const fast = new HybridLinUCB({ dimension: d, sharedDimension: k, alpha: 0.7, lambda: 1.5, recomputeEvery: 1_000_000 });
    const ref = new ReferenceHybrid(d, k, 0.7, 1.5);
    for (let t = 0; t < 300; t++) {
      const arm = `a${Math.floor(rng.next() * 5)}`;
      const x = vec(rng, d), z = vec(rng, k), r = rng.next();
      fast.update(arm, x, z, r);
      ref.update(arm, x, z, r);
    }
    for (const arm of ['a0', 'a3', 'brand-new']) {
      const x = vec(rng, d), z = vec(rng, k);
      expect(fast.score(arm, x, z).score).toBeCloseTo(ref.score(arm, x, z), 8);
    }
  });

  it('carries what it learned on old arms to a new arm through the shared features', () => {
    const rng = seededRandom(11);
    const policy = new HybridLinUCB({ dimension: 2, sharedDimension: 2, alpha: 0, lambda: 1 });
    // reward = 0.9 when the shared feature z₀ is on, 0.1 otherwise, whatever the arm
    for (let t = 0; t < 2000; t++) {
      const on = rng.next() < 0.5;
      policy.update(`arm-${t % 20}`, [1, rng.next()], [on ? 1 : 0, 1], on ? 0.9 : 0.1);
    }
    const hot = policy.score('never-seen', [1, 0.5], [1, 1]).mean;
    const cold = policy.score('never-seen', [1, 0.5], [0, 1]).mean;
    expect(hot - cold).toBeGreaterThan(0.5);
  });

  it('restores from a snapshot and keeps learning identically', () => {
    const rng = seededRandom(21);
    const policy = new HybridLinUCB({ dimension: 3, sharedDimension: 2, alpha: 1, lambda: 1, recomputeEvery: 13 });
    for (let t = 0; t < 80; t++) policy.update(`a${t % 4}`, vec(rng, 3), vec(rng, 2), rng.next());
    const restored = HybridLinUCB.restore(JSON.parse(JSON.stringify(policy.snapshot())));
    const r1 = seededRandom(1), r2 = seededRandom(1);
    for (let t = 0; t < 40; t++) {
      policy.update(`a${t % 5}`, vec(r1, 3), vec(r1, 2), r1.next());
      restored.update(`a${t % 5}`, vec(r2, 3), vec(r2, 2), r2.next());
    }
    const x = [0.2, -0.4, 0.9], z = [0.5, 0.1];
    for (const arm of ['a0', 'a4', 'new']) expect(restored.score(arm, x, z)).toEqual(policy.score(arm, x, z));
  });

  it('rejects vectors of the wrong length and changes nothing', () => {
    const policy = new HybridLinUCB({ dimension: 3, sharedDimension: 2 });
    expect(() => policy.update('a', [1, 2, 3], [1], 1)).toThrow('z must have length 2, got 1');
    expect(() => new HybridLinUCB({ dimension: 3, sharedDimension: 0 })).toThrow('sharedDimension must be an integer from 1 to 4096, got 0');
    expect(policy.totalUpdates).toBe(0);
    expect(policy.armCount).toBe(0);
  });
});
