// From a daily demand forecast to the two numbers stock decisions use: how many days the stock
// lasts, and how likely demand over a lead time exceeds it. Intermittent and slow series use a
// Poisson total (a normal one puts mass below zero and misreads "one sale a week"); dense ones a
// normal total with the forecast's own spread.
import { Z95, type ForecastPoint } from './validate.ts';

/** Below this expected total the Poisson tail is used whatever the method. */
const POISSON_BELOW = 30;

function checkStock(available: number): void {
  if (!Number.isFinite(available)) throw new RangeError(`available must be a finite number, got ${available}`);
}

/**
 * Days until the cumulative mean forecast exceeds `available` (fractional within the day it runs
 * out); null when the forecast horizon ends first with no demand left to consume it.
 * Past the horizon the last day's mean is carried on, up to `maxDays`.
 */
export function daysOfCover(points: readonly ForecastPoint[], available: number, maxDays = 365): number | null {
  checkStock(available);
  if (available <= 0) return 0;
  let left = available;
  for (let d = 0; d < points.length; d++) {
    const m = points[d]!.mean;
    if (m >= left) return d + (m > 0 ? left / m : 0);
    left -= m;
  }
  const tail = points.at(-1)?.mean ?? 0;
  if (tail <= 0) return null;
  const days = points.length + left / tail;
  return days > maxDays ? null : days;
}

/** P(total demand over the points' days > available). `intermittent` forces the Poisson tail. */
export function stockoutProbability(points: readonly ForecastPoint[], available: number, intermittent = false): number {
  checkStock(available);
  if (points.length === 0) return 0;
  const mean = points.reduce((s, p) => s + p.mean, 0);
  if (available < 0) return 1;
  if (mean <= 0) return 0;
  if (intermittent || mean < POISSON_BELOW) return poissonTail(mean, Math.floor(available));
  const variance = points.reduce((s, p) => s + ((p.upper - p.mean) / Z95) ** 2, 0);
  const sd = Math.sqrt(Math.max(variance, mean)); // never tighter than Poisson noise
  return 1 - normalCdf((Math.floor(available) + 0.5 - mean) / sd);
}

/** P(N > k) for N ~ Poisson(λ). */
export function poissonTail(lambda: number, k: number): number {
  if (k < 0) return 1;
  let term = Math.exp(-lambda);
  let cdf = term;
  for (let i = 1; i <= k; i++) {
    term *= lambda / i;
    cdf += term;
    if (term < 1e-16 && i > lambda) break;
  }
  return Math.min(1, Math.max(0, 1 - cdf));
}

/** Standard normal CDF (Abramowitz–Stegun 7.1.26 via erf; |error| < 1.5e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const erf = 1 - ((((1.061405429 * t - 1.453152027) * t + 1.421413741) * t - 0.284496736) * t + 0.254829592) * t * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}
