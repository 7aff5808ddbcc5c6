// Per-series method choice and one interface over the three models.
import { Croston, type CrostonConfig, type CrostonSnapshot } from './croston.ts';
import { HoltWinters, selectHoltWintersConfig, type HoltWintersConfig, type HoltWintersFit, type HoltWintersSnapshot } from './holtWinters.ts';
import { MovingAverage, type MovingAverageSnapshot } from './movingAverage.ts';
import { checkHistory, type ForecastPoint } from './validate.ts';

export type ForecastMethod = 'holt-winters' | 'croston' | 'moving-average';
export type ForecasterSnapshot = HoltWintersSnapshot | CrostonSnapshot | MovingAverageSnapshot;

export interface Forecaster {
  readonly method: ForecastMethod;
  update(y: number): void;
  forecast(h: number): ForecastPoint[];
  snapshot(): ForecasterSnapshot;
}

/** Average inter-demand interval (ADI) cut-off of Syntetos & Boylan. */
export const ADI_THRESHOLD = 1.32;
/** Days of history Holt-Winters needs (two weekly seasons). */
export const MIN_HOLT_WINTERS_DAYS = 14;

/**
 * Intermittent (share of zero days ≥ 0.5, or ADI = days / demand days ≥ 1.32) → croston; otherwise
 * holt-winters with ≥ 14 days, else moving-average. (ADI ≥ 1.32 already holds whenever the zero share
 * is ≥ 0.5, so in effect a series is intermittent once about a quarter of its days have no sales.)
 * Needs at least one day.
 */
export function chooseForecastMethod(history: readonly number[]): ForecastMethod {
  checkHistory(history, 1);
  const n = history.length;
  const demandDays = history.reduce((k, y) => k + (y > 0 ? 1 : 0), 0);
  const zeroShare = (n - demandDays) / n;
  const adi = demandDays > 0 ? n / demandDays : Infinity;
  if (zeroShare >= 0.5 || adi >= ADI_THRESHOLD) return 'croston';
  return n >= MIN_HOLT_WINTERS_DAYS ? 'holt-winters' : 'moving-average';
}

export interface FitForecasterOptions {
  /** Holt-Winters parameters to use as given; with holtWintersFit 'grid' the smoothing parameters not set here are chosen per series. */
  holtWinters?: Partial<HoltWintersConfig>;
  /**
   * 'grid' (DEFAULT_HOLT_WINTERS_FIT): alpha, beta, gamma and phi left unset in `holtWinters` are picked
   * per series from HOLT_WINTERS_GRID by in-sample one-step error (selectHoltWintersConfig), then held
   * by update(); 'fixed': they take DEFAULT_HOLT_WINTERS.
   */
  holtWintersFit?: HoltWintersFit;
  croston?: Partial<CrostonConfig>;
  movingAverageWindow?: number;
}

/** How fitForecaster sets Holt-Winters' smoothing parameters unless told otherwise. */
export const DEFAULT_HOLT_WINTERS_FIT: HoltWintersFit = 'grid';

/**
 * Fits the method chooseForecastMethod picks for this history. A Holt-Winters forecaster keeps the
 * parameters chosen here: update() never re-chooses them, so fit(a) then update(b) equals a fit of
 * a ++ b with those parameters given (not necessarily a grid fit of a ++ b).
 */
export function fitForecaster(history: readonly number[], options: FitForecasterOptions = {}): Forecaster {
  const fit = options.holtWintersFit ?? DEFAULT_HOLT_WINTERS_FIT;
  if (fit !== 'grid' && fit !== 'fixed') throw new RangeError(`holtWintersFit must be 'grid' or 'fixed', got ${fit}`);
  switch (chooseForecastMethod(history)) {
    case 'croston':
      return Croston.fit(history, options.croston);
    case 'holt-winters': {
      const m = options.holtWinters?.seasonLength ?? 7;
      // A custom season longer than 7 may need more history than the chooser's 14 days.
      if (history.length < 2 * m) return MovingAverage.fit(history, options.movingAverageWindow);
      return HoltWinters.fit(history, fit === 'grid' ? selectHoltWintersConfig(history, options.holtWinters) : options.holtWinters);
    }
    case 'moving-average':
      return MovingAverage.fit(history, options.movingAverageWindow);
  }
}

export function restoreForecaster(snapshot: ForecasterSnapshot): Forecaster {
  switch (snapshot?.method) {
    case 'holt-winters':
      return HoltWinters.restore(snapshot);
    case 'croston':
      return Croston.restore(snapshot);
    case 'moving-average':
      return MovingAverage.restore(snapshot);
    default:
      throw new RangeError(`unknown forecaster method ${(snapshot as { method?: unknown } | undefined)?.method}`);
  }
}
