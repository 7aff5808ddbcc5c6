// Fallback for short histories: mean of the last `window` days, interval from their spread.
import { checkHistory, checkHorizon, checkSales, point, type ForecastPoint } from './validate.ts';

export interface MovingAverageSnapshot {
  method: 'moving-average';
  window: number;
  /** The last (at most `window`) days, oldest first. */
  recent: number[];
}

export class MovingAverage {
  readonly method = 'moving-average' as const;
  readonly window: number;
  private recent: number[] = [];

  constructor(window = 7) {
    if (!Number.isInteger(window) || window < 1) throw new RangeError(`window must be a positive integer, got ${window}`);
    this.window = window;
  }

  static fit(history: readonly number[], window = 7): MovingAverage {
    const model = new MovingAverage(window);
    checkHistory(history, 1);
    for (const y of history) model.push(y);
    return model;
  }

  static restore(snapshot: MovingAverageSnapshot): MovingAverage {
    const model = new MovingAverage(snapshot.window);
    if (!Array.isArray(snapshot.recent) || snapshot.recent.length > snapshot.window) {
      throw new RangeError(`recent must be an array of at most ${snapshot.window} days`);
    }
    for (let i = 0; i < snapshot.recent.length; i++) checkSales(`recent[${i}]`, snapshot.recent[i]!);
    model.recent = [...snapshot.recent];
    return model;
  }

  update(y: number): void {
    checkSales('y', y);
    this.push(y);
  }

  private push(y: number): void {
    this.recent.push(y);
    if (this.recent.length > this.window) this.recent.shift();
  }

  /** Flat mean of the window; interval mean ± z·sd·√(1 + 1/n) (sample sd, 0 with one day). */
  forecast(h: number): ForecastPoint[] {
    checkHorizon(h);
    const n = this.recent.length;
    const mean = n > 0 ? this.recent.reduce((a, b) => a + b, 0) / n : 0;
    const variance = n > 1 ? this.recent.reduce((a, y) => a + (y - mean) ** 2, 0) / (n - 1) : 0;
    const p = point(mean, Math.sqrt(variance * (1 + 1 / Math.max(n, 1))));
    return Array.from({ length: h }, () => ({ ...p }));
  }

  snapshot(): MovingAverageSnapshot {
    return { method: 'moving-average', window: this.window, recent: [...this.recent] };
  }
}
