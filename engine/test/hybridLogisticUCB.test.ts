import { describe, expect, it } from 'vitest';
import { HybridLogisticUCB, seededRandom } from '../src/index.ts';
import { packedInverse } from '../src/symmetric.ts';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** k features: a bias then uniform(−1, 1) numbers. */
function features(rng: { next(): number }, k: number): Float64Array {
  const z = new Float64Array(k);
  z[0] = 1;
  for (let i = 1; i < k; i++) z[i] = rng.next() * 2 - 1;
  return z;
}

describe('hybrid logistic UCB', () => {
  it('recovers a logistic model: shared θ and each arm\'s own intercept', () => {
    const k = 5;
    const trueTheta = [-2, 1, -0.8, 0.5, 0];
    const trueIntercept: Record<string, number> = { a: 0.6, b: 0, c: -0.6 };
    const rng = seededRandom(1);
    const model = new HybridLogisticUCB({ dimension: k, alpha: 1, lambda: 1, armLambda: 5, recomputeEvery: 500 });
    for (let t = 0; t < 60_000; t++) {
      const arm = 'abc'[t % 3]!;
      const z = features(rng, k);
      let eta = trueIntercept[arm]!;
      for (let i = 0; i < k; i++) eta += trueTheta[i]! * z[i]!;
      model.update(arm, z, rng.next() < sigmoid(eta) ? 1 : 0);
    }
    const theta = model.sharedTheta();
    // slopes are identified; the bias is shared with the intercepts (their sum is what counts)
    for (let i = 1; i < k; i++) expect(Math.abs(theta[i]! - trueTheta[i]!)).toBeLessThan(0.1);
    for (const arm of 'abc') expect(Math.abs(theta[0]! + model.armStats(arm)!.intercept - (trueTheta[0]! + trueIntercept[arm]!))).toBeLessThan(0.1);
    const z = features(seededRandom(9), k);
    expect(model.score('a', z).probability).toBeGreaterThan(model.score('b', z).probability);
    expect(model.score('b', z).probability).toBeGreaterThan(model.score('c', z).probability);
  });

  it('starts a new arm from the shared model, with the width of its prior intercept; optimism shrinks with data', () => {
    const k = 3;
    const model = new HybridLogisticUCB({ dimension: k, alpha: 2, lambda: 1, armLambda: 4, recomputeEvery: 100 }, [Math.log(0.05 / 0.95), 0, 0]);
    const z = Float64Array.from([1, 0.5, -0.5]);
    const fresh = model.score('new', z);
    expect(fresh.probability).toBeCloseTo(0.05, 12);
    expect(fresh.width).toBeCloseTo(Math.sqrt(1 + 0.25 + 0.25 + 1 / 4), 12); // zᵀ(λI)⁻¹z + 1/λₐ
    expect(fresh.upper).toBeCloseTo(sigmoid(fresh.logit + 2 * fresh.width), 12);
    const rng = seededRandom(2);
    for (let t = 0; t < 500; t++) model.update('old', features(rng, k), rng.next() < 0.2 ? 1 : 0);
    const seasoned = model.score('old', z);
    expect(seasoned.width).toBeLessThan(fresh.width / 3);
    // the shared part learned from 'old' informs a new arm too
    expect(model.score('new', z).probability).toBeGreaterThan(0.1);
    expect(model.score('new', z).width).toBeGreaterThan(seasoned.width);
  });

  it('keeps A⁻¹ (Sherman–Morrison between re-anchors) equal to the inverse of A', () => {
    const k = 6;
    const model = new HybridLogisticUCB({ dimension: k, alpha: 1, lambda: 1, armLambda: 5, recomputeEvery: 10_000 });
    const rng = seededRandom(3);
    for (let t = 0; t < 3000; t++) model.update(`arm${t % 7}`, features(rng, k), rng.next() < 0.1 ? 1 : 0);
    const snap = model.snapshot();
    const exact = packedInverse(Float64Array.from(snap.a), k);
    for (let i = 0; i < exact.length; i++) expect(snap.aInv[i]!).toBeCloseTo(exact[i]!, 9);
  });

  it('restores from a JSON snapshot to a model that scores and learns identically', () => {
    const k = 4;
    const model = new HybridLogisticUCB({ dimension: k, alpha: 0.5, lambda: 2, armLambda: 3, recomputeEvery: 7 });
    const rng = seededRandom(4);
    for (let t = 0; t < 200; t++) model.update(`arm${t % 5}`, features(rng, k), rng.next() < 0.3 ? 1 : 0);
    const copy = HybridLogisticUCB.restore(JSON.parse(JSON.stringify(model.snapshot())));
    const z = features(seededRandom(5), k);
    expect(copy.score('arm1', z)).toEqual(model.score('arm1', z));
    for (let t = 0; t < 20; t++) {
      const x = features(rng, k);
      model.update('arm2', x, t % 2);
      copy.update('arm2', x, t % 2);
    }
    expect(copy.score('arm2', z)).toEqual(model.score('arm2', z));
    expect(copy.snapshot()).toEqual(model.snapshot());
    expect(() => HybridLogisticUCB.restore({ kind: 'disjoint-linucb' } as never)).toThrow('not a hybrid logistic UCB snapshot (kind "disjoint-linucb")');
  });

  it('rejects bad configs and inputs with exact messages, and a rejected update changes nothing', () => {
    expect(() => new HybridLogisticUCB({ dimension: 0 })).toThrow('dimension must be an integer from 1 to 4096, got 0');
    expect(() => new HybridLogisticUCB({ dimension: 2, alpha: -1 })).toThrow('alpha must be a finite number ≥ 0, got -1');
    expect(() => new HybridLogisticUCB({ dimension: 2, armLambda: 0 })).toThrow('armLambda must be a finite number > 0, got 0');
    expect(() => new HybridLogisticUCB({ dimension: 2 }, [0])).toThrow('prior must have length 2, got 1');
    const model = new HybridLogisticUCB({ dimension: 2 });
    const before = model.snapshot();
    expect(() => model.update('a', [1], 1)).toThrow('z must have length 2, got 1');
    expect(() => model.update('a', [1, Number.NaN], 1)).toThrow('z[1] must be a finite number, got NaN');
    expect(() => model.update('a', [1, 0], 2)).toThrow('y must be a number from 0 to 1, got 2');
    expect(model.snapshot()).toEqual(before);
  });
});
