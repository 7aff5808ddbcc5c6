// Boundary checks shared by the forecasting models. All throw RangeError with exact messages.

export function checkOpenUnit(name: string, x: number): void {
  if (typeof x !== 'number' || !(x > 0 && x < 1)) throw new RangeError(`${name} must be in (0, 1), got ${x}`);
}

export function checkHalfOpenUnit(name: string, x: number): void {
  if (typeof x !== 'number' || !(x > 0 && x <= 1)) throw new RangeError(`${name} must be in (0, 1], got ${x}`);
}

export function checkSales(name: string, y: number): void {
  if (typeof y !== 'number' || !Number.isFinite(y) || y < 0) throw new RangeError(`${name} must be a finite number >= 0, got ${y}`);
}

export function checkCount(name: string, n: number): void {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`${name} must be an integer >= 0, got ${n}`);
}

export function checkHistory(history: readonly number[], minLength: number): void {
  if (!Array.isArray(history)) throw new RangeError('history must be an array of daily sales');
  if (history.length < minLength) throw new RangeError(`history must have at least ${minLength} days, got ${history.length}`);
  for (let i = 0; i < history.length; i++) checkSales(`history[${i}]`, history[i]!);
}

export function checkHorizon(h: number): void {
  if (!Number.isInteger(h) || h < 1) throw new RangeError(`h must be a positive integer, got ${h}`);
}

/** Two-sided ~95 % normal quantile. */
export const Z95 = 1.959963984540054;

/** One forecast day: point forecast and a ~95 % interval, all clipped at 0 (sales are never negative). */
export interface ForecastPoint {
  mean: number;
  lower: number;
  upper: number;
}

export function point(mean: number, sd: number): ForecastPoint {
  const m = Math.max(0, mean);
  return { mean: m, lower: Math.max(0, mean - Z95 * sd), upper: Math.max(0, mean + Z95 * sd) };
}
