// Forecast accuracy helpers over equal-length, non-empty series.

function checkPair(actual: readonly number[], forecast: readonly number[]): number {
  if (!Array.isArray(actual) || actual.length === 0) throw new RangeError('actual must be a non-empty array');
  if (!Array.isArray(forecast) || forecast.length !== actual.length) {
    throw new RangeError(`forecast must have length ${actual.length}, got ${Array.isArray(forecast) ? forecast.length : forecast}`);
  }
  let total = 0;
  for (let i = 0; i < actual.length; i++) {
    if (!Number.isFinite(actual[i])) throw new RangeError(`actual[${i}] must be a finite number, got ${actual[i]}`);
    if (!Number.isFinite(forecast[i])) throw new RangeError(`forecast[${i}] must be a finite number, got ${forecast[i]}`);
    total += Math.abs(actual[i]!);
  }
  if (total === 0) throw new RangeError('actual must not sum to 0 (the ratio is undefined)');
  return total;
}

/** Weighted absolute percentage error: Σ|actual − forecast| / Σ|actual|. */
export function wape(actual: readonly number[], forecast: readonly number[]): number {
  const total = checkPair(actual, forecast);
  let err = 0;
  for (let i = 0; i < actual.length; i++) err += Math.abs(actual[i]! - forecast[i]!);
  return err / total;
}

/** Relative bias: Σ(forecast − actual) / Σ|actual|; positive = over-forecast. */
export function bias(actual: readonly number[], forecast: readonly number[]): number {
  const total = checkPair(actual, forecast);
  let err = 0;
  for (let i = 0; i < actual.length; i++) err += forecast[i]! - actual[i]!;
  return err / total;
}
