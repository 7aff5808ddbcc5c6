import { describe, expect, it } from 'vitest';
import { OfferPolicy, seededRandom, type RankCandidate, type RankRequest } from '../src/index.ts';

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

  it('learns which offers pay and serves them most of the time', () => {
    const policy = new OfferPolicy({ channels: { WEB: { exploration: { kind: 'epsilon-greedy', epsilon: 0.1 }, rewardWaitMs: 0 } } }, seededRandom(2));
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

  it('with the kill switch, stops exploring (propensity 1) or falls back to best sellers', () => {
    const cands = Array.from({ length: 8 }, (_, i) => candidate(i));
    const exploit = new OfferPolicy({ mode: 'exploit' }, seededRandom(4)).rank(request(cands));
    expect(exploit.offers.every((o) => o.propensity === 1 && o.explorationBonus === 0 && !o.explored)).toBe(true);
    const sellers = new OfferPolicy({ mode: 'best-sellers' }, seededRandom(4)).rank(request(cands, 4));
    expect(sellers.offers.map((o) => o.candidate.offerId)).toEqual(['o7', 'o6', 'o5', 'o4']);
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
  });
});
