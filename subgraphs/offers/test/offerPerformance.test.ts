import { describe, expect, it } from 'vitest';
import { OfferPolicy, seededRandom } from '@retail/engine';
import { openTestDatabase } from '@retail/test-support/database';
import { OfferPerformance } from '../src/learning/offerPerformance.ts';
import { ModelLearner } from '../src/learning/modelLearner.ts';

describe('OfferPerformance', () => {
  it('flags an offer shown often enough whose average reward is far below the average of all offers', () => {
    const p = new OfferPerformance({ minShown: 10, shareOfAverage: 0.25 });
    for (let i = 0; i < 100; i++) p.record('good', i % 2 ? 1 : 0); // average 0.5
    for (let i = 0; i < 10; i++) p.record('poor', i === 0 ? 0.5 : 0); // average 0.05
    for (let i = 0; i < 9; i++) p.record('new', 0); // not shown enough to judge
    // overall average = (50 + 0.5) / 119 ≈ 0.42; a quarter of it ≈ 0.106
    expect(p.isUnderperforming('poor')).toBe(true);
    expect(p.isUnderperforming('good')).toBe(false);
    expect(p.isUnderperforming('new')).toBe(false);
    expect(p.isUnderperforming('unknown')).toBe(false);
    p.record('poor', 1.5); // 11 shown, average 2/11 ≈ 0.18: no longer under a quarter of ≈ 0.43
    expect(p.isUnderperforming('poor')).toBe(false);
  });

  it('flags nothing while no offer has earned anything', () => {
    const p = new OfferPerformance({ minShown: 1, shareOfAverage: 0.5 });
    p.record('a', 0, 20);
    expect(p.isUnderperforming('a')).toBe(false);
  });
});

describe('OfferPerformance from the learning log', () => {
  it('counts a late purchase as the same showing, with its reward in place of the final one, loaded or applied', async () => {
    const db = await openTestDatabase();
    try {
      const now = new Date('2026-11-23T12:00:00Z');
      // 50 showings of x, each final at 0 then bought late (1); 50 of y at 0.12.
      for (const [offerId, n] of [['x', 50], ['y', 50]] as const) {
        await db.prisma.decision.createMany({ data: Array.from({ length: n }, (_, i) => ({ id: `${offerId}${i}`, customerId: 'c', channel: 'WEB' as const, context: {}, candidates: {}, modelVersion: 'v', policy: 'learning', createdAt: now, rewardDueAt: now, attributionEndsAt: now })) });
        await db.prisma.decisionItem.createMany({ data: Array.from({ length: n }, (_, i) => ({ decisionId: `${offerId}${i}`, position: 0, offerId, productId: offerId, price: 10, discount: 0, unitCost: 5, score: 0, expectedReward: 0, propensity: 1, features: [] })) });
      }
      for (let i = 0; i < 50; i++) await db.prisma.reward.create({ data: { decisionId: `x${i}`, position: 0, offerId: 'x', reward: 0, source: 'WAIT_ENDED' } });
      for (let i = 0; i < 50; i++) await db.prisma.reward.create({ data: { decisionId: `y${i}`, position: 0, offerId: 'y', reward: 0.12, source: 'WAIT_ENDED' } });
      for (let i = 0; i < 50; i++) await db.prisma.reward.create({ data: { decisionId: `x${i}`, position: 0, offerId: 'x', reward: 1, source: 'PURCHASE', late: true } });
      const rule = { minShown: 10, shareOfAverage: 0.25 };
      // Per showing: x averages 1, y 0.12, all 0.56; a quarter of it is 0.14 > 0.12. Counted as 150
      // showings instead, the average would be 0.37 and y (0.12 > 0.093) would pass.
      const loaded = new OfferPerformance(rule);
      await loaded.load(db, 1_000_000n);
      expect(loaded.isUnderperforming('y')).toBe(true);
      const applied = new OfferPerformance(rule);
      const learner = new ModelLearner(db, new OfferPolicy({}, seededRandom(1)), { onApplied: (offerId, reward, shown) => applied.record(offerId, reward, shown) });
      expect(await learner.catchUp()).toBe(150);
      expect(applied.isUnderperforming('y')).toBe(true);
      expect(applied.isUnderperforming('x')).toBe(false);
    } finally {
      await db.close();
    }
  });
});
