import { describe, expect, it } from 'vitest';
import { DEFAULT_REWARD, OfferPolicy, PROMOTION_PRIOR, rewardOf, seededRandom, SHARED_FEATURE_DIMENSION, type RankCandidate, type RankRequest } from '../src/index.ts';

const NOW = Date.UTC(2026, 10, 23, 12);
const customer = { age: 35, incomeBand: 3, loyaltyTier: 2, priceSensitivity: 0.5, daysSinceLastPurchase: 10, orderCount: 5, totalSpend: 300, categoryAffinity: new Map([['tea', 0.5]]) };
const context = { channel: 'WEB', device: 'DESKTOP', localHour: 12, weekday: 2, distanceToStoreKm: 3, sessionDepth: 4, intent: { browsing: 0.5, researching: 0.3, readyToBuy: 0.2 } };

function candidate(i: number, over: Partial<RankCandidate> = {}, promo = true): RankCandidate {
  const category = ['tea', 'coffee', 'snacks', 'fruit'][i % 4]!;
  return {
    offerId: `o${i}`,
    productId: `p${i}`,
    promotionId: promo ? `promo${i}` : null,
    offer: { categoryId: category, price: 10 + i, discountShare: 0.1, marginAfterDiscount: 0.3, competitorGap: 0, lifecycle: 'CORE', rating: 4, sentiment: 0.2, stockCoverDays: 30 },
    constraint: {
      offerId: `o${i}`, price: 10 + i, unitCost: 5, discount: 1, marginFloor: 0.1, available: 10,
      promotion: promo ? { id: `promo${i}`, approved: true, startsAt: NOW - 1000, endsAt: NOW + 86_400_000, channels: ['WEB', 'APP'], budgetAmountLeft: null, budgetUnitsLeft: null } : null,
    },
    budget: null,
    popularity: i,
    overstock: 0,
    underperforming: false,
    ...over,
  };
}

const request = (candidates: RankCandidate[], limit = 3): RankRequest => ({ customer, context, candidates, limit, now: NOW, exposures: new Map() });

describe('offer policy', () => {
  it('never offers a candidate that breaks a hard constraint, and says which removed what', () => {
    const policy = new OfferPolicy({}, seededRandom(1));
    const cands = [
      candidate(0, { constraint: { ...candidate(0).constraint, available: 0 } }),
      candidate(1, { constraint: { ...candidate(1).constraint, promotion: { ...candidate(1).constraint.promotion!, approved: false } } }),
      candidate(2, { constraint: { ...candidate(2).constraint, unitCost: 11.5 } }),
      candidate(3),
      candidate(4),
    ];
    const result = policy.rank(request(cands, 5));
    expect(result.offers.map((o) => o.candidate.offerId).sort()).toEqual(['o3', 'o4']);
    expect(result.removed).toEqual([
      { offerId: 'o0', reason: 'INSUFFICIENT_STOCK' },
      { offerId: 'o1', reason: 'PROMOTION_NOT_APPROVED' },
      { offerId: 'o2', reason: 'BELOW_MARGIN_FLOOR' },
    ]);
  });

  it('disjoint model: learns which offers pay and serves them most of the time', () => {
    const policy = new OfferPolicy({ model: 'disjoint', channels: { WEB: { exploration: { kind: 'epsilon-greedy', epsilon: 0.1 }, rewardWaitMs: 0 } } }, seededRandom(2));
    const rng = seededRandom(3);
    const cands = Array.from({ length: 12 }, (_, i) => candidate(i));
    const value = (offerId: string) => (offerId === 'o5' ? 0.8 : offerId === 'o10' ? 0.6 : 0.1);
    let bestShown = 0;
    for (let t = 0; t < 1500; t++) {
      const { offers } = policy.rank(request(cands, 1));
      const o = offers[0]!;
      if (t >= 1000 && o.candidate.offerId === 'o5') bestShown++;
      policy.update(o.candidate.offerId, o.features, rng.next() < value(o.candidate.offerId) ? 1 : 0);
    }
    expect(bestShown / 500).toBeGreaterThan(0.75);
  });

  // Conversion model: offers of different prices and ratings; the chance of a purchase follows the
  // rating (which the model sees) plus an effect of the offer itself (which it must learn), and a
  // purchase earns the offer's margin. The best offer by expected margin is o5.
  const shopOffer = (i: number): RankCandidate => {
    const c = candidate(i);
    const price = [12, 40, 25, 18, 30, 35, 15, 22, 28, 45][i]!;
    return { ...c, offer: { ...c.offer, price, rating: [4.6, 3.4, 3.8, 4.2, 3.9, 4.0, 4.4, 3.6, 4.1, 3.3][i]! }, constraint: { ...c.constraint, price, unitCost: price * 0.6, discount: 0 } };
  };
  const conversion = (c: RankCandidate) => 1 / (1 + Math.exp(-(-2.5 + 1.2 * (c.offer.rating! - 4) + (c.offerId === 'o5' ? 0.8 : 0))));
  const expectedMargin = (c: RankCandidate) => conversion(c) * (c.constraint.price - c.constraint.unitCost);

  for (const seed of [2, 7, 11]) {
    it(`conversion model: learns P(purchase) × margin and serves the best offer most of the time (seed ${seed})`, () => {
      const policy = new OfferPolicy({}, seededRandom(seed));
      const rng = seededRandom(seed + 100);
      const cands = Array.from({ length: 10 }, (_, i) => shopOffer(i));
      const best = [...cands].sort((a, b) => expectedMargin(b) - expectedMargin(a))[0]!.offerId;
      expect(best).toBe('o5');
      let bestShown = 0;
      for (let t = 0; t < 3000; t++) {
        const o = policy.rank(request(cands, 1)).offers[0]!;
        if (t >= 2000 && o.candidate.offerId === best) bestShown++;
        const { price, unitCost } = o.candidate.constraint;
        const bought = rng.next() < conversion(o.candidate);
        policy.update(o.candidate.offerId, o.features, bought ? rewardOf([{ kind: 'PURCHASE', margin: price - unitCost }], DEFAULT_REWARD) : rewardOf([], DEFAULT_REWARD));
      }
      expect(bestShown / 1000).toBeGreaterThan(0.9);
    });
  }

  it('conversion model: logs the shared features and the value, scores value × P(purchase), learns reward ÷ value', () => {
    const policy = new OfferPolicy({ mode: 'exploit' }, seededRandom(3));
    const c = shopOffer(0);
    const before = policy.rank(request([c], 1)).offers[0]!;
    expect(before.features).toHaveLength(SHARED_FEATURE_DIMENSION + 1);
    expect(before.value).toBeCloseTo((12 - 12 * 0.6) / DEFAULT_REWARD.scale, 12);
    expect(before.features[SHARED_FEATURE_DIMENSION]).toBe(before.value);
    // before any outcome: the base rate, and the prior pull of the offer's discount (10 % off)
    const logit = Math.log(0.05 / 0.95) + PROMOTION_PRIOR.discount! * c.offer.discountShare;
    expect(before.purchaseProbability).toBeCloseTo(1 / (1 + Math.exp(-logit)), 12);
    expect(before.score).toBeCloseTo(before.value * before.purchaseProbability!, 12);
    expect(before.expectedReward).toBeCloseTo(before.score * DEFAULT_REWARD.scale, 12);
    for (let t = 0; t < 20; t++) policy.update(c.offerId, before.features, before.value); // bought every time
    const after = policy.rank(request([c], 1)).offers[0]!;
    expect(after.purchaseProbability!).toBeGreaterThan(0.5);
    expect(policy.modelVersion).toBe('hybrid-logistic-k42-u20');
    // a zero-value offer teaches nothing; a malformed log is rejected
    const zero = Float64Array.from(before.features);
    zero[SHARED_FEATURE_DIMENSION] = 0;
    policy.update(c.offerId, zero, 1);
    expect(policy.updates).toBe(20);
    expect(() => policy.update(c.offerId, before.features.subarray(0, SHARED_FEATURE_DIMENSION), 1)).toThrow('features must have length 43 (the shared features and the offer\'s value, as logged with the decision), got 42');
  });

  // One product, with and without 10 % off: the promotion pays on a fresh model only where the
  // prior pull of its discount (PROMOTION_PRIOR: P(purchase) ×1.28 here) outweighs the margin it
  // costs: at a 60 % margin it keeps 83 % of the margin (it pays), at 30 % only 67 % (it does not).
  const twins = (marginRate: number): RankCandidate[] => {
    const price = 20;
    const unitCost = price * (1 - marginRate);
    const plain = candidate(0, {}, false);
    const promoted = candidate(0);
    return [
      { ...plain, offerId: 'plain', offer: { ...plain.offer, price, discountShare: 0, marginAfterDiscount: marginRate }, constraint: { ...plain.constraint, offerId: 'plain', price, unitCost, discount: 0 } },
      { ...promoted, offerId: 'promoted', offer: { ...promoted.offer, price, discountShare: 0.1, marginAfterDiscount: (price * 0.9 - unitCost) / (price * 0.9) }, constraint: { ...promoted.constraint, offerId: 'promoted', price, unitCost, discount: 2 } },
    ];
  };
  it('fresh conversion model: offers the promotion where its discount pays for the margin it costs, not elsewhere', () => {
    const best = (config: ConstructorParameters<typeof OfferPolicy>[0], marginRate: number) => new OfferPolicy({ mode: 'exploit', ...config }, seededRandom(4)).rank(request(twins(marginRate), 1)).offers[0]!.candidate.offerId;
    expect(best({}, 0.6)).toBe('promoted');
    expect(best({}, 0.3)).toBe('plain');
    // with no prior for the discount, a fresh model sees only the margin a promotion costs
    expect(best({ conversion: { armLambda: 5, baseRate: 0.05, priorEffects: {} } }, 0.6)).toBe('plain');
  });

  it('rejects prior effects that are not shared features or not numbers', () => {
    const withPrior = (priorEffects: Record<string, number>) => () => new OfferPolicy({ conversion: { armLambda: 5, baseRate: 0.05, priorEffects } }, seededRandom(1));
    expect(withPrior({ discout: 2 })).toThrow('priorEffects: "discout" is not a shared feature other than the bias');
    expect(withPrior({ bias: 2 })).toThrow('priorEffects: "bias" is not a shared feature other than the bias');
    expect(withPrior({ discount: Number.NaN })).toThrow('priorEffects.discount must be a finite number, got NaN');
  });

  it('explains each offer by its three largest feature contributions, in order', () => {
    const policy = new OfferPolicy({ mode: 'exploit' }, seededRandom(9));
    const cands = Array.from({ length: 6 }, (_, i) => shopOffer(i));
    for (let t = 0; t < 60; t++) {
      const o = policy.rank(request(cands, 1)).offers[0]!;
      policy.update(o.candidate.offerId, o.features, t % 3 === 0 ? o.value : 0);
    }
    for (const o of policy.rank(request(cands, 3)).offers) {
      const all = policy.contributions(o.candidate.offerId, o.features);
      expect(all.length).toBeGreaterThan(3);
      expect(all.every((c, i) => i === 0 || Math.abs(all[i - 1]!.contribution) >= Math.abs(c.contribution))).toBe(true);
      expect(all.some((c) => c.feature === 'bias')).toBe(false);
      expect(o.topContributions).toEqual(all.slice(0, 3));
    }
  });

  it('shows at most one offer per product, whatever the promotion', () => {
    const policy = new OfferPolicy({ mode: 'exploit', maxPerCategory: 5 }, seededRandom(6));
    const withPromo = candidate(1);
    const withoutPromo = candidate(1, { offerId: 'o1-plain', promotionId: null }, false);
    const ranked = policy.rank(request([withPromo, withoutPromo, candidate(2), candidate(5)], 3)).offers;
    expect(ranked).toHaveLength(3);
    expect(new Set(ranked.map((o) => o.candidate.productId)).size).toBe(3);
  });

  it('serves no more offers of a promotion than its budget left can pay, when told what is left', () => {
    const policy = new OfferPolicy({ mode: 'exploit', maxPerCategory: 5 }, seededRandom(6));
    // Six products under one promotion with 2 units left (each discount 1).
    const shared = (i: number) => candidate(i, { promotionId: 'shared', constraint: { ...candidate(i).constraint, promotion: { ...candidate(i).constraint.promotion!, id: 'shared' } } });
    const cands = [0, 1, 2, 3, 4, 5].map(shared).concat([candidate(6, {}, false), candidate(7, {}, false)]);
    const unlimited = policy.rank(request(cands, 5)).offers;
    expect(unlimited.filter((o) => o.candidate.promotionId === 'shared').length).toBeGreaterThan(2);
    const limited = policy.rank({ ...request(cands, 5), budgetsLeft: new Map([['shared', { amount: null, units: 2 }]]) }).offers;
    expect(limited).toHaveLength(4); // two promoted, then the two plain offers: nothing else can be paid for
    expect(limited.filter((o) => o.candidate.promotionId === 'shared')).toHaveLength(2);
    expect(policy.rank({ ...request(cands, 5), budgetsLeft: new Map([['shared', { amount: 1.5, units: null }]]) }).offers.filter((o) => o.candidate.promotionId === 'shared')).toHaveLength(1);
  });

  it('knows each channel\u2019s reward wait and attribution window, and refuses a window shorter than the wait', () => {
    const policy = new OfferPolicy({}, seededRandom(1));
    expect(policy.channelDelays('WEB')).toEqual({ rewardWaitMs: 30 * 60_000, attributionWindowMs: 86_400_000 });
    expect(policy.channelDelays('EMAIL')).toEqual({ rewardWaitMs: 3 * 86_400_000, attributionWindowMs: 7 * 86_400_000 });
    const long = new OfferPolicy({ channels: { WEB: { exploration: { kind: 'greedy' }, rewardWaitMs: 2 * 86_400_000 } } }, seededRandom(1));
    expect(long.channelDelays('WEB').attributionWindowMs).toBe(2 * 86_400_000);
    expect(() => new OfferPolicy({ channels: { WEB: { exploration: { kind: 'greedy' }, rewardWaitMs: 60_000, attributionWindowMs: 1000 } } }, seededRandom(1))).toThrow('attributionWindowMs must be a finite number ≥ rewardWaitMs (60000), got 1000');
    expect(() => new OfferPolicy({ channels: { WEB: { exploration: { kind: 'greedy' }, rewardWaitMs: -1 } } }, seededRandom(1))).toThrow('rewardWaitMs must be a finite number ≥ 0, got -1');
  });

  it('restores a snapshot that scores identically, and refuses one of the other model', () => {
    const policy = new OfferPolicy({ mode: 'exploit' }, seededRandom(8));
    const cands = Array.from({ length: 6 }, (_, i) => shopOffer(i));
    for (let t = 0; t < 40; t++) {
      const o = policy.rank(request(cands, 1)).offers[0]!;
      policy.update(o.candidate.offerId, o.features, t % 4 === 0 ? o.value : 0);
    }
    const copy = new OfferPolicy({ mode: 'exploit' }, seededRandom(8));
    copy.restore(JSON.parse(JSON.stringify(policy.snapshot())));
    expect(copy.rank(request(cands, 3)).offers.map((o) => o.score)).toEqual(policy.rank(request(cands, 3)).offers.map((o) => o.score));
    expect(copy.modelVersion).toBe(policy.modelVersion);
    const disjoint = new OfferPolicy({ model: 'disjoint' }, seededRandom(8));
    expect(() => disjoint.restore(policy.snapshot())).toThrow('this policy\'s model is disjoint and needs a disjoint-linucb snapshot, got kind "hybrid-logistic-ucb"');
  });

  it('with the kill switch, stops exploring (propensity 1) or falls back to best sellers', () => {
    const cands = Array.from({ length: 8 }, (_, i) => candidate(i));
    const exploit = new OfferPolicy({ mode: 'exploit' }, seededRandom(4)).rank(request(cands));
    expect(exploit.offers.every((o) => o.propensity === 1 && o.explorationBonus === 0 && !o.explored)).toBe(true);
    const sellers = new OfferPolicy({ mode: 'best-sellers' }, seededRandom(4)).rank(request(cands, 4));
    expect(sellers.offers.map((o) => o.candidate.offerId)).toEqual(['o7', 'o6', 'o5', 'o4']);
  });

  it('flips the kill switch at run time, and back, keeping what the model learnt', () => {
    const cands = Array.from({ length: 8 }, (_, i) => candidate(i));
    const policy = new OfferPolicy({}, seededRandom(4));
    for (let t = 0; t < 20; t++) policy.update('o2', policy.rank(request([cands[2]!], 1)).offers[0]!.features, 1);
    const snapshot = JSON.stringify(policy.snapshot());
    policy.setMode('best-sellers');
    expect(policy.rank(request(cands, 4)).offers.map((o) => o.candidate.offerId)).toEqual(['o7', 'o6', 'o5', 'o4']);
    policy.setMode('exploit');
    expect(policy.rank(request(cands)).offers.every((o) => o.propensity === 1 && !o.explored)).toBe(true);
    policy.setMode('learning');
    expect(policy.config.mode).toBe('learning');
    expect(JSON.stringify(policy.snapshot())).toBe(snapshot);
    expect(() => policy.setMode('off' as never)).toThrow('mode must be learning, exploit or best-sellers, got "off"');
    expect(policy.config.mode).toBe('learning');
  });

  it('shows a promotion that is ahead of its budget pace less than an identical one on pace', () => {
    const policy = new OfferPolicy({ mode: 'exploit' }, seededRandom(5));
    // teach the model that these offers pay, so the expected discount spend is positive
    const a = candidate(0);
    const b = candidate(4); // same category
    for (let t = 0; t < 50; t++) for (const c of [a, b]) policy.update(c.offerId, policy.rank(request([c], 1)).offers[0]!.features, 1);
    const window = { startsAt: NOW - 50_000, endsAt: NOW + 50_000 };
    const overspent = { ...a, budget: { budget: 100, spent: 90, ...window } };
    const onPace = { ...b, budget: { budget: 100, spent: 40, ...window } };
    const ranked = policy.rank(request([overspent, onPace], 2)).offers;
    expect(ranked[0]!.candidate.offerId).toBe('o4');
    expect(ranked.find((o) => o.candidate.offerId === 'o0')!.budgetCost).toBeGreaterThan(0);
  });

  it('is reproducible from its seed (golden run)', () => {
    const run = () => {
      const policy = new OfferPolicy({}, seededRandom(42));
      const cands = Array.from({ length: 10 }, (_, i) => candidate(i));
      const shown: string[] = [];
      for (let t = 0; t < 30; t++) {
        const { offers } = policy.rank(request(cands, 2));
        shown.push(offers.map((o) => o.candidate.offerId).join('+'));
        policy.update(offers[0]!.candidate.offerId, offers[0]!.features, t % 3 === 0 ? 1 : 0);
      }
      return shown;
    };
    expect(run()).toEqual(run());
  });

  it('rejects bad requests and configs with exact messages', () => {
    const policy = new OfferPolicy({}, seededRandom(1));
    expect(() => policy.rank(request([candidate(0)], 0))).toThrow('limit must be an integer from 1 to 50, got 0');
    expect(() => new OfferPolicy({ mode: 'yolo' as never }, seededRandom(1))).toThrow('mode must be learning, exploit or best-sellers, got "yolo"');
    expect(() => new OfferPolicy({ maxPerCategory: 0 }, seededRandom(1))).toThrow('maxPerCategory must be an integer ≥ 1, got 0');
    expect(() => new OfferPolicy({ model: 'neural' as never }, seededRandom(1))).toThrow('model must be conversion or disjoint, got "neural"');
    expect(() => new OfferPolicy({ conversion: { armLambda: 5, baseRate: 1 } }, seededRandom(1))).toThrow('baseRate must be a number between 0 and 1 (exclusive), got 1');
    expect(() => new OfferPolicy({ conversion: { armLambda: 0, baseRate: 0.05 } }, seededRandom(1))).toThrow('armLambda must be a finite number > 0, got 0');
  });
});
