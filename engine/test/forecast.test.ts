import { describe, expect, it } from 'vitest';
import {
  bias,
  chooseForecastMethod,
  Croston,
  DEFAULT_HOLT_WINTERS,
  DEFAULT_HOLT_WINTERS_FIT,
  fitForecaster,
  HOLT_WINTERS_GRID,
  HoltWinters,
  MovingAverage,
  restoreForecaster,
  seededRandom,
  selectHoltWintersConfig,
  wape,
  type HoltWintersConfig,
  type RandomSource,
} from '../src/index.ts';

const PATTERN = [5, 3, 0, -2, -3, -4, 1];

function gaussian(rng: RandomSource): number {
  const u = 1 - rng.next();
  const v = rng.next();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/** Level 20, +0.1/day, weekly pattern, Gaussian noise of sd `noise`, clipped at 0. */
function series(days: number, noise: number, seed = 1): number[] {
  const rng = seededRandom(seed);
  return Array.from({ length: days }, (_, t) => Math.max(0, 20 + 0.1 * t + PATTERN[t % 7]! + (noise > 0 ? noise * gaussian(rng) : 0)));
}

const means = (points: { mean: number }[]) => points.map((p) => p.mean);
const seasonalNaive = (history: number[], h: number) => Array.from({ length: h }, (_, k) => history[history.length - 7 + (k % 7)]!);

describe('HoltWinters', () => {
  it('is near exact on the noiseless series', () => {
    const y = series(63, 0);
    const train = y.slice(0, 56);
    const test = y.slice(56);
    const hw = HoltWinters.fit(train);
    expect(wape(test, means(hw.forecast(7)))).toBeLessThan(0.02);
    expect(Math.abs(bias(test, means(hw.forecast(7))))).toBeLessThan(0.02);
    // Undamped, the initialisation and updates are exact for a linear trend + additive season.
    expect(wape(test, means(HoltWinters.fit(train, { phi: 1 }).forecast(7)))).toBeLessThan(1e-9);
  });

  it('beats a seasonal-naive baseline on noisy series (7 days ahead, many seeds)', () => {
    let hwError = 0;
    let naiveError = 0;
    for (let seed = 1; seed <= 50; seed++) {
      const y = series(63, 2, seed);
      const train = y.slice(0, 56);
      const test = y.slice(56);
      hwError += wape(test, means(HoltWinters.fit(train).forecast(7)));
      naiveError += wape(test, seasonalNaive(train, 7));
    }
    // Measured: ≈ 0.071 vs ≈ 0.089 over these seeds.
    expect(hwError / 50).toBeLessThan(0.85 * (naiveError / 50));
  });

  it('recovers the weekly shape', () => {
    const y = series(84, 1, 7);
    const hw = HoltWinters.fit(y);
    // 84 days = 12 whole weeks, so the next day is at pattern position 0.
    const shape = hw.seasonalShape();
    const centre = shape.reduce((a, b) => a + b, 0) / 7;
    shape.forEach((s, i) => expect(Math.abs(s - centre - PATTERN[i]!)).toBeLessThan(1));
  });

  it('update() after fit equals fitting the longer history', () => {
    const y = series(70, 2, 3);
    const a = HoltWinters.fit(y.slice(0, 30), { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 0.9 });
    for (const v of y.slice(30)) a.update(v);
    const b = HoltWinters.fit(y, { alpha: 0.3, beta: 0.1, gamma: 0.2, phi: 0.9 });
    expect(a.snapshot()).toEqual(b.snapshot());
    expect(a.forecast(14)).toEqual(b.forecast(14));
  });

  it('~95 % intervals cover about 95 % of held-out days over many seeded runs', () => {
    let inside = 0;
    let total = 0;
    for (let seed = 100; seed < 300; seed++) {
      const y = series(91, 2, seed);
      const fc = HoltWinters.fit(y.slice(0, 84)).forecast(7);
      y.slice(84).forEach((v, k) => {
        total++;
        if (v >= fc[k]!.lower && v <= fc[k]!.upper) inside++;
      });
    }
    const coverage = inside / total;
    expect(coverage).toBeGreaterThan(0.85);
    expect(coverage).toBeLessThan(0.99);
  });

  it('widens the interval with the horizon and clips means at 0', () => {
    const hw = HoltWinters.fit(series(56, 2, 5));
    const fc = hw.forecast(14);
    for (let k = 1; k < 14; k++) expect(fc[k]!.upper - fc[k]!.lower).toBeGreaterThanOrEqual(fc[k - 1]!.upper - fc[k - 1]!.lower - 1e-9);
    const falling = Array.from({ length: 28 }, (_, t) => Math.max(0, 30 - 1.5 * t));
    for (const p of HoltWinters.fit(falling, { phi: 1 }).forecast(7)) {
      expect(p.mean).toBeGreaterThanOrEqual(0);
      expect(p.lower).toBeGreaterThanOrEqual(0);
    }
  });

  it('snapshot → restore forecasts identically, through JSON', () => {
    const hw = HoltWinters.fit(series(40, 2, 9));
    const copy = HoltWinters.restore(JSON.parse(JSON.stringify(hw.snapshot())));
    expect(copy.forecast(10)).toEqual(hw.forecast(10));
    hw.update(25);
    copy.update(25);
    expect(copy.forecast(10)).toEqual(hw.forecast(10));
  });

  it('rejects bad configs and inputs with exact messages', () => {
    expect(() => new HoltWinters({ alpha: 0 })).toThrow(new RangeError('alpha must be in (0, 1), got 0'));
    expect(() => new HoltWinters({ beta: 1 })).toThrow(new RangeError('beta must be in (0, 1), got 1'));
    expect(() => new HoltWinters({ gamma: NaN })).toThrow(new RangeError('gamma must be in (0, 1), got NaN'));
    expect(() => new HoltWinters({ phi: 0 })).toThrow(new RangeError('phi must be in (0, 1], got 0'));
    expect(() => new HoltWinters({ phi: 1.1 })).toThrow(new RangeError('phi must be in (0, 1], got 1.1'));
    expect(() => new HoltWinters({ phi: 1 })).not.toThrow();
    expect(() => new HoltWinters({ seasonLength: 1 })).toThrow(new RangeError('seasonLength must be an integer >= 2, got 1'));
    expect(() => new HoltWinters({ seasonLength: 7.5 })).toThrow(new RangeError('seasonLength must be an integer >= 2, got 7.5'));
    expect(() => HoltWinters.fit(series(13, 0))).toThrow(new RangeError('Holt-Winters needs at least 2 seasons (14 days) of history, got 13'));
    expect(() => HoltWinters.fit([...series(13, 0), -1])).toThrow(new RangeError('history[13] must be a finite number >= 0, got -1'));
    const hw = HoltWinters.fit(series(14, 0));
    expect(() => hw.update(Infinity)).toThrow(new RangeError('y must be a finite number >= 0, got Infinity'));
    expect(() => hw.forecast(0)).toThrow(new RangeError('h must be a positive integer, got 0'));
    expect(() => hw.forecast(1.5)).toThrow(new RangeError('h must be a positive integer, got 1.5'));
    expect(() => HoltWinters.restore({ ...hw.snapshot(), seasonal: [1, 2] })).toThrow(new RangeError('seasonal must have length 7, got 2'));
  });
});

describe('Holt-Winters grid fit (per-series smoothing parameters)', () => {
  /** Level 20 then 35 from day `shiftAt`, weekly pattern, Gaussian noise of sd `noise`. */
  function levelShift(days: number, shiftAt: number, noise: number, seed: number): number[] {
    const rng = seededRandom(seed);
    return Array.from({ length: days }, (_, t) => Math.max(0, 20 + (t >= shiftAt ? 15 : 0) + PATTERN[t % 7]! + noise * gaussian(rng)));
  }
  const SHIFTED = levelShift(84, 49, 1, 1);

  /** Grid points in grid order (alpha outermost, phi innermost), only over the parameters not given. */
  function gridPoints(given: Partial<HoltWintersConfig> = {}): HoltWintersConfig[] {
    const G = HOLT_WINTERS_GRID;
    const out: HoltWintersConfig[] = [];
    for (const alpha of given.alpha !== undefined ? [given.alpha] : G.alpha)
      for (const beta of given.beta !== undefined ? [given.beta] : G.beta)
        for (const gamma of given.gamma !== undefined ? [given.gamma] : G.gamma)
          for (const phi of given.phi !== undefined ? [given.phi] : G.phi) out.push({ alpha, beta, gamma, phi, seasonLength: 7 });
    return out;
  }

  /** In-sample one-step SSE rebuilt independently: refit on each prefix, forecast the next day (days after the two initialisation weeks). */
  function inSampleSse(y: number[], config: HoltWintersConfig): number {
    let sse = 0;
    for (let t = 14; t < y.length; t++) sse += (y[t]! - HoltWinters.fit(y.slice(0, t), config).forecast(1)[0]!.mean) ** 2;
    return sse;
  }

  it('is the default of fitForecaster, over a 48-point grid', () => {
    expect(DEFAULT_HOLT_WINTERS_FIT).toBe('grid');
    expect(HOLT_WINTERS_GRID).toEqual({ alpha: [0.05, 0.1, 0.2, 0.3], beta: [0.01, 0.05], gamma: [0.05, 0.1, 0.2], phi: [0.9, 0.98] });
    expect(gridPoints()).toHaveLength(48);
  });

  it('picks a fast level and trend after a level shift, the slowest before it (golden), and the pick has the lowest in-sample SSE of the grid', () => {
    const chosen = selectHoltWintersConfig(SHIFTED);
    expect(chosen).toEqual({ alpha: 0.3, beta: 0.05, gamma: 0.05, phi: 0.9, seasonLength: 7 });
    // Before the shift the series is stationary: the smoothest level and weakest trend win.
    expect(selectHoltWintersConfig(SHIFTED.slice(0, 49))).toEqual({ alpha: 0.05, beta: 0.01, gamma: 0.2, phi: 0.9, seasonLength: 7 });
    // Rebuild: forecasting the series with each grid point, the chosen one has strictly the lowest SSE.
    const best = inSampleSse(SHIFTED, chosen);
    const others = gridPoints().filter((c) => !(c.alpha === chosen.alpha && c.beta === chosen.beta && c.gamma === chosen.gamma && c.phi === chosen.phi));
    expect(others).toHaveLength(47);
    for (const c of others) expect(inSampleSse(SHIFTED, c)).toBeGreaterThan(best);
    // Better than the fixed defaults, which are not a grid point (measured: ≈ 467 against ≈ 640).
    expect(best).toBeLessThan(0.8 * inSampleSse(SHIFTED, { ...DEFAULT_HOLT_WINTERS }));
    // fitForecaster fits Holt-Winters with exactly those parameters.
    const f = fitForecaster(SHIFTED);
    expect(f).toBeInstanceOf(HoltWinters);
    expect((f as HoltWinters).config).toEqual(chosen);
    expect(f.snapshot()).toEqual(HoltWinters.fit(SHIFTED, chosen).snapshot());
  });

  it('holds the parameters the caller gives and searches only the others; fixed takes the defaults', () => {
    const chosen = selectHoltWintersConfig(SHIFTED, { alpha: 0.1, phi: 0.98 });
    expect(chosen.alpha).toBe(0.1);
    expect(chosen.phi).toBe(0.98);
    const sses = gridPoints({ alpha: 0.1, phi: 0.98 }).map((c) => [c, inSampleSse(SHIFTED, c)] as const);
    expect(sses).toHaveLength(6);
    const min = Math.min(...sses.map(([, v]) => v));
    expect(chosen).toEqual(sses.find(([, v]) => v === min)![0]);
    expect(selectHoltWintersConfig(SHIFTED, { alpha: 0.15, beta: 0.02, gamma: 0.3, phi: 0.95 })).toEqual({ alpha: 0.15, beta: 0.02, gamma: 0.3, phi: 0.95, seasonLength: 7 });
    expect((fitForecaster(SHIFTED, { holtWinters: { phi: 0.98 } }) as HoltWinters).config.phi).toBe(0.98);
    expect((fitForecaster(SHIFTED, { holtWintersFit: 'fixed' }) as HoltWinters).config).toEqual(DEFAULT_HOLT_WINTERS);
    expect((fitForecaster(SHIFTED, { holtWintersFit: 'fixed', holtWinters: { alpha: 0.3 } }) as HoltWinters).config).toEqual({ ...DEFAULT_HOLT_WINTERS, alpha: 0.3 });
    expect(fitForecaster(SHIFTED, { holtWintersFit: 'fixed' }).snapshot()).toEqual(HoltWinters.fit(SHIFTED).snapshot());
  });

  it('breaks ties by grid order, and keeps the defaults with less than one season after the initialisation', () => {
    // All zeros: every grid point forecasts 0 exactly, so all tie and the first wins.
    expect(selectHoltWintersConfig(new Array<number>(28).fill(0))).toEqual({ alpha: 0.05, beta: 0.01, gamma: 0.05, phi: 0.9, seasonLength: 7 });
    expect(selectHoltWintersConfig(new Array<number>(28).fill(0), { alpha: 0.2, gamma: 0.1 })).toEqual({ alpha: 0.2, beta: 0.01, gamma: 0.1, phi: 0.9, seasonLength: 7 });
    // 20 days = 6 scored days after the two initialisation weeks: too few to choose on.
    expect(selectHoltWintersConfig(SHIFTED.slice(0, 20))).toEqual(DEFAULT_HOLT_WINTERS);
    expect(selectHoltWintersConfig(SHIFTED.slice(0, 20), { alpha: 0.3 })).toEqual({ ...DEFAULT_HOLT_WINTERS, alpha: 0.3 });
    expect((fitForecaster(SHIFTED.slice(0, 20)) as HoltWinters).config).toEqual(DEFAULT_HOLT_WINTERS);
    // From 21 days (one season scored) it chooses.
    const points = gridPoints();
    const at21 = selectHoltWintersConfig(SHIFTED.slice(0, 21));
    expect(points).toContainEqual(at21);
    // Deterministic: the same history, the same choice.
    expect(selectHoltWintersConfig(SHIFTED)).toEqual(selectHoltWintersConfig([...SHIFTED]));
  });

  it('update() keeps the parameters chosen at the fit (it does not re-choose them)', () => {
    const before = SHIFTED.slice(0, 49);
    const f = fitForecaster(before);
    for (const y of SHIFTED.slice(49)) f.update(y);
    const chosenBefore = selectHoltWintersConfig(before);
    expect((f as HoltWinters).config).toEqual(chosenBefore);
    // fit(a) then update(b) equals a fit of a ++ b with a's parameters, not a grid fit of a ++ b (which picks others here).
    expect(f.snapshot()).toEqual(HoltWinters.fit(SHIFTED, chosenBefore).snapshot());
    expect(selectHoltWintersConfig(SHIFTED)).not.toEqual(chosenBefore);
    expect(f.forecast(14)).not.toEqual(fitForecaster(SHIFTED).forecast(14));
  });

  it('snapshot → restore reproduces a grid-fitted forecaster exactly, through JSON', () => {
    const f = fitForecaster(SHIFTED);
    const snap = JSON.parse(JSON.stringify(f.snapshot()));
    expect(snap.config).toEqual({ alpha: 0.3, beta: 0.05, gamma: 0.05, phi: 0.9, seasonLength: 7 });
    const copy = restoreForecaster(snap);
    expect(copy).toBeInstanceOf(HoltWinters);
    expect((copy as HoltWinters).config).toEqual((f as HoltWinters).config);
    expect(copy.snapshot()).toEqual(f.snapshot());
    expect(copy.forecast(28)).toEqual(f.forecast(28));
    for (const y of [30, 41, 28, 0, 35]) {
      f.update(y);
      copy.update(y);
    }
    expect(copy.snapshot()).toEqual(f.snapshot());
    expect(copy.forecast(28)).toEqual(f.forecast(28));
  });

  it('rejects bad configs and snapshots with exact messages', () => {
    const intermittent = Array.from({ length: 40 }, (_, t) => (t % 4 === 3 ? 4 : 0));
    expect(() => fitForecaster(SHIFTED, { holtWintersFit: 'auto' as never })).toThrow(new RangeError("holtWintersFit must be 'grid' or 'fixed', got auto"));
    // Checked at the boundary whatever method the history gets.
    expect(() => fitForecaster(intermittent, { holtWintersFit: 'Grid' as never })).toThrow(new RangeError("holtWintersFit must be 'grid' or 'fixed', got Grid"));
    expect(() => fitForecaster(SHIFTED, { holtWinters: { alpha: 0 } })).toThrow(new RangeError('alpha must be in (0, 1), got 0'));
    expect(() => fitForecaster(SHIFTED, { holtWinters: { gamma: 1 } })).toThrow(new RangeError('gamma must be in (0, 1), got 1'));
    expect(() => selectHoltWintersConfig(SHIFTED, { beta: -0.1 })).toThrow(new RangeError('beta must be in (0, 1), got -0.1'));
    expect(() => selectHoltWintersConfig(SHIFTED, { phi: 1.5 })).toThrow(new RangeError('phi must be in (0, 1], got 1.5'));
    // A parameter passed as undefined is an error, not a request to search it.
    expect(() => selectHoltWintersConfig(SHIFTED, { phi: undefined })).toThrow(new RangeError('phi must be in (0, 1], got undefined'));
    expect(() => selectHoltWintersConfig(SHIFTED, { seasonLength: 0 })).toThrow(new RangeError('seasonLength must be an integer >= 2, got 0'));
    expect(() => selectHoltWintersConfig(SHIFTED.slice(0, 13))).toThrow(new RangeError('Holt-Winters needs at least 2 seasons (14 days) of history, got 13'));
    expect(() => selectHoltWintersConfig([...SHIFTED.slice(0, 20), -1])).toThrow(new RangeError('history[20] must be a finite number >= 0, got -1'));
    // A snapshot must carry every parameter: a missing one is not filled from the defaults.
    const snap = fitForecaster(SHIFTED).snapshot() as ReturnType<HoltWinters['snapshot']>;
    const { phi: _phi, ...withoutPhi } = snap.config;
    expect(() => HoltWinters.restore({ ...snap, config: withoutPhi as HoltWintersConfig })).toThrow(new RangeError('phi must be in (0, 1], got undefined'));
    expect(() => restoreForecaster({ ...snap, config: { ...snap.config, alpha: 1 } })).toThrow(new RangeError('alpha must be in (0, 1), got 1'));
    expect(() => HoltWinters.restore({ ...snap, config: null as never })).toThrow(new RangeError('config must be an object, got null'));
  });
});

describe('Croston (SBA)', () => {
  const intermittent = (days: number) => Array.from({ length: days }, (_, t) => (t % 4 === 3 ? 4 : 0));

  it('forecasts ≈ 1/day × (1 − α/2) on demand of 4 every 4th day', () => {
    for (const alpha of [0.1, 0.2]) {
      const model = Croston.fit(intermittent(120), { alpha });
      for (const p of model.forecast(5)) {
        expect(p.mean).toBeCloseTo(1 - alpha / 2, 10);
        expect(p.lower).toBe(0);
        expect(p.upper).toBeGreaterThan(p.mean);
      }
    }
  });

  it('update() after fit equals fitting the longer history; snapshot → restore is identical', () => {
    const rng = seededRandom(11);
    const y = Array.from({ length: 100 }, () => (rng.next() < 0.3 ? 1 + Math.floor(rng.next() * 5) : 0));
    const a = Croston.fit(y.slice(0, 40));
    for (const v of y.slice(40)) a.update(v);
    const b = Croston.fit(y);
    expect(a.snapshot()).toEqual(b.snapshot());
    const copy = Croston.restore(JSON.parse(JSON.stringify(b.snapshot())));
    expect(copy.forecast(7)).toEqual(b.forecast(7));
  });

  it('forecasts 0 before any demand, and rejects bad input', () => {
    expect(Croston.fit([0, 0, 0]).forecast(2)).toEqual([{ mean: 0, lower: 0, upper: 0 }, { mean: 0, lower: 0, upper: 0 }]);
    expect(() => new Croston({ alpha: 1 })).toThrow(new RangeError('alpha must be in (0, 1), got 1'));
    expect(() => Croston.fit([])).toThrow(new RangeError('history must have at least 1 days, got 0'));
    expect(() => Croston.fit([0, 2]).update(-3)).toThrow(new RangeError('y must be a finite number >= 0, got -3'));
  });
});

describe('method choice and the Forecaster interface', () => {
  it('picks croston for intermittent, holt-winters for dense ≥ 14 days, moving-average when shorter', () => {
    expect(chooseForecastMethod([0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4, 0, 0, 0, 4])).toBe('croston');
    // Zero share 0.3 (< 0.5) but ADI = 10/7 ≈ 1.43 ≥ 1.32.
    expect(chooseForecastMethod([1, 0, 2, 0, 3, 1, 0, 2, 1, 1])).toBe('croston');
    expect(chooseForecastMethod([0, 0, 0])).toBe('croston');
    expect(chooseForecastMethod(series(14, 0))).toBe('holt-winters');
    expect(chooseForecastMethod(series(13, 0))).toBe('moving-average');
    expect(() => chooseForecastMethod([])).toThrow(new RangeError('history must have at least 1 days, got 0'));
  });

  it('fitForecaster returns the chosen model behind one interface, restorable from its snapshot', () => {
    const cases: [number[], string, unknown][] = [
      [series(56, 1), 'holt-winters', HoltWinters],
      [Array.from({ length: 40 }, (_, t) => (t % 4 === 3 ? 4 : 0)), 'croston', Croston],
      [[3, 4, 5, 4], 'moving-average', MovingAverage],
    ];
    for (const [history, method, cls] of cases) {
      const f = fitForecaster(history);
      expect(f.method).toBe(method);
      expect(f).toBeInstanceOf(cls);
      f.update(4);
      const copy = restoreForecaster(JSON.parse(JSON.stringify(f.snapshot())));
      expect(copy.method).toBe(method);
      expect(copy.forecast(7)).toEqual(f.forecast(7));
      expect(f.forecast(7)).toHaveLength(7);
    }
    expect(fitForecaster([3, 4, 5, 4]).forecast(1)[0]!.mean).toBe(4);
  });
});

describe('wape and bias', () => {
  it('computes both, with exact-length checks', () => {
    expect(wape([10, 20, 30], [12, 18, 30])).toBeCloseTo(4 / 60, 12);
    expect(bias([10, 20, 30], [12, 18, 36])).toBeCloseTo(6 / 60, 12);
    expect(bias([10, 10], [5, 5])).toBeCloseTo(-0.5, 12);
    expect(() => wape([1, 2], [1])).toThrow(new RangeError('forecast must have length 2, got 1'));
    expect(() => bias([1], [1, 2])).toThrow(new RangeError('forecast must have length 1, got 2'));
    expect(() => wape([], [])).toThrow(new RangeError('actual must be a non-empty array'));
    expect(() => wape([0, 0], [1, 1])).toThrow(new RangeError('actual must not sum to 0 (the ratio is undefined)'));
    expect(() => bias([1, NaN], [1, 1])).toThrow(new RangeError('actual[1] must be a finite number, got NaN'));
  });
});
