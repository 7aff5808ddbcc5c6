// Demand forecasts per product × location, kept live in memory: history loaded once from
// DailySales, then every sale and return on the bus (each replica sees every stock event) adds to
// the day it happened. A day is fed to the series' forecaster once it has closed (UTC), so the
// model updates incrementally — no nightly batch. Forecasters are fitted lazily, on first use.
import type { Database } from '@retail/db';
import { badInput, type StockForecastSummary } from '@retail/platform';
import { daysOfCover, fitForecaster, stockoutProbability, type ForecastMethod, type ForecastPoint, type Forecaster } from '@retail/engine';

const DAY_MS = 86_400_000;
const epochDay = (t: Date | number) => Math.floor((typeof t === 'number' ? t : t.getTime()) / DAY_MS);

export interface DemandForecastSettings {
  /** Days of history loaded at start and kept per series. */
  historyDays: number;
  /** The horizon of stockoutRisk in stock events: days until the next receipt is usually in. */
  leadTimeDays: number;
  /** Longest horizon a caller may ask for. */
  maxHorizonDays: number;
}

export const DEFAULT_DEMAND_FORECAST_SETTINGS: DemandForecastSettings = Object.freeze({ historyDays: 56, leadTimeDays: 7, maxHorizonDays: 90 });

export interface DailyForecast {
  /** 'none' when the series has no sales at all in its history. */
  method: ForecastMethod | 'none';
  historyDays: number;
  /** One point per day from today (UTC, the day still open), with its date. */
  points: (ForecastPoint & { date: string })[];
}

interface Series {
  /** Units of the closed days (UTC), oldest first, ending the day before `openDay`. */
  history: number[];
  /** The first day not yet in `history`. */
  openDay: number;
  /** Units of days ≥ openDay, by epoch day (today and any late-arriving days). */
  open: Map<number, number>;
  forecaster: Forecaster | null;
  /** risk() answers by `${available}/${horizon}/${today}`, dropped when the series changes. */
  risks: Map<string, RiskAnswer>;
}

interface RiskAnswer {
  daysOfCover: number | null;
  stockoutRisk: number;
  dailyDemand: number;
}

const seriesKey = (productId: string, locationId: string) => `${productId}\u0000${locationId}`;

/** Sales already applied, by adjustment id: the replica that made a change applies it at once and skips its echo from the bus. */
const SEEN_LIMIT = 100_000;

export class DemandForecasts {
  private readonly series = new Map<string, Series>();
  private readonly seen = new Set<string>();
  private startDay = 0;

  constructor(
    private readonly db: Database,
    private readonly now: () => Date,
    readonly settings: DemandForecastSettings = DEFAULT_DEMAND_FORECAST_SETTINGS,
  ) {}

  /** Loads the last `historyDays` closed days of sales (one query). */
  async load(): Promise<{ series: number }> {
    const today = epochDay(this.now());
    this.startDay = today - this.settings.historyDays;
    const rows = await this.db.prisma.dailySales.findMany({
      where: { day: { gte: new Date(this.startDay * DAY_MS) } },
      select: { productId: true, locationId: true, day: true, units: true },
    });
    this.series.clear();
    for (const r of rows) this.add(r.productId, r.locationId, epochDay(r.day), r.units);
    return { series: this.series.size };
  }

  /**
   * A sale (positive units) or return (negative) at `at`, once per adjustment id; days before the
   * loaded window are ignored. Returns false when the adjustment had been applied already.
   */
  recordSale(adjustmentId: string, productId: string, locationId: string, units: number, at: Date): boolean {
    if (this.seen.has(adjustmentId)) return false;
    this.seen.add(adjustmentId);
    if (this.seen.size > SEEN_LIMIT) this.seen.delete(this.seen.values().next().value!);
    this.add(productId, locationId, epochDay(at), units);
    return true;
  }

  /** Takes back a sale recorded inside a transaction that then rolled back. */
  revertSale(adjustmentId: string, productId: string, locationId: string, units: number, at: Date): void {
    if (!this.seen.delete(adjustmentId)) return;
    this.add(productId, locationId, epochDay(at), -units);
  }

  private add(productId: string, locationId: string, day: number, units: number): void {
    if (day < this.startDay) return;
    const key = seriesKey(productId, locationId);
    let s = this.series.get(key);
    if (!s) {
      s = { history: [], openDay: this.startDay, open: new Map(), forecaster: null, risks: new Map() };
      this.series.set(key, s);
    }
    s.risks.clear();
    if (day < s.openDay) {
      // A late event for a day the model has already learnt: correct the history, refit lazily.
      const i = s.history.length - (s.openDay - day);
      s.history[i] = Math.max(0, s.history[i]! + units);
      s.forecaster = null;
      return;
    }
    s.open.set(day, (s.open.get(day) ?? 0) + units);
  }

  /** Closes the days before today into the history and the forecaster. */
  private roll(s: Series): void {
    const today = epochDay(this.now());
    for (; s.openDay < today; s.openDay++) {
      const y = Math.max(0, s.open.get(s.openDay) ?? 0);
      s.open.delete(s.openDay);
      s.history.push(y);
      s.forecaster?.update(y);
    }
    if (s.history.length > this.settings.historyDays * 2) {
      // Keep the window bounded; the fitted model already holds what the dropped days taught it.
      s.history.splice(0, s.history.length - this.settings.historyDays);
    }
  }

  private forecaster(s: Series): Forecaster | null {
    this.roll(s);
    if (s.history.length === 0 || !s.history.some((y) => y > 0)) return null;
    s.forecaster ??= fitForecaster(s.history);
    return s.forecaster;
  }

  checkHorizon(horizonDays: number): void {
    const max = this.settings.maxHorizonDays;
    if (!Number.isInteger(horizonDays) || horizonDays < 1 || horizonDays > max) {
      throw badInput(`horizonDays must be an integer from 1 to ${max}, got ${horizonDays}`, 'horizonDays');
    }
  }

  /** Daily forecast for `horizonDays` days from today: the model's next day is the one still open. */
  forecast(productId: string, locationId: string, horizonDays: number): DailyForecast {
    this.checkHorizon(horizonDays);
    const s = this.series.get(seriesKey(productId, locationId));
    const model = s ? this.forecaster(s) : null;
    const from = epochDay(this.now());
    const date = (i: number) => new Date((from + i) * DAY_MS).toISOString().slice(0, 10);
    if (!model) {
      return { method: 'none', historyDays: s?.history.length ?? 0, points: Array.from({ length: horizonDays }, (_, i) => ({ date: date(i), mean: 0, lower: 0, upper: 0 })) };
    }
    return { method: model.method, historyDays: s!.history.length, points: model.forecast(horizonDays).map((p, i) => ({ ...p, date: date(i) })) };
  }

  /** Days of cover and stockout risk over `horizonDays` for `available` units to promise. */
  risk(productId: string, locationId: string, available: number, horizonDays = this.settings.leadTimeDays): RiskAnswer {
    const s = this.series.get(seriesKey(productId, locationId));
    if (!s) return { daysOfCover: null, stockoutRisk: 0, dailyDemand: 0 };
    const memo = `${available}/${horizonDays}/${epochDay(this.now())}`;
    const known = s.risks.get(memo);
    if (known) return known;
    const answer = this.computeRisk(productId, locationId, available, horizonDays);
    if (s.risks.size > 64) s.risks.clear();
    s.risks.set(memo, answer);
    return answer;
  }

  private computeRisk(productId: string, locationId: string, available: number, horizonDays: number): RiskAnswer {
    const f = this.forecast(productId, locationId, Math.max(horizonDays, 28));
    const lead = f.points.slice(0, horizonDays);
    const week = f.points.slice(0, 7);
    return {
      daysOfCover: f.method === 'none' ? null : daysOfCover(f.points, available),
      stockoutRisk: stockoutProbability(lead, available, f.method === 'croston'),
      dailyDemand: week.reduce((sum, p) => sum + p.mean, 0) / week.length,
    };
  }

  /** The summary carried on stock events for the offers engine. */
  summary(productId: string, locationId: string, available: number): StockForecastSummary {
    const leadTimeDays = this.settings.leadTimeDays;
    return { ...this.risk(productId, locationId, available, leadTimeDays), leadTimeDays };
  }

  get size(): number {
    return this.series.size;
  }
}
