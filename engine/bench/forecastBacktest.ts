// The pure part of `npm run bench:forecast`: daily unit sales per product × location from the
// simulator's orders, a rolling-origin backtest of the engine's forecasters against seasonal naive,
// and error tallies (WAPE, bias, interval coverage) that add up over series. No I/O.
import { utcOffsetMinutes, type OrderLineRow, type OrderRow } from '@retail/simulator';
import { fitForecaster, HoltWinters, type FitForecasterOptions, type ForecastMethod, type ForecastPoint, type HoltWintersConfig } from '../src/index.ts';

export const DAY_MS = 86_400_000;

/** Orders without a location (none in the simulator: online orders name their fulfilment warehouse) are counted here, by UTC date. */
export const ONLINE_LOCATION = { id: 'online', timezone: 'UTC' } as const;

export interface SeriesLocation {
  id: string;
  /** IANA name the simulator knows (utcOffsetMinutes), or 'UTC'. */
  timezone: string;
}

/**
 * Units ordered per product × location × day, day 0 being `firstDate` (a calendar date as its UTC
 * midnight). A sale counts on the local date at its location, as that location's books would have it.
 * Every order status counts: the series is demand, cancellations and returns included.
 */
export class DailySalesBuilder {
  /** Units at [(product · locations + location) · days + day]; the last location is ONLINE_LOCATION. */
  readonly units: Float64Array;
  readonly locations: readonly SeriesLocation[];
  /** Units whose local date falls outside [firstDate, firstDate + days). */
  unitsOutsideWindow = 0;
  /** Lines whose product or order is unknown (a line must arrive with its order). */
  unmatchedLines = 0;
  /** Orders with no location, counted in the ONLINE_LOCATION series. */
  ordersWithoutLocation = 0;
  private readonly productIndex: Map<string, number>;
  private readonly locationIndex: Map<string, number>;

  constructor(
    readonly productIds: readonly string[],
    locations: readonly SeriesLocation[],
    readonly firstDate: number,
    readonly days: number,
  ) {
    if (!Number.isInteger(days) || days < 1) throw new RangeError(`days must be a positive integer, got ${days}`);
    if (firstDate % DAY_MS !== 0) throw new RangeError(`firstDate must be a UTC midnight, got ${new Date(firstDate).toISOString()}`);
    this.locations = [...locations, ONLINE_LOCATION];
    this.productIndex = new Map(productIds.map((id, i) => [id, i]));
    this.locationIndex = new Map(this.locations.map((l, i) => [l.id, i]));
    this.units = new Float64Array(productIds.length * this.locations.length * days);
  }

  /** Local calendar day index of an instant at a location (may fall outside [0, days)). */
  dayAt(location: number, utcMs: number): number {
    const { timezone } = this.locations[location]!;
    const offset = timezone === 'UTC' ? 0 : utcOffsetMinutes(timezone, utcMs);
    return Math.floor((utcMs + offset * 60_000 - this.firstDate) / DAY_MS);
  }

  /** One batch of orders and their lines (the simulator yields lines in the chunk of their order). */
  add(orders: readonly OrderRow[], lines: readonly OrderLineRow[]): void {
    const placed = new Map<string, { location: number; day: number }>();
    for (const order of orders) {
      if (order.locationId === null) this.ordersWithoutLocation++;
      const location = this.locationIndex.get(order.locationId ?? ONLINE_LOCATION.id);
      if (location === undefined) throw new RangeError(`order ${order.id} names unknown location ${order.locationId}`);
      placed.set(order.id, { location, day: this.dayAt(location, order.placedAt.getTime()) });
    }
    for (const line of lines) {
      const at = placed.get(line.orderId);
      const product = this.productIndex.get(line.productId);
      if (at === undefined || product === undefined) {
        this.unmatchedLines++;
        continue;
      }
      if (at.day < 0 || at.day >= this.days) {
        this.unitsOutsideWindow += line.quantity;
        continue;
      }
      this.units[(product * this.locations.length + at.location) * this.days + at.day]! += line.quantity;
    }
  }

  /** Daily units of one product at one location, days [0, length). */
  series(product: number, location: number, length = this.days): number[] {
    const start = (product * this.locations.length + location) * this.days;
    return Array.from(this.units.subarray(start, start + length));
  }
}

/** Same weekday last week: day k ahead (1-based) repeats the last observed day of its weekday. */
export function seasonalNaive(history: readonly number[], h: number, season = 7): number[] {
  if (history.length < season) throw new RangeError(`seasonal naive needs at least ${season} days of history, got ${history.length}`);
  return Array.from({ length: h }, (_, k) => history[history.length - season + (k % season)]!);
}

export interface BacktestOptions {
  /** Days of history the forecaster is first fitted on (the first origin). */
  firstOrigin: number;
  /** Days between origins. */
  originStep: number;
  /** Number of origins; the last is firstOrigin + (origins − 1) · originStep. */
  origins: number;
  /** Days forecast at each origin. */
  horizon: number;
  forecaster?: FitForecasterOptions;
}

export interface OriginForecast {
  /** Days of history before this forecast: it forecasts days origin … origin + horizon − 1. */
  origin: number;
  model: ForecastPoint[];
  naive: number[];
  /** Observed days of the horizon (fewer than `horizon` near the end of the series). */
  actual: number[];
}

export interface SeriesBacktest {
  /** Method chooseForecastMethod picked on the history at the first origin, kept for every origin. */
  method: ForecastMethod;
  /** Holt-Winters only: the parameters it was fitted with at the first origin (held after it). */
  holtWinters?: HoltWintersConfig;
  origins: OriginForecast[];
}

export function checkBacktestOptions(length: number, o: BacktestOptions): void {
  for (const [name, v] of [['firstOrigin', o.firstOrigin], ['originStep', o.originStep], ['origins', o.origins], ['horizon', o.horizon]] as const) {
    if (!Number.isInteger(v) || v < 1) throw new RangeError(`${name} must be a positive integer, got ${v}`);
  }
  if (o.firstOrigin < 7) throw new RangeError(`firstOrigin must leave a week of history for seasonal naive, got ${o.firstOrigin}`);
  const last = o.firstOrigin + (o.origins - 1) * o.originStep;
  if (last >= length) throw new RangeError(`the last origin (day ${last}) must leave at least one observed day in a series of ${length} days`);
}

/**
 * Rolling origin, as the product runs: fit once on the days before the first origin, then feed
 * the forecaster one day at a time with update(); at each origin forecast `horizon` days. Since every
 * model's fit(a) then update(b) equals fit(a ++ b) with the same parameters, this is a refit at each
 * origin with the method and its parameters (Holt-Winters': grid-chosen at the first origin) held.
 */
export function backtestSeries(series: readonly number[], options: BacktestOptions): SeriesBacktest {
  checkBacktestOptions(series.length, options);
  const { firstOrigin, originStep, origins, horizon } = options;
  const forecaster = fitForecaster(series.slice(0, firstOrigin), options.forecaster);
  const out: OriginForecast[] = [];
  let seen = firstOrigin;
  for (let i = 0; i < origins; i++) {
    const origin = firstOrigin + i * originStep;
    for (; seen < origin; seen++) forecaster.update(series[seen]!);
    const history = series.slice(0, origin);
    const actual = series.slice(origin, origin + horizon);
    out.push({ origin, model: forecaster.forecast(horizon), naive: seasonalNaive(history, horizon), actual });
  }
  return { method: forecaster.method, ...(forecaster instanceof HoltWinters ? { holtWinters: { ...forecaster.config } } : {}), origins: out };
}

/** Sums behind WAPE, bias and interval coverage; tallies of many series add up (pooled, volume-weighted). */
export class ErrorTally {
  actual = 0;
  absError = 0;
  error = 0;
  days = 0;
  /** Days with an interval, and those whose actual fell inside it. */
  intervalDays = 0;
  covered = 0;
  /** The same on days that sold (a zero day is inside any interval whose lower bound clipped to 0). */
  saleDays = 0;
  coveredSaleDays = 0;

  add(actual: number, forecast: number, interval?: { lower: number; upper: number }): void {
    this.actual += actual;
    this.absError += Math.abs(actual - forecast);
    this.error += forecast - actual;
    this.days++;
    if (interval) {
      this.intervalDays++;
      const inside = actual >= interval.lower && actual <= interval.upper;
      if (inside) this.covered++;
      if (actual > 0) {
        this.saleDays++;
        if (inside) this.coveredSaleDays++;
      }
    }
  }

  merge(other: ErrorTally): this {
    this.actual += other.actual;
    this.absError += other.absError;
    this.error += other.error;
    this.days += other.days;
    this.intervalDays += other.intervalDays;
    this.covered += other.covered;
    this.saleDays += other.saleDays;
    this.coveredSaleDays += other.coveredSaleDays;
    return this;
  }

  /** Σ|actual − forecast| / Σ actual (NaN when nothing sold). */
  get wape(): number {
    return this.actual > 0 ? this.absError / this.actual : NaN;
  }

  /** Σ(forecast − actual) / Σ actual; positive = over-forecast (NaN when nothing sold). */
  get bias(): number {
    return this.actual > 0 ? this.error / this.actual : NaN;
  }

  get coverage(): number {
    return this.intervalDays > 0 ? this.covered / this.intervalDays : NaN;
  }

  get coverageOnSaleDays(): number {
    return this.saleDays > 0 ? this.coveredSaleDays / this.saleDays : NaN;
  }
}

export interface BacktestScore {
  /** Daily values, model mean and its interval. */
  model: ErrorTally;
  naive: ErrorTally;
  /** One value per origin: the window's total units, forecast vs actual (what replenishment orders against). */
  modelTotal: ErrorTally;
  naiveTotal: ErrorTally;
}

export function emptyScore(): BacktestScore {
  return { model: new ErrorTally(), naive: new ErrorTally(), modelTotal: new ErrorTally(), naiveTotal: new ErrorTally() };
}

export function mergeScore(into: BacktestScore, from: BacktestScore): BacktestScore {
  into.model.merge(from.model);
  into.naive.merge(from.naive);
  into.modelTotal.merge(from.modelTotal);
  into.naiveTotal.merge(from.naiveTotal);
  return into;
}

/**
 * Scores days firstLead … lastLead ahead (1-based) of every origin whose window is fully observed,
 * so lead-time buckets compare like with like.
 */
export function scoreBacktest(backtest: SeriesBacktest, firstLead = 1, lastLead = 7, into: BacktestScore = emptyScore()): BacktestScore {
  if (!Number.isInteger(firstLead) || !Number.isInteger(lastLead) || firstLead < 1 || lastLead < firstLead) {
    throw new RangeError(`leads must be integers with 1 <= firstLead <= lastLead, got ${firstLead}..${lastLead}`);
  }
  for (const o of backtest.origins) {
    if (o.actual.length < lastLead || o.model.length < lastLead) continue;
    let actualSum = 0;
    let modelSum = 0;
    let naiveSum = 0;
    for (let k = firstLead - 1; k < lastLead; k++) {
      const y = o.actual[k]!;
      const p = o.model[k]!;
      into.model.add(y, p.mean, p);
      into.naive.add(y, o.naive[k]!);
      actualSum += y;
      modelSum += p.mean;
      naiveSum += o.naive[k]!;
    }
    into.modelTotal.add(actualSum, modelSum);
    into.naiveTotal.add(actualSum, naiveSum);
  }
  return into;
}

/** Share of days with no sales and mean units a day. */
export function describeSeries(series: readonly number[]): { zeroShare: number; meanPerDay: number } {
  let zeros = 0;
  let total = 0;
  for (const y of series) {
    if (y === 0) zeros++;
    total += y;
  }
  return { zeroShare: series.length > 0 ? zeros / series.length : NaN, meanPerDay: series.length > 0 ? total / series.length : NaN };
}

/**
 * Strength of the weekly pattern: variance of the 7 weekday means over the variance of the days
 * (0 = none; 1 = every day equals its weekday mean). Day 0 has weekday position 0.
 */
export function weeklyStrength(series: readonly number[]): number {
  const n = series.length;
  if (n < 14) return NaN;
  const sums = new Array<number>(7).fill(0);
  const counts = new Array<number>(7).fill(0);
  let total = 0;
  series.forEach((y, t) => {
    sums[t % 7]! += y;
    counts[t % 7]!++;
    total += y;
  });
  const mean = total / n;
  const variance = series.reduce((a, y) => a + (y - mean) ** 2, 0) / n;
  // Rounding alone must not read as a pattern.
  if (variance <= 1e-12 * (mean * mean + 1)) return 0;
  let between = 0;
  for (let d = 0; d < 7; d++) between += (counts[d]! / n) * (sums[d]! / counts[d]! - mean) ** 2;
  return between / variance;
}
