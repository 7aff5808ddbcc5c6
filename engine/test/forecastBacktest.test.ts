import { describe, expect, it } from 'vitest';
import type { OrderLineRow, OrderRow } from '@retail/simulator';
import {
  DailySalesBuilder,
  ErrorTally,
  ONLINE_LOCATION,
  backtestSeries,
  checkBacktestOptions,
  scoreBacktest,
  seasonalNaive,
  weeklyStrength,
  type BacktestOptions,
} from '../bench/forecastBacktest.ts';
import { bias, fitForecaster, seededRandom, selectHoltWintersConfig, wape, type RandomSource } from '../src/index.ts';

const WEEK = [12, 8, 6, 6, 7, 10, 15];
const OPTIONS: BacktestOptions = { firstOrigin: 70, originStep: 7, origins: 8, horizon: 7 };

function gaussian(rng: RandomSource): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Weekly pattern × level, plus Gaussian noise of sd `noise`, rounded to whole units, never negative. */
function weeklySeries(days: number, noise: number, seed: number): number[] {
  const rng = seededRandom(seed);
  return Array.from({ length: days }, (_, t) => Math.max(0, Math.round(WEEK[t % 7]! + noise * gaussian(rng))));
}

describe('seasonalNaive', () => {
  it('repeats the last observed week, day k ahead taking the same weekday', () => {
    // Day 9 (1 ahead) has the weekday of day 2.
    const history = [9, 9, 1, 2, 3, 4, 5, 6, 7];
    expect(seasonalNaive(history, 3)).toEqual([1, 2, 3]);
    expect(seasonalNaive(history, 9)).toEqual([1, 2, 3, 4, 5, 6, 7, 1, 2]);
    expect(() => seasonalNaive([1, 2, 3], 1)).toThrow(new RangeError('seasonal naive needs at least 7 days of history, got 3'));
  });
});

describe('backtestSeries', () => {
  it('seasonal naive is exact on a purely periodic series (and so is Holt-Winters, initialised on it)', () => {
    const series = Array.from({ length: 126 }, (_, t) => WEEK[t % 7]!);
    const backtest = backtestSeries(series, OPTIONS);
    expect(backtest.method).toBe('holt-winters');
    expect(backtest.origins.map((o) => o.origin)).toEqual([70, 77, 84, 91, 98, 105, 112, 119]);
    const score = scoreBacktest(backtest);
    expect(score.naive.wape).toBe(0);
    expect(score.naive.days).toBe(56);
    expect(score.model.wape).toBeLessThan(1e-9);
    // A level shift after the first origin: seasonal naive is exact again a week later, the model still lags.
    const shifted = series.map((y, t) => (t >= 80 ? y + 10 : y));
    const after = scoreBacktest(backtestSeries(shifted, { ...OPTIONS, firstOrigin: 91, origins: 4 }));
    expect(after.naive.wape).toBe(0);
    expect(after.model.wape).toBeGreaterThan(0.02);
  });

  it('Holt-Winters beats seasonal naive on a noisy weekly series (pooled over seeds)', () => {
    const model = new ErrorTally();
    const naive = new ErrorTally();
    for (let seed = 1; seed <= 30; seed++) {
      const backtest = backtestSeries(weeklySeries(126, 2, seed), OPTIONS);
      expect(backtest.method).toBe('holt-winters');
      const score = scoreBacktest(backtest);
      model.merge(score.model);
      naive.merge(score.naive);
    }
    // Seasonal naive carries two days' noise; the smoothed model about one.
    expect(model.wape).toBeLessThan(0.85 * naive.wape);
    expect(model.coverage).toBeGreaterThan(0.85);
  });

  it('fit once then update day by day equals refitting at each origin with the first origin\'s parameters', () => {
    const series = weeklySeries(126, 3, 7);
    const backtest = backtestSeries(series, { ...OPTIONS, horizon: 14 });
    // Holt-Winters' parameters are chosen on the days before the first origin and held after it.
    expect(backtest.holtWinters).toEqual(selectHoltWintersConfig(series.slice(0, OPTIONS.firstOrigin)));
    for (const o of backtest.origins) {
      expect(o.model).toEqual(fitForecaster(series.slice(0, o.origin), { holtWinters: backtest.holtWinters }).forecast(14));
      expect(o.naive).toEqual(seasonalNaive(series.slice(0, o.origin), 14));
      expect(o.actual).toEqual(series.slice(o.origin, o.origin + 14));
    }
    // Near the end the horizon runs past the data: fewer actual days, full forecasts.
    expect(backtest.origins.at(-1)!.actual).toHaveLength(7);
    expect(backtest.origins.at(-1)!.model).toHaveLength(14);
  });

  it('keeps the method chosen at the first origin (croston on an intermittent start)', () => {
    // 3 units every 4th day (first on day 4, so the first interval is already 4), then 5 every day.
    const series = Array.from({ length: 126 }, (_, t) => (t < 70 ? (t % 4 === 3 ? 3 : 0) : 5));
    const backtest = backtestSeries(series, OPTIONS);
    expect(backtest.method).toBe('croston');
    expect(backtest.origins[0]!.model[0]!.mean).toBeCloseTo(0.75 * 0.95, 10);
    // Still Croston a week of daily sales later: the rate moves towards 5 a day, by α per demand.
    const second = backtest.origins[1]!.model[0]!.mean;
    expect(second).toBeGreaterThan(1);
    expect(second).toBeLessThan(4);
  });

  it('rejects origins that leave nothing to score', () => {
    expect(() => checkBacktestOptions(126, { ...OPTIONS, firstOrigin: 77 })).toThrow(new RangeError('the last origin (day 126) must leave at least one observed day in a series of 126 days'));
    expect(() => checkBacktestOptions(126, { ...OPTIONS, firstOrigin: 5 })).toThrow(new RangeError('firstOrigin must leave a week of history for seasonal naive, got 5'));
    expect(() => checkBacktestOptions(126, { ...OPTIONS, horizon: 0 })).toThrow(new RangeError('horizon must be a positive integer, got 0'));
  });
});

describe('scoreBacktest and ErrorTally', () => {
  it('pooled tallies equal wape and bias over the concatenated days', () => {
    const all = { actual: [] as number[], model: [] as number[], naive: [] as number[] };
    const pooled = new ErrorTally();
    const pooledNaive = new ErrorTally();
    for (const seed of [3, 4, 5]) {
      const backtest = backtestSeries(weeklySeries(126, 2, seed), OPTIONS);
      const score = scoreBacktest(backtest);
      pooled.merge(score.model);
      pooledNaive.merge(score.naive);
      for (const o of backtest.origins) {
        all.actual.push(...o.actual);
        all.model.push(...o.model.map((p) => p.mean));
        all.naive.push(...o.naive);
      }
    }
    expect(pooled.wape).toBeCloseTo(wape(all.actual, all.model), 12);
    expect(pooled.bias).toBeCloseTo(bias(all.actual, all.model), 12);
    expect(pooledNaive.wape).toBeCloseTo(wape(all.actual, all.naive), 12);
    expect(pooled.days).toBe(3 * 56);
  });

  it('scores a lead window only on origins that observed all of it, and week totals once per origin', () => {
    const series = weeklySeries(126, 2, 9);
    const backtest = backtestSeries(series, { ...OPTIONS, horizon: 28 });
    const late = scoreBacktest(backtest, 15, 28);
    // Origins 70 … 98 see day 28 (≤ 126); 105, 112, 119 do not.
    expect(late.model.days).toBe(5 * 14);
    expect(late.modelTotal.days).toBe(5);
    const early = scoreBacktest(backtest, 1, 7);
    const o = backtest.origins[0]!;
    const week = (xs: number[]) => xs.slice(0, 7).reduce((a, b) => a + b, 0);
    const firstWeekError = Math.abs(week(o.actual) - week(o.model.map((p) => p.mean)));
    expect(early.modelTotal.days).toBe(8);
    expect(early.modelTotal.absError).toBeGreaterThanOrEqual(firstWeekError);
    expect(() => scoreBacktest(backtest, 0, 7)).toThrow(RangeError);
  });

  it('counts coverage on all days and on days with a sale', () => {
    const t = new ErrorTally();
    t.add(0, 0.5, { lower: 0, upper: 2 });
    t.add(3, 0.5, { lower: 0, upper: 2 });
    t.add(1, 0.5, { lower: 0, upper: 2 });
    t.add(4, 4);
    expect(t.coverage).toBeCloseTo(2 / 3, 12);
    expect(t.coverageOnSaleDays).toBe(0.5);
    expect(t.wape).toBeCloseTo((0.5 + 2.5 + 0.5 + 0) / 8, 12);
    expect(t.bias).toBeCloseTo((0.5 - 2.5 - 0.5 + 0) / 8, 12);
    expect(new ErrorTally().wape).toBeNaN();
  });
});

describe('DailySalesBuilder', () => {
  const firstDate = Date.UTC(2026, 6, 1); // 1 July 2026: New York on daylight time (UTC−4)
  const locations = [
    { id: 'loc_ny', timezone: 'America/New_York' },
    { id: 'loc_la', timezone: 'America/Los_Angeles' },
  ];
  const order = (id: string, locationId: string | null, placedAt: string): OrderRow => ({ id, customerId: 'cus_000001', channel: 'WEB', locationId, status: 'FULFILLED', total: 0, placedAt: new Date(placedAt) });
  const line = (orderId: string, productId: string, quantity: number): OrderLineRow => ({ id: `oli_${orderId}_${productId}`, orderId, productId, quantity, unitPrice: 1, discount: 0, promotionId: null });

  it('counts units on the local date at the order location', () => {
    const b = new DailySalesBuilder(['prd_a', 'prd_b'], locations, firstDate, 10);
    b.add(
      [
        order('o1', 'loc_ny', '2026-07-03T03:30:00Z'), // 23:30 on 2 July in New York → day 1
        order('o2', 'loc_la', '2026-07-03T03:30:00Z'), // 20:30 on 2 July in Los Angeles → day 1
        order('o3', 'loc_ny', '2026-07-03T04:30:00Z'), // 00:30 on 3 July in New York → day 2
        order('o4', null, '2026-07-03T03:30:00Z'), // no location: online, UTC date 3 July → day 2
      ],
      [line('o1', 'prd_a', 2), line('o1', 'prd_b', 1), line('o2', 'prd_a', 5), line('o3', 'prd_a', 1), line('o3', 'prd_a', 3), line('o4', 'prd_b', 4)],
    );
    expect(b.locations.map((l) => l.id)).toEqual(['loc_ny', 'loc_la', ONLINE_LOCATION.id]);
    expect(b.series(0, 0)).toEqual([0, 2, 4, 0, 0, 0, 0, 0, 0, 0]);
    expect(b.series(0, 1)).toEqual([0, 5, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(b.series(1, 0)).toEqual([0, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(b.series(1, 2)).toEqual([0, 0, 4, 0, 0, 0, 0, 0, 0, 0]);
    expect(b.series(0, 0, 3)).toEqual([0, 2, 4]);
    expect(b.ordersWithoutLocation).toBe(1);
  });

  it('follows daylight saving time and counts what falls outside the window or matches nothing', () => {
    const winter = Date.UTC(2026, 10, 1); // 1 November 2026: daylight time ends at 06:00 UTC in New York
    const b = new DailySalesBuilder(['prd_a'], locations, winter, 3);
    b.add(
      [
        order('o1', 'loc_ny', '2026-11-02T04:30:00Z'), // EST (UTC−5): 23:30 on 1 November → day 0
        order('o2', 'loc_ny', '2026-11-01T03:30:00Z'), // EDT (UTC−4): 23:30 on 31 October → before the window
        order('o3', 'loc_la', '2026-11-04T09:00:00Z'), // 01:00 on 4 November → after the window
      ],
      [line('o1', 'prd_a', 1), line('o2', 'prd_a', 2), line('o3', 'prd_a', 3), line('o9', 'prd_a', 1), line('o1', 'prd_x', 1)],
    );
    expect(b.series(0, 0)).toEqual([1, 0, 0]);
    expect(b.unitsOutsideWindow).toBe(5);
    expect(b.unmatchedLines).toBe(2);
    expect(() => b.add([order('o5', 'loc_xx', '2026-11-02T12:00:00Z')], [])).toThrow(new RangeError('order o5 names unknown location loc_xx'));
    expect(() => new DailySalesBuilder([], locations, winter + 3_600_000, 3)).toThrow(RangeError);
  });
});

describe('weeklyStrength', () => {
  it('is 1 for a purely weekly series, 0 for a flat one, small for noise', () => {
    expect(weeklyStrength(Array.from({ length: 70 }, (_, t) => WEEK[t % 7]!))).toBeCloseTo(1, 12);
    expect(weeklyStrength(new Array<number>(70).fill(3))).toBe(0);
    const rng = seededRandom(5);
    expect(weeklyStrength(Array.from({ length: 700 }, () => 10 + gaussian(rng)))).toBeLessThan(0.05);
    expect(weeklyStrength([1, 2, 3])).toBeNaN();
  });
});
