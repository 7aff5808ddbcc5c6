import { describe, expect, it } from 'vitest';
import { OfferPerformance } from '../src/learning/offerPerformance.ts';

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
