// Closed-loop load: `concurrency` workers, each sending its next request as soon as the previous
// one answered, for a fixed time and at most a fixed number of requests, to one URL on 127.0.0.1.
import { keepAliveAgent, post } from './httpClient.ts';

export interface LoadOptions {
  url: string;
  concurrency: number;
  durationMs: number;
  /** Hard cap on requests, whatever the duration. */
  maxRequests: number;
  /** i-th request's body. */
  body: (i: number) => string;
  /** Counter start, so warm-up and measurement send different variables. */
  firstIndex?: number;
  /** Number of equal time slices for the per-slice throughput (median and spread). */
  slices?: number;
}

export interface LoadResult {
  requests: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** completed requests / elapsed seconds */
  rps: number;
  /** median and min/max of the per-slice throughput */
  sliceRps: { median: number; min: number; max: number };
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** every request's latency in ms, sorted (for pooling rounds; not written to JSON) */
  latencies: Float64Array;
}

/** Percentiles and mean of sorted latencies. */
export function latencySummary(sorted: Float64Array): LoadResult['latencyMs'] {
  const q = (p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))]! : NaN);
  let sum = 0;
  for (const v of sorted) sum += v;
  return { p50: q(0.5), p90: q(0.9), p99: q(0.99), max: sorted.length ? sorted[sorted.length - 1]! : NaN, mean: sorted.length ? sum / sorted.length : NaN };
}

export function assertLoopback(url: string): void {
  const host = new URL(url).hostname;
  if (!/^127\.\d+\.\d+\.\d+$/.test(host) && host !== 'localhost' && host !== '[::1]') throw new Error(`refusing to load ${url}: benchmarks only target loopback`);
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const url = new URL(options.url);
  const agent = keepAliveAgent(options.concurrency * 2);
  const cap = options.maxRequests;
  const latencies = new Float64Array(cap);
  const doneAt = new Float64Array(cap);
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + options.durationMs;
  const first = options.firstIndex ?? 0;

  async function worker() {
    while (issued < cap && performance.now() < deadline) {
      const i = issued++;
      const body = options.body(first + i);
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await post(url, body, agent);
        // Cheap success check: a 200 with data and no errors (the full comparison runs before the load).
        ok = res.status === 200 && res.body.startsWith('{"data":{') && !res.body.includes('"errors":');
        if (!ok) firstError ??= `HTTP ${res.status}: ${res.body.slice(0, 300)}`;
      } catch (error) {
        firstError ??= String(error);
      }
      const t1 = performance.now();
      const n = completed++;
      latencies[n] = t1 - t0;
      doneAt[n] = t1 - start;
      if (!ok) errors++;
    }
  }
  await Promise.all(Array.from({ length: options.concurrency }, () => worker()));
  const elapsedMs = performance.now() - start;
  agent.destroy();

  const lat = latencies.slice(0, completed).sort();
  const sliceCount = options.slices ?? 5;
  const sliceMs = elapsedMs / sliceCount;
  const perSlice = new Array<number>(sliceCount).fill(0);
  for (let n = 0; n < completed; n++) perSlice[Math.min(sliceCount - 1, Math.floor(doneAt[n]! / sliceMs))]!++;
  const sliceRates = perSlice.map((c) => (c * 1000) / sliceMs).sort((a, b) => a - b);
  return {
    requests: completed,
    errors,
    firstError,
    elapsedMs,
    rps: (completed * 1000) / elapsedMs,
    sliceRps: { median: sliceRates[Math.floor(sliceCount / 2)]!, min: sliceRates[0]!, max: sliceRates[sliceCount - 1]! },
    latencyMs: latencySummary(lat),
    latencies: lat,
  };
}
