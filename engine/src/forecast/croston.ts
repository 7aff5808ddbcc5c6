// Croston's method with the Syntetos-Boylan (SBA) bias correction, for intermittent daily demand:
// smooths the non-zero demand sizes and the intervals between them separately; the forecast is a flat
// daily rate (size / interval) · (1 − α/2).
import { checkCount, checkHistory, checkHorizon, checkOpenUnit, checkSales, point, type ForecastPoint } from './validate.ts';

export interface CrostonConfig {
  /** Smoothing of sizes and intervals, in (0, 1). */
  alpha: number;
}

export const DEFAULT_CROSTON: Readonly<CrostonConfig> = Object.freeze({ alpha: 0.1 });

export function parseCrostonConfig(config: Partial<CrostonConfig> = {}): CrostonConfig {
  const c = { ...DEFAULT_CROSTON, ...config };
  checkOpenUnit('alpha', c.alpha);
  return { alpha: c.alpha };
}

export interface CrostonSnapshot {
  method: 'croston';
  config: CrostonConfig;
  /** Smoothed non-zero demand size (0 before the first demand). */
  size: number;
  /** Smoothed interval in days between demands (0 before the first demand). */
  interval: number;
  /** Days since the last demand (or since the start, before the first). */
  sinceLast: number;
  sse: number;
  residualCount: number;
}

export class Croston {
  readonly method = 'croston' as const;
  readonly config: CrostonConfig;
  private size = 0;
  private interval = 0;
  private sinceLast = 0;
  private sse = 0;
  private residualCount = 0;

  constructor(config: Partial<CrostonConfig> = {}) {
    this.config = parseCrostonConfig(config);
  }

  /**
   * Initialised by the first demand (size = that demand, interval = its 1-based day), then updated
   * day by day, so fit(a) followed by update() of b equals fit(a ++ b). Needs at least one day.
   */
  static fit(history: readonly number[], config: Partial<CrostonConfig> = {}): Croston {
    const model = new Croston(config);
    checkHistory(history, 1);
    for (const y of history) model.step(y);
    return model;
  }

  static restore(snapshot: CrostonSnapshot): Croston {
    const model = new Croston(snapshot.config);
    for (const [name, v] of [['size', snapshot.size], ['interval', snapshot.interval], ['sse', snapshot.sse]] as const) checkSales(name, v);
    for (const [name, v] of [['sinceLast', snapshot.sinceLast], ['residualCount', snapshot.residualCount]] as const) checkCount(name, v);
    model.size = snapshot.size;
    model.interval = snapshot.interval;
    model.sinceLast = snapshot.sinceLast;
    model.sse = snapshot.sse;
    model.residualCount = snapshot.residualCount;
    return model;
  }

  /** Expected units per day: SBA-corrected size / interval (0 before any demand). */
  rate(): number {
    return this.interval > 0 ? (this.size / this.interval) * (1 - this.config.alpha / 2) : 0;
  }

  update(y: number): void {
    checkSales('y', y);
    this.step(y);
  }

  private step(y: number): void {
    const { alpha } = this.config;
    // One-step residual against the rate forecast, once a demand has been seen.
    if (this.interval > 0) {
      const error = y - this.rate();
      this.sse += error * error;
      this.residualCount++;
    }
    this.sinceLast++;
    if (y > 0) {
      if (this.interval === 0) {
        this.size = y;
        this.interval = this.sinceLast;
      } else {
        this.size += alpha * (y - this.size);
        this.interval += alpha * (this.sinceLast - this.interval);
      }
      this.sinceLast = 0;
    }
  }

  /**
   * Flat daily rate for h days. Interval (approximation): rate ± z·σ per day, σ² the mean squared
   * one-step residual; daily intermittent demand is far from Gaussian, so treat it as a rough band
   * (lower is clipped at 0 and is usually 0).
   */
  forecast(h: number): ForecastPoint[] {
    checkHorizon(h);
    const sd = this.residualCount > 0 ? Math.sqrt(this.sse / this.residualCount) : 0;
    const p = point(this.rate(), sd);
    return Array.from({ length: h }, () => ({ ...p }));
  }

  snapshot(): CrostonSnapshot {
    return {
      method: 'croston',
      config: { ...this.config },
      size: this.size,
      interval: this.interval,
      sinceLast: this.sinceLast,
      sse: this.sse,
      residualCount: this.residualCount,
    };
  }
}
