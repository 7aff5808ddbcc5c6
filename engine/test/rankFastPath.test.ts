// The ranking hot path (OfferPolicy.rank with FeatureEncoder, HybridLogisticUCB.scoreMany,
// packedQuadraticForm8, the row-interleaved packedQuadraticForm and the one-pass selectSlate) must
// decide exactly as the plain per-candidate algorithm it replaced: the same features, scores,
// picks and propensities to the last bit, for the same seeded random source. Each fast piece is
// checked against a plain reference on random inputs, and the whole rank against the reference
// algorithm assembled from the public building blocks.
import { describe, expect, it } from 'vitest';
import {
  applyHardConstraints,
  DisjointLinUCB,
  encodeOfferFeatures,
  encodeSharedFeatures,
  FEATURE_DIMENSION,
  HybridLogisticUCB,
  OfferPolicy,
  SHARED_FEATURE_DIMENSION,
  seededRandom,
  selectSlate,
  shadowPrice,
  type ContextFeatures,
  type CustomerFeatures,
  type Exploration,
  type OfferFeatures,
  type OfferPolicyConfig,
  type RandomSource,
  type RankCandidate,
  type RankRequest,
  type RankResult,
  type SlateOptions,
  type SlatePick,
} from '../src/index.ts';
import { FeatureEncoder } from '../src/features/offerFeatures.ts';
import { packedAddOuter, packedIdentity, packedQuadraticForm, packedQuadraticForm8, packedQuadraticFormReference } from '../src/symmetric.ts';

type Rng = () => number;
const rngOf = (seed: number): Rng => {
  const r = seededRandom(seed);
  return () => r.next();
};
const pick = <T,>(r: Rng, xs: readonly T[]) => xs[Math.floor(r() * xs.length)]!;
/** Identical numbers, NaN and the sign of zero included. */
const same = (a: ArrayLike<number>, b: ArrayLike<number>) => a.length === b.length && Array.from(a).every((v, i) => Object.is(v, b[i]));

/** A random feature-like value: often 0 or −0, sometimes 1, otherwise spread. */
const value = (r: Rng) => {
  const u = r();
  return u < 0.3 ? 0 : u < 0.33 ? -0 : u < 0.4 ? 1 : r() * 6 - 3;
};

function randomPacked(r: Rng, d: number): Float64Array {
  const m = packedIdentity(d, 0.5 + r());
  for (let t = 0; t < 3; t++) packedAddOuter(m, Float64Array.from({ length: d }, () => r() * 2 - 1), d, r());
  return m;
}

const CHANNELS = ['WEB', 'APP', 'STORE', 'EMAIL', 'KIOSK'];

function randomCustomer(r: Rng): CustomerFeatures {
  return {
    age: r() < 0.2 ? null : 18 + r() * 60,
    incomeBand: r() < 0.2 ? null : 1 + Math.floor(r() * 5),
    loyaltyTier: Math.floor(r() * 5),
    priceSensitivity: r() * 1.2 - 0.1,
    daysSinceLastPurchase: r() < 0.2 ? null : r() * 100,
    orderCount: Math.floor(r() * 60),
    totalSpend: r() * 6000,
    categoryAffinity: new Map([['c1', r()], ['c3', r() * 1.5]]),
    ...(r() < 0.5 ? {} : { segments: ['premium', 'deal-seeker', 'other'].filter(() => r() < 0.5) }),
  };
}

function randomContext(r: Rng): ContextFeatures {
  return {
    channel: pick(r, CHANNELS),
    device: pick(r, ['MOBILE', 'DESKTOP', 'TABLET']),
    localHour: Math.floor(r() * 24),
    weekday: Math.floor(r() * 7),
    distanceToStoreKm: r() < 0.3 ? null : r() * 30,
    sessionDepth: Math.floor(r() * 30),
    intent: { browsing: r(), researching: r(), readyToBuy: r() },
  };
}

function randomOffer(r: Rng, price: number, discountShare: number): OfferFeatures {
  return {
    categoryId: `c${Math.floor(r() * 6)}`,
    price,
    discountShare,
    marginAfterDiscount: r() * 2 - 0.5,
    competitorGap: r() < 0.3 ? null : r() * 3 - 1.5,
    lifecycle: pick(r, ['NEW', 'CORE', 'SEASONAL', 'CLEARANCE'] as const),
    rating: r() < 0.2 ? null : 1 + r() * 4,
    sentiment: r() < 0.2 ? null : r() * 2 - 1,
    stockCoverDays: r() < 0.2 ? null : r() * 400,
    ...(r() < 0.5 ? {} : { pricePosition: r() < 0.1 ? null : r() * 4 - 2, brandTier: r() < 0.2 ? null : 1 + Math.floor(r() * 3), reviewCount: r() < 0.2 ? null : Math.floor(r() * 5000) }),
  };
}

function randomRequest(r: Rng): RankRequest {
  const now = 1_700_000_000_000;
  const n = 1 + Math.floor(r() * 80);
  const promotions = Array.from({ length: 8 }, (_, i) => `promo${i}`);
  const candidates = Array.from({ length: n }, (): RankCandidate => {
    const price = 1 + r() * 300;
    const discount = r() < 0.5 ? 0 : price * r() * 0.4;
    const promo = r() < 0.7 ? pick(r, promotions) : null;
    const offerId = `o${Math.floor(r() * n * 1.5)}`; // some offers appear twice, some arms are new
    return {
      offerId,
      productId: `p${Math.floor(r() * n * 0.8)}`, // some products under two promotions
      promotionId: promo,
      offer: randomOffer(r, price, discount / price),
      constraint: {
        offerId,
        price,
        unitCost: price * (0.3 + r() * 0.6),
        discount,
        marginFloor: r() * 0.2,
        available: Math.floor(r() * 10) - 1,
        promotion: promo
          ? { id: promo, approved: r() < 0.9, startsAt: now - 1000, endsAt: now + (r() < 0.1 ? -10 : 1e8), channels: CHANNELS.filter(() => r() < 0.7), budgetAmountLeft: r() < 0.5 ? null : r() * 100, budgetUnitsLeft: r() < 0.5 ? null : Math.floor(r() * 3) }
          : null,
      },
      budget: r() < 0.5 ? null : { budget: r() < 0.05 ? 0 : 100, spent: r() * 100, startsAt: now - 1e6, endsAt: now + 1e6 },
      popularity: r() < 0.1 ? 0 : r() * 30,
      overstock: r() < 0.7 ? 0 : r(),
      underperforming: r() < 0.1,
    };
  });
  const exposures = new Map<string, number>(promotions.filter(() => r() < 0.3).map((id) => [id, Math.floor(r() * 5)]));
  return { customer: randomCustomer(r), context: randomContext(r), candidates, limit: 1 + Math.floor(r() * 12), now, exposures };
}

// --- the reference: selectSlate and OfferPolicy.rank as they were before the fast path

function referenceSelectSlate(scores: ArrayLike<number>, groups: ArrayLike<number | string>, options: SlateOptions): SlatePick[] {
  const n = scores.length;
  const exclusive = options.exclusive;
  const usedKeys = new Set<number | string>();
  const taken = new Uint8Array(n);
  const perGroup = new Map<number | string, number>();
  const picks: SlatePick[] = [];
  const eligible: number[] = [];
  while (picks.length < options.size) {
    eligible.length = 0;
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (taken[i] || (perGroup.get(groups[i]!) ?? 0) >= options.maxPerGroup) continue;
      if (exclusive && usedKeys.has(exclusive[i]!)) continue;
      eligible.push(i);
      if (best < 0 || scores[i]! > scores[best]!) best = i;
    }
    if (best < 0) break;
    const p = referenceChoose(scores, eligible, best, options);
    picks.push(p);
    taken[p.index] = 1;
    if (exclusive) usedKeys.add(exclusive[p.index]!);
    perGroup.set(groups[p.index]!, (perGroup.get(groups[p.index]!) ?? 0) + 1);
  }
  return picks;
}

function referenceChoose(scores: ArrayLike<number>, eligible: number[], best: number, { exploration, random }: SlateOptions): SlatePick {
  const m = eligible.length;
  switch (exploration.kind) {
    case 'greedy':
      return { index: best, propensity: 1, explored: false };
    case 'epsilon-greedy': {
      const eps = exploration.epsilon;
      const explore = random.next() < eps;
      const index = explore ? eligible[Math.min(m - 1, Math.floor(random.next() * m))]! : best;
      return { index, propensity: (index === best ? 1 - eps : 0) + eps / m, explored: index !== best };
    }
    case 'softmax': {
      const t = exploration.temperature;
      const top = scores[best]!;
      let total = 0;
      for (const i of eligible) total += Math.exp((scores[i]! - top) / t);
      let u = random.next() * total;
      let index = eligible[m - 1]!;
      for (const i of eligible) {
        u -= Math.exp((scores[i]! - top) / t);
        if (u <= 0) {
          index = i;
          break;
        }
      }
      return { index, propensity: Math.exp((scores[index]! - top) / t) / total, explored: index !== best };
    }
  }
}

/** OfferPolicy.rank as it was: one candidate at a time, model.score() each, the reference slate. */
function referenceRank(policy: OfferPolicy, random: RandomSource, request: RankRequest): RankResult {
  const config: OfferPolicyConfig = policy.config;
  const snapshot = policy.snapshot();
  const model = snapshot.kind === 'disjoint-linucb' ? DisjointLinUCB.restore(snapshot) : HybridLogisticUCB.restore(snapshot);
  const { candidates, context } = request;
  const { eligible, removed } = applyHardConstraints(candidates.map((c) => c.constraint), { now: request.now, channel: context.channel, safetyLevel: config.safetyLevel, exposures: request.exposures, frequencyCap: config.frequencyCap });
  const d = policy.featureDimension;
  const mode = config.mode;
  const n = eligible.length;
  const features = new Float64Array(mode === 'best-sellers' ? 0 : n * d);
  const scores = new Float64Array(n);
  const means = new Float64Array(n);
  const bonuses = new Float64Array(n);
  const costs = new Float64Array(n);
  const values = new Float64Array(n);
  const probabilities = new Float64Array(n).fill(Number.NaN);
  const groups: string[] = [];
  const products: string[] = [];
  const scale = config.reward.scale;
  const encode = (c: RankCandidate, v: number, x: Float64Array) => {
    if (model instanceof DisjointLinUCB) return encodeOfferFeatures(request.customer, context, c.offer, x);
    encodeSharedFeatures(request.customer, context, c.offer, c.popularity, x);
    x[SHARED_FEATURE_DIMENSION] = v;
    return x;
  };
  for (let e = 0; e < n; e++) {
    const c = candidates[eligible[e]!]!;
    const k = c.constraint;
    values[e] = (k.price - k.discount - k.unitCost) / scale;
    groups.push(c.offer.categoryId);
    products.push(c.productId);
    if (mode === 'best-sellers') {
      scores[e] = c.popularity;
      continue;
    }
    const x = features.subarray(e * d, (e + 1) * d);
    encode(c, values[e]!, x);
    const lambda = c.budget ? shadowPrice(c.budget, request.now, config.pacing) : 0;
    let expectedSpend: number;
    if (model instanceof DisjointLinUCB) {
      const s = model.score(c.offerId, x);
      means[e] = s.mean;
      bonuses[e] = mode === 'exploit' ? 0 : s.bonus;
      expectedSpend = Math.max(0, s.mean) * (k.discount / scale);
    } else {
      const s = model.score(c.offerId, x);
      const v = Math.max(0, values[e]!);
      probabilities[e] = s.probability;
      means[e] = v * s.probability;
      bonuses[e] = mode === 'exploit' ? 0 : v * (s.upper - s.probability);
      expectedSpend = s.probability * (k.discount / scale);
    }
    costs[e] = lambda === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : lambda * expectedSpend;
    const soft = config.overstockBoost * c.overstock - (c.underperforming ? config.underperformerPenalty : 0);
    scores[e] = means[e]! + bonuses[e]! - costs[e]! + soft;
  }
  const exploration: Exploration = mode === 'learning' ? policy.channelPolicy(context.channel).exploration : { kind: 'greedy' };
  const picks = referenceSelectSlate(scores, groups, { size: request.limit, maxPerGroup: config.maxPerCategory, exploration, random, exclusive: products });
  const offers = picks.map((p, position) => {
    const c = candidates[eligible[p.index]!]!;
    const x = mode === 'best-sellers' ? encode(c, values[p.index]!, new Float64Array(d)) : Float64Array.from(features.subarray(p.index * d, (p.index + 1) * d));
    const prob = probabilities[p.index]!;
    return {
      candidate: c,
      position,
      score: scores[p.index]!,
      expectedReward: mode === 'best-sellers' ? 0 : means[p.index]! * scale,
      value: values[p.index]!,
      purchaseProbability: Number.isNaN(prob) ? null : prob,
      explorationBonus: bonuses[p.index]!,
      budgetCost: costs[p.index]!,
      propensity: p.propensity,
      explored: p.explored,
      features: x,
      topContributions: mode === 'best-sellers' ? [] : policy.contributions(c.offerId, x, 3),
    };
  });
  return { offers, removed: removed.map((x) => ({ offerId: candidates[x.index]!.offerId, reason: x.reason })), eligibleCount: n, mode };
}

/** A rank result as comparable plain data: every number kept exactly (NaN, ±0, ±∞ spelled out). */
function plain(result: RankResult): string {
  const num = (v: number) => (Number.isNaN(v) ? 'NaN' : Object.is(v, -0) ? '-0' : Number.isFinite(v) ? v : String(v));
  return JSON.stringify(result, (_key, v) => (v instanceof Float64Array ? Array.from(v, num) : typeof v === 'number' ? num(v) : v instanceof Map ? [...v] : v));
}

describe('ranking fast path: the same numbers as the plain algorithm', () => {
  it('packedQuadraticForm (four rows side by side) equals the row-by-row loop bit for bit', () => {
    const r = rngOf(11);
    let checked = 0;
    for (let t = 0; t < 3000; t++) {
      const d = 1 + Math.floor(r() * 48);
      const m = randomPacked(r, d);
      if (r() < 0.1) m[Math.floor(r() * m.length)] = pick(r, [Number.NaN, Number.POSITIVE_INFINITY, -1e308]);
      const offset = Math.floor(r() * 3);
      const x = Float64Array.from({ length: d + offset }, () => (r() < 0.02 ? pick(r, [Number.NaN, Number.NEGATIVE_INFINITY]) : value(r)));
      const fast = packedQuadraticForm(m, x, d, offset);
      const reference = packedQuadraticFormReference(m, x, d, offset);
      expect(Object.is(fast, reference), `d=${d}: ${fast} vs ${reference}`).toBe(true);
      expect(Object.is(packedQuadraticForm(m, Array.from(x), d, offset), reference)).toBe(true); // plain arrays too
      checked++;
    }
    expect(checked).toBe(3000);
  });

  it('packedQuadraticForm8 gives each of its eight interleaved vectors the row-by-row result', () => {
    const r = rngOf(12);
    for (let t = 0; t < 500; t++) {
      const d = 1 + Math.floor(r() * 44);
      const m = randomPacked(r, d);
      const rows = Array.from({ length: 8 }, () => Float64Array.from({ length: d }, () => (r() < 0.1 ? 0 : value(r))));
      if (r() < 0.3) rows[Math.floor(r() * 8)]!.fill(0); // an empty lane, as at the end of a batch
      const block = new Float64Array(8 * d);
      rows.forEach((row, l) => row.forEach((v, j) => (block[8 * j + l] = v)));
      const out = packedQuadraticForm8(m, block, d, new Float64Array(8));
      expect(same(out, rows.map((row) => packedQuadraticFormReference(m, row, d)))).toBe(true);
    }
  });

  it('FeatureEncoder writes what encodeOfferFeatures and encodeSharedFeatures write', () => {
    const r = rngOf(13);
    for (let t = 0; t < 300; t++) {
      const customer = randomCustomer(r);
      const context = randomContext(r);
      const shared = new FeatureEncoder(customer, context, true);
      const plainOnly = new FeatureEncoder(customer, context, false);
      for (let o = 0; o < 5; o++) {
        const offer = randomOffer(r, 0.5 + r() * 500, r() < 0.5 ? 0 : r() * 0.5);
        const sales = r() < 0.2 ? null : r() < 0.1 ? 0 : r() * 40;
        const offset = Math.floor(r() * 4);
        const got = shared.encode(offer, sales, new Float64Array(SHARED_FEATURE_DIMENSION + offset).fill(9), offset);
        expect(same(got, encodeSharedFeatures(customer, context, offer, sales, new Float64Array(SHARED_FEATURE_DIMENSION + offset).fill(9), offset))).toBe(true);
        const got32 = plainOnly.encode(offer, sales, new Float64Array(FEATURE_DIMENSION + offset).fill(9), offset);
        expect(same(got32, encodeOfferFeatures(customer, context, offer, new Float64Array(FEATURE_DIMENSION + offset).fill(9), offset))).toBe(true);
      }
    }
  });

  it('HybridLogisticUCB.scoreMany equals score() row by row, for trained and new arms, any batch size and stride', () => {
    const r = rngOf(14);
    for (let t = 0; t < 40; t++) {
      const k = 1 + Math.floor(r() * 44);
      const model = new HybridLogisticUCB({ dimension: k, alpha: r() * 2, lambda: 0.5 + r(), armLambda: 1 + r() * 5, recomputeEvery: 7 });
      const zeroColumns = new Set(Array.from({ length: k }, (_, j) => j).filter(() => r() < 0.3));
      const row = () => Float64Array.from({ length: k }, (_, j) => (zeroColumns.has(j) ? (r() < 0.5 ? 0 : -0) : value(r)));
      for (let u = 0; u < 30; u++) model.update(`a${Math.floor(r() * 12)}`, Array.from(row(), (v) => (Number.isFinite(v) ? v : 0)), r());
      const n = Math.floor(r() * 30);
      const stride = k + Math.floor(r() * 3);
      const z = new Float64Array(n * stride);
      for (let i = 0; i < n; i++) z.set(row(), i * stride);
      const ids = Array.from({ length: n }, () => `a${Math.floor(r() * 16)}`); // a12 … a15 are new
      const probability = new Float64Array(n);
      const upper = new Float64Array(n);
      model.scoreMany(ids, z, stride, probability, upper);
      const expected = ids.map((id, i) => model.score(id, z, i * stride));
      expect(same(probability, expected.map((s) => s.probability))).toBe(true);
      expect(same(upper, expected.map((s) => s.upper))).toBe(true);
    }
  });

  it('HybridLogisticUCB.scoreMany falls back to score() when A⁻¹ or θ is not finite', () => {
    const model = new HybridLogisticUCB({ dimension: 3, alpha: 1, lambda: 1, armLambda: 2, recomputeEvery: 10 });
    model.update('a', [1, 0.5, 0], 1);
    const broken = model.snapshot();
    broken.aInv[2] = Number.POSITIVE_INFINITY; // entry (0, 2): column 2 is 0 in every row below
    const restored = HybridLogisticUCB.restore(broken);
    const z = Float64Array.from([1, 0.5, 0, 1, -0.5, 0]);
    const probability = new Float64Array(2);
    const upper = new Float64Array(2);
    restored.scoreMany(['a', 'b'], z, 3, probability, upper);
    const expected = [restored.score('a', z, 0), restored.score('b', z, 3)];
    expect(same(upper, expected.map((s) => s.upper))).toBe(true);
    expect(same(probability, expected.map((s) => s.probability))).toBe(true);
    expect(Number.isNaN(upper[0])).toBe(true); // ∞ × 0 in the quadratic form, as score() has it
    expect(() => restored.scoreMany(['a'], z, 2, probability, upper)).toThrow('stride must be an integer ≥ 3, got 2');
  });

  it('selectSlate picks and logs exactly what the plain slate did, for every exploration', () => {
    const r = rngOf(15);
    const explorations: Exploration[] = [{ kind: 'greedy' }, { kind: 'epsilon-greedy', epsilon: 0.3 }, { kind: 'softmax', temperature: 0.05 }, { kind: 'softmax', temperature: 2 }];
    for (let t = 0; t < 400; t++) {
      const n = Math.floor(r() * 40);
      const scores = Array.from({ length: n }, () => (r() < 0.1 ? Number.NaN : r() < 0.2 ? 0.5 : Math.round(r() * 20) / 10)); // ties and NaN
      const numeric = r() < 0.3;
      const groups = Array.from({ length: n }, () => (numeric ? pick(r, [1, 2, 3, Number.NaN, 0, -0]) : pick(r, ['a', 'b', 'c', 'd'])));
      const exclusive = r() < 0.7 ? Array.from({ length: n }, () => (r() < 0.1 ? Number.NaN : `p${Math.floor(r() * n)}`)) : undefined;
      const exploration = pick(r, explorations);
      const size = Math.floor(r() * 8);
      const maxPerGroup = 1 + Math.floor(r() * 3);
      const seed = Math.floor(r() * 1e6);
      const typed = r() < 0.5 ? Float64Array.from(scores) : scores;
      const fast = selectSlate(typed, groups, { size, maxPerGroup, exploration, random: seededRandom(seed), ...(exclusive ? { exclusive } : {}) });
      const reference = referenceSelectSlate(typed, groups, { size, maxPerGroup, exploration, random: seededRandom(seed), ...(exclusive ? { exclusive } : {}) });
      expect(fast).toEqual(reference);
      expect(same(fast.map((p) => p.propensity), reference.map((p) => p.propensity))).toBe(true);
    }
  });

  for (const model of ['conversion', 'disjoint'] as const) {
    for (const mode of ['learning', 'exploit', 'best-sellers'] as const) {
      it(`OfferPolicy.rank equals the per-candidate algorithm (${model}, ${mode}): features, scores, picks, propensities`, () => {
        const r = rngOf(model === 'conversion' ? 21 : 22);
        for (let world = 0; world < 6; world++) {
          const config = { model, mode, maxPerCategory: 1 + (world % 3) };
          const policy = new OfferPolicy(config, seededRandom(world));
          const random = seededRandom(world); // the reference's copy of the policy's random source
          const request = randomRequest(r);
          for (let t = 0; t < 25; t++) {
            const reference = referenceRank(policy, random, request);
            const fast = policy.rank(request);
            expect(plain(fast)).toBe(plain(reference));
            for (const o of fast.offers.slice(0, 2)) policy.update(o.candidate.offerId, o.features, r() < 0.3 ? o.value : 0);
          }
        }
      });
    }
  }

  it('reuses its working arrays without leaking one request into the next', () => {
    const r = rngOf(23);
    const big = randomRequest(r);
    const small = { ...big, candidates: big.candidates.slice(0, 3) };
    for (const mode of ['exploit', 'best-sellers'] as const) {
      const used = new OfferPolicy({ mode }, seededRandom(3));
      used.rank(big); // leaves its working arrays filled
      expect(plain(used.rank(small))).toBe(plain(new OfferPolicy({ mode }, seededRandom(3)).rank(small)));
    }
  });
});
