// Additive Holt-Winters with damped trend (ETS(A,Ad,A) in Hyndman's taxonomy), for daily unit sales
// with a weekly season. O(1) state update per day; forecasts with an approximate ~95 % interval.
// Smoothing parameters: fixed (DEFAULT_HOLT_WINTERS or the caller's), or chosen per series from a
// small grid by in-sample one-step error (selectHoltWintersConfig; what fitForecaster does by default).
import { checkCount, checkHalfOpenUnit, checkHistory, checkHorizon, checkOpenUnit, checkSales, point, type ForecastPoint } from './validate.ts';

export interface HoltWintersConfig {
  /** Level smoothing, in (0, 1). */
  alpha: number;
  /** Trend smoothing, in (0, 1). */
  beta: number;
  /** Seasonal smoothing, in (0, 1). */
  gamma: number;
  /** Trend damping, in (0, 1]; 1 = undamped. */
  phi: number;
  /** Season length in days, integer >= 2 (7 = weekly). */
  seasonLength: number;
}

export const DEFAULT_HOLT_WINTERS: Readonly<HoltWintersConfig> = Object.freeze({ alpha: 0.2, beta: 0.05, gamma: 0.15, phi: 0.98, seasonLength: 7 });

/**
 * How a fit from history sets the smoothing parameters the caller left unset: 'grid' picks them per
 * series from HOLT_WINTERS_GRID (selectHoltWintersConfig), 'fixed' takes DEFAULT_HOLT_WINTERS.
 */
export type HoltWintersFit = 'grid' | 'fixed';

/**
 * The candidate smoothing parameters of a grid fit: 4 × 2 × 3 × 2 = 48 combinations, tried in this
 * order (alpha outermost, phi innermost); the first with the lowest in-sample SSE wins.
 */
export const HOLT_WINTERS_GRID: Readonly<{ alpha: readonly number[]; beta: readonly number[]; gamma: readonly number[]; phi: readonly number[] }> = Object.freeze({
  alpha: Object.freeze([0.05, 0.1, 0.2, 0.3]),
  beta: Object.freeze([0.01, 0.05]),
  gamma: Object.freeze([0.05, 0.1, 0.2]),
  phi: Object.freeze([0.9, 0.98]),
});

export function parseHoltWintersConfig(config: Partial<HoltWintersConfig> = {}): HoltWintersConfig {
  const c = { ...DEFAULT_HOLT_WINTERS, ...config };
  checkOpenUnit('alpha', c.alpha);
  checkOpenUnit('beta', c.beta);
  checkOpenUnit('gamma', c.gamma);
  checkHalfOpenUnit('phi', c.phi);
  if (!Number.isInteger(c.seasonLength) || c.seasonLength < 2) throw new RangeError(`seasonLength must be an integer >= 2, got ${c.seasonLength}`);
  return { alpha: c.alpha, beta: c.beta, gamma: c.gamma, phi: c.phi, seasonLength: c.seasonLength };
}

export interface HoltWintersSnapshot {
  method: 'holt-winters';
  config: HoltWintersConfig;
  level: number;
  trend: number;
  /** Seasonal components, indexed by position in the season (t mod seasonLength). */
  seasonal: number[];
  /** Position in the season of the next observation. */
  phase: number;
  /** Observations seen so far (including the initialisation seasons). */
  count: number;
  /** Sum of squared one-step residuals counted in the variance, and how many. */
  sse: number;
  residualCount: number;
}

export class HoltWinters {
  readonly method = 'holt-winters' as const;
  readonly config: HoltWintersConfig;
  private level = 0;
  private trend = 0;
  private seasonal: number[];
  private phase = 0;
  private count = 0;
  private sse = 0;
  private residualCount = 0;

  constructor(config: Partial<HoltWintersConfig> = {}) {
    this.config = parseHoltWintersConfig(config);
    this.seasonal = new Array<number>(this.config.seasonLength).fill(0);
  }

  /**
   * Initialises from the first two seasons (level = first season's mean, trend = difference of the
   * two season means per day, seasonal = mean detrended deviation from each season's mean), then runs update()
   * over the whole history, so fit(a) followed by update() of b equals fit(a ++ b) exactly.
   */
  static fit(history: readonly number[], config: Partial<HoltWintersConfig> = {}): HoltWinters {
    const model = new HoltWinters(config);
    const init = initialState(history, model.config.seasonLength);
    model.level = init.level;
    model.trend = init.trend;
    model.seasonal = init.seasonal;
    for (const y of history) model.step(y);
    return model;
  }

  static restore(snapshot: HoltWintersSnapshot): HoltWinters {
    // Every parameter must be in the snapshot (a missing one is not filled from the defaults): the
    // restored model has to be the one that was fitted, grid-chosen parameters included.
    const c = snapshot.config;
    if (typeof c !== 'object' || c === null) throw new RangeError(`config must be an object, got ${c}`);
    const model = new HoltWinters({ alpha: c.alpha, beta: c.beta, gamma: c.gamma, phi: c.phi, seasonLength: c.seasonLength });
    const m = model.config.seasonLength;
    if (!Array.isArray(snapshot.seasonal) || snapshot.seasonal.length !== m) {
      throw new RangeError(`seasonal must have length ${m}, got ${Array.isArray(snapshot.seasonal) ? snapshot.seasonal.length : snapshot.seasonal}`);
    }
    for (const [name, v] of [['level', snapshot.level], ['trend', snapshot.trend], ['sse', snapshot.sse], ...snapshot.seasonal.map((s, i) => [`seasonal[${i}]`, s] as const)] as const) {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new RangeError(`${name} must be a finite number, got ${v}`);
    }
    if (!Number.isInteger(snapshot.phase) || snapshot.phase < 0 || snapshot.phase >= m) throw new RangeError(`phase must be an integer in [0, ${m}), got ${snapshot.phase}`);
    checkCount('count', snapshot.count);
    checkCount('residualCount', snapshot.residualCount);
    model.level = snapshot.level;
    model.trend = snapshot.trend;
    model.seasonal = [...snapshot.seasonal];
    model.phase = snapshot.phase;
    model.count = snapshot.count;
    model.sse = snapshot.sse;
    model.residualCount = snapshot.residualCount;
    return model;
  }

  /** One day of sales, O(1). */
  update(y: number): void {
    checkSales('y', y);
    this.step(y);
  }

  private step(y: number): void {
    const { alpha, beta, gamma, phi, seasonLength: m } = this.config;
    const s = this.seasonal[this.phase]!;
    const damped = phi * this.trend;
    const error = y - (this.level + damped + s);
    // Residuals of the first season are dominated by the initialisation; leave them out of the variance.
    if (this.count >= m) {
      this.sse += error * error;
      this.residualCount++;
    }
    const level = alpha * (y - s) + (1 - alpha) * (this.level + damped);
    this.trend = beta * (level - this.level) + (1 - beta) * damped;
    this.seasonal[this.phase] = gamma * (y - level) + (1 - gamma) * s;
    this.level = level;
    this.phase = (this.phase + 1) % m;
    this.count++;
  }

  /** Root mean squared one-step-ahead residual so far (0 before any are counted). */
  residualSd(): number {
    return this.residualCount > 0 ? Math.sqrt(this.sse / this.residualCount) : 0;
  }

  /** Current seasonal components in season order starting at the next day's position. */
  seasonalShape(): number[] {
    const m = this.config.seasonLength;
    return Array.from({ length: m }, (_, i) => this.seasonal[(this.phase + i) % m]!);
  }

  /**
   * h days ahead. Mean = level + (φ + … + φ^k)·trend + seasonal, clipped at 0.
   * Interval (approximation): treats the model as ETS(A,Ad,A) with Gaussian, independent, constant-
   * variance errors, σ² estimated by the running mean of squared one-step residuals, and uses the
   * closed-form k-step variance σ²·(1 + Σ_{j<k} c_j²), c_j = α + αβ(φ + … + φ^j) + γ(1−α)·[j mod m = 0].
   * It ignores parameter and initialisation uncertainty, so it is somewhat narrow on short histories;
   * bounds are clipped at 0.
   */
  forecast(h: number): ForecastPoint[] {
    checkHorizon(h);
    const { alpha, beta, gamma, phi, seasonLength: m } = this.config;
    const sigma2 = this.residualCount > 0 ? this.sse / this.residualCount : 0;
    const out: ForecastPoint[] = [];
    let phiSum = 0; // φ + … + φ^k
    let varFactor = 1; // 1 + Σ_{j<k} c_j²
    let phiPow = 1;
    for (let k = 1; k <= h; k++) {
      phiPow *= phi;
      if (k > 1) {
        const j = k - 1;
        const c = alpha + alpha * beta * phiSum + (j % m === 0 ? gamma * (1 - alpha) : 0);
        varFactor += c * c;
      }
      phiSum += phiPow;
      const mean = this.level + phiSum * this.trend + this.seasonal[(this.phase + k - 1) % m]!;
      out.push(point(mean, Math.sqrt(sigma2 * varFactor)));
    }
    return out;
  }

  snapshot(): HoltWintersSnapshot {
    return {
      method: 'holt-winters',
      config: { ...this.config },
      level: this.level,
      trend: this.trend,
      seasonal: [...this.seasonal],
      phase: this.phase,
      count: this.count,
      sse: this.sse,
      residualCount: this.residualCount,
    };
  }
}

/**
 * Initial state from the first two seasons: level = first season's mean, trend = difference of the
 * two season means per day, seasonal = mean detrended deviation from each season's mean; the level is
 * placed at t = −1 so that the first update is that of day 0.
 */
function initialState(history: readonly number[], m: number): { level: number; trend: number; seasonal: number[] } {
  if (!Array.isArray(history) || history.length < 2 * m) {
    throw new RangeError(`Holt-Winters needs at least 2 seasons (${2 * m} days) of history, got ${Array.isArray(history) ? history.length : history}`);
  }
  checkHistory(history, 2 * m);
  let mean1 = 0;
  let mean2 = 0;
  for (let i = 0; i < m; i++) {
    mean1 += history[i]! / m;
    mean2 += history[m + i]! / m;
  }
  const trend = (mean2 - mean1) / m;
  // Deviation from each season's mean, detrended within the season (its mean sits at i = (m - 1) / 2).
  const seasonal = new Array<number>(m);
  for (let i = 0; i < m; i++) {
    const drift = trend * (i - (m - 1) / 2);
    seasonal[i] = (history[i]! - mean1 - drift + history[m + i]! - mean2 - drift) / 2;
  }
  // mean1 sits at the centre of season 1, t = (m - 1) / 2; move it back to t = -1.
  return { level: mean1 - trend * ((m + 1) / 2), trend, seasonal };
}

/**
 * Per-series smoothing parameters, the way ETS implementations choose them (by in-sample one-step-ahead
 * squared error), on a small fixed grid instead of a numerical optimiser: every combination of
 * HOLT_WINTERS_GRID is run over the history from the same initial state, and the one with the lowest
 * sum of squared one-step errors on the days after the two initialisation seasons wins (ties: the
 * first in grid order). Parameters set in `config` are held and only the others are searched (all
 * four set: nothing to search). With less than one season of days after the initialisation (history
 * shorter than 3 seasons) there is too little to choose on, and the unset parameters take
 * DEFAULT_HOLT_WINTERS. Deterministic; costs 48 passes over the history.
 * Returns the full config, to pass to HoltWinters.fit.
 */
export function selectHoltWintersConfig(history: readonly number[], config: Partial<HoltWintersConfig> = {}): HoltWintersConfig {
  const base = parseHoltWintersConfig(config);
  const m = base.seasonLength;
  const init = initialState(history, m);
  const n = history.length;
  if (n < 3 * m) return base;
  const held = (name: 'alpha' | 'beta' | 'gamma' | 'phi') => (Object.hasOwn(config, name) ? [base[name]] : HOLT_WINTERS_GRID[name]);
  const alphas = held('alpha');
  const betas = held('beta');
  const gammas = held('gamma');
  const phis = held('phi');
  const seasonal = new Float64Array(m);
  let best = base;
  let bestSse = Infinity;
  for (const alpha of alphas) {
    for (const beta of betas) {
      for (const gamma of gammas) {
        for (const phi of phis) {
          // The same recursion as HoltWinters' step(), term for term.
          let level = init.level;
          let trend = init.trend;
          for (let i = 0; i < m; i++) seasonal[i] = init.seasonal[i]!;
          let sse = 0;
          let phase = 0;
          for (let t = 0; t < n && sse < bestSse; t++) {
            const y = history[t]!;
            const s = seasonal[phase]!;
            const damped = phi * trend;
            const error = y - (level + damped + s);
            if (t >= 2 * m) sse += error * error;
            const next = alpha * (y - s) + (1 - alpha) * (level + damped);
            trend = beta * (next - level) + (1 - beta) * damped;
            seasonal[phase] = gamma * (y - next) + (1 - gamma) * s;
            level = next;
            phase = phase + 1 === m ? 0 : phase + 1;
          }
          if (sse < bestSse) {
            bestSse = sse;
            best = { alpha, beta, gamma, phi, seasonLength: m };
          }
        }
      }
    }
  }
  return best;
}
