import { describe, expect, it } from 'vitest';
import { daysOfCover, normalCdf, poissonTail, stockoutProbability, violatedConstraint, type ConstrainedCandidate } from '../src/index.ts';

const flat = (mean: number, days: number, sd = 0) => Array.from({ length: days }, () => ({ mean, lower: Math.max(0, mean - 1.96 * sd), upper: mean + 1.96 * sd }));

describe('daysOfCover', () => {
  it('walks the cumulative forecast, fractional within the day stock runs out', () => {
    expect(daysOfCover(flat(4, 10), 10)).toBeCloseTo(2.5, 12);
    expect(daysOfCover([{ mean: 1, lower: 0, upper: 2 }, { mean: 5, lower: 0, upper: 9 }], 3)).toBeCloseTo(1.4, 12);
    expect(daysOfCover(flat(4, 10), 0)).toBe(0);
  });
  it('carries the last day past the horizon, and says null when no demand is left to consume it', () => {
    expect(daysOfCover(flat(2, 7), 20)).toBeCloseTo(10, 12);
    expect(daysOfCover(flat(0, 7), 20)).toBeNull();
    expect(daysOfCover(flat(0.01, 7), 20)).toBeNull(); // 2000 days > 365
  });
  it('refuses a non-finite stock', () => {
    expect(() => daysOfCover(flat(1, 3), Number.NaN)).toThrow('available must be a finite number, got NaN');
  });
});

describe('stockoutProbability', () => {
  it('is the Poisson tail for slow series: P(N > k)', () => {
    // λ = 3 over 3 days, 2 on hand: 1 − e^−3 (1 + 3 + 4.5)
    expect(stockoutProbability(flat(1, 3), 2)).toBeCloseTo(1 - Math.exp(-3) * 8.5, 12);
    expect(poissonTail(3, 2)).toBeCloseTo(1 - Math.exp(-3) * 8.5, 12);
  });
  it('is the normal tail with the forecast spread for dense series, never tighter than Poisson', () => {
    const points = flat(10, 7, 4); // total 70, variance 7 × 16 = 112
    expect(stockoutProbability(points, 70)).toBeCloseTo(1 - normalCdf(0.5 / Math.sqrt(112)), 6);
    const tight = flat(10, 7, 0.1);
    expect(stockoutProbability(tight, 80)).toBeCloseTo(1 - normalCdf(10.5 / Math.sqrt(70)), 6);
  });
  it('rises as stock falls, is 0 without demand and 1 with nothing to promise against demand', () => {
    const risks = [100, 70, 50, 20].map((a) => stockoutProbability(flat(10, 7, 3), a));
    for (let i = 1; i < risks.length; i++) expect(risks[i]).toBeGreaterThan(risks[i - 1]!);
    expect(stockoutProbability(flat(0, 7), 0)).toBe(0);
    expect(stockoutProbability(flat(5, 7), -1)).toBe(1);
  });
  it('normalCdf matches known values', () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963984540054)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
  });
});

describe('the STOCKOUT_RISK constraint', () => {
  const base: ConstrainedCandidate = { offerId: 'p|promo', price: 10, unitCost: 5, discount: 1, marginFloor: 0, available: 5, promotion: { id: 'promo', approved: true, startsAt: 0, endsAt: 10, channels: ['WEB'], budgetAmountLeft: null, budgetUnitsLeft: null } };
  const ctx = { now: 5, channel: 'WEB', safetyLevel: 0, exposures: new Map(), frequencyCap: 3, maxPromotedStockoutRisk: 0.5 };
  it('withholds the promotion, not the product, from items likely to run out', () => {
    expect(violatedConstraint({ ...base, stockoutRisk: 0.5 }, ctx)).toBe('STOCKOUT_RISK');
    expect(violatedConstraint({ ...base, stockoutRisk: 0.49 }, ctx)).toBeNull();
    expect(violatedConstraint({ ...base, offerId: 'p|-', discount: 0, promotion: null, stockoutRisk: 0.9 }, ctx)).toBeNull();
    expect(violatedConstraint({ ...base, stockoutRisk: 0.9 }, { ...ctx, maxPromotedStockoutRisk: undefined })).toBeNull();
  });
});
