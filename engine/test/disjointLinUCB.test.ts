import { Matrix, solve } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { DisjointLinUCB, RidgeModel, parseLinUCBConfig, seededRandom } from '../src/index.ts';

const gaussian = (rng: { next(): number }) => Math.sqrt(-2 * Math.log(1 - rng.next())) * Math.cos(2 * Math.PI * rng.next());

describe('ridge model', () => {
  it('keeps A⁻¹ and θ equal to a direct solve after many Sherman–Morrison updates', () => {
    const d = 12;
    const rng = seededRandom(7);
    const model = RidgeModel.create(d, 0.5, 1_000_000); // never re-anchored: pure Sherman–Morrison
    const rows: number[][] = [];
    const rewards: number[] = [];
    for (let t = 0; t < 2000; t++) {
      const x = Array.from({ length: d }, () => gaussian(rng));
      const r = gaussian(rng);
      rows.push(x);
      rewards.push(r);
      model.update(x, r);
    }
    // Rebuild A and b from the inputs and solve directly.
    const X = new Matrix(rows);
    const A = X.transpose().mmul(X).add(Matrix.eye(d).mul(0.5));
    const b = X.transpose().mmul(Matrix.columnVector(rewards));
    const theta = solve(A, b).getColumn(0);
    for (let i = 0; i < d; i++) expect(model.theta[i]).toBeCloseTo(theta[i]!, 8);
    const probe = Array.from({ length: d }, () => gaussian(rng));
    const direct = Matrix.rowVector(probe).mmul(solve(A, Matrix.columnVector(probe))).get(0, 0);
    expect(model.variance(probe)).toBeCloseTo(direct, 10);
  });

  it('re-anchors A⁻¹ from A periodically and stays on the same solution', () => {
    const d = 6;
    const rng = seededRandom(3);
    const anchored = RidgeModel.create(d, 1, 10);
    const plain = RidgeModel.create(d, 1, 1_000_000);
    for (let t = 0; t < 95; t++) {
      const x = Array.from({ length: d }, () => rng.next());
      const r = rng.next();
      anchored.update(x, r);
      plain.update(x, r);
    }
    expect(anchored.state.sinceRecompute).toBe(5);
    for (let i = 0; i < anchored.state.aInv.length; i++) expect(anchored.state.aInv[i]).toBeCloseTo(plain.state.aInv[i]!, 9);
    for (let i = 0; i < d; i++) expect(anchored.theta[i]).toBeCloseTo(plain.theta[i]!, 9);
  });
});

describe('disjoint LinUCB', () => {
  it('finds the best arm of a small known problem and mostly plays it', () => {
    const d = 4;
    const rng = seededRandom(42);
    const truth: Record<string, number[]> = { a: [0.1, 0.1, 0.0, 0.1], b: [0.6, 0.2, 0.1, 0.0], c: [0.2, 0.5, 0.0, 0.1] };
    const policy = new DisjointLinUCB({ dimension: d, alpha: 0.5, lambda: 1 });
    const plays: Record<string, number> = { a: 0, b: 0, c: 0 };
    let late = { best: 0, total: 0 };
    for (let t = 0; t < 3000; t++) {
      const x = [1, rng.next(), rng.next(), rng.next()];
      const expected = (arm: string) => truth[arm]!.reduce((s, w, i) => s + w * x[i]!, 0);
      const arms = Object.keys(truth);
      const chosen = arms.reduce((best, arm) => (policy.score(arm, x).score > policy.score(best, x).score ? arm : best));
      const bestArm = arms.reduce((best, arm) => (expected(arm) > expected(best) ? arm : best));
      plays[chosen]!++;
      if (t >= 2000) late = { best: late.best + (chosen === bestArm ? 1 : 0), total: late.total + 1 };
      policy.update(chosen, x, expected(chosen) + 0.1 * gaussian(rng));
    }
    expect(late.best / late.total).toBeGreaterThan(0.85);
    expect(plays.b! + plays.c!).toBeGreaterThan(plays.a! * 5);
  });

  it('starts a new arm from the pooled model rather than from zero', () => {
    const policy = new DisjointLinUCB({ dimension: 2, alpha: 0, lambda: 1 });
    for (let t = 0; t < 200; t++) policy.update(`arm-${t % 5}`, [1, 0], 0.8);
    expect(policy.score('never-seen', [1, 0]).mean).toBeGreaterThan(0.7);
    policy.update('late', [0, 1], 0);
    expect(policy.score('late', [1, 0]).mean).toBeGreaterThan(0.7); // its prior came from the pool
  });

  it('scores and keeps learning identically after snapshot and restore', () => {
    const rng = seededRandom(9);
    const policy = new DisjointLinUCB({ dimension: 5, alpha: 1.2, lambda: 0.7, recomputeEvery: 7 });
    const step = (p: DisjointLinUCB, r: { next(): number }) => {
      const x = Array.from({ length: 5 }, () => r.next());
      p.update(`arm-${Math.floor(r.next() * 4)}`, x, r.next());
    };
    for (let t = 0; t < 100; t++) step(policy, rng);
    const restored = DisjointLinUCB.restore(JSON.parse(JSON.stringify(policy.snapshot())));
    const probe = [0.3, 0.1, 0.9, 0.4, 0.5];
    for (const arm of ['arm-0', 'arm-3', 'new']) expect(restored.score(arm, probe)).toEqual(policy.score(arm, probe));
    const r1 = seededRandom(100);
    const r2 = seededRandom(100);
    for (let t = 0; t < 50; t++) {
      step(policy, r1);
      step(restored, r2);
    }
    for (const arm of ['arm-0', 'arm-1', 'arm-2']) expect(restored.score(arm, probe)).toEqual(policy.score(arm, probe));
  });

  it('rejects bad configuration and inputs with exact messages', () => {
    expect(() => parseLinUCBConfig({ dimension: 0 })).toThrow('dimension must be an integer from 1 to 4096, got 0');
    expect(() => parseLinUCBConfig({ dimension: 4, alpha: -1 })).toThrow('alpha must be a finite number ≥ 0, got -1');
    expect(() => parseLinUCBConfig({ dimension: 4, lambda: 0 })).toThrow('lambda must be a finite number > 0, got 0');
    expect(() => parseLinUCBConfig({ dimension: 4, recomputeEvery: 1.5 })).toThrow('recomputeEvery must be an integer ≥ 1, got 1.5');
    const policy = new DisjointLinUCB({ dimension: 3 });
    expect(() => policy.update('a', [1, 2], 1)).toThrow('x must have length 3, got 2');
    expect(() => policy.update('a', [1, Number.NaN, 2], 1)).toThrow('x[1] must be a finite number, got NaN');
    expect(() => policy.update('a', [1, 2, 3], Number.POSITIVE_INFINITY)).toThrow('reward must be a finite number, got Infinity');
    expect(policy.totalUpdates).toBe(0);
  });
});
