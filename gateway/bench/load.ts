// The gateway bench's load: the closed loop (closedLoop.ts) against one URL on 127.0.0.1 for a
// fixed time and at most a fixed number of requests, summarised as latency percentiles and the
// throughput of equal time slices.
import { runClosedLoop, type LoadCounts } from './closedLoop.ts';
import { assertLoopback, keepAliveAgent } from './httpClient.ts';

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

export interface LoadResult extends LoadCounts {
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

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  assertLoopback(options.url);
  const agent = keepAliveAgent(options.concurrency * 2);
  const latencies = new Float64Array(options.maxRequests);
  const doneAt = new Float64Array(options.maxRequests);
  const first = options.firstIndex ?? 0;
  const counts = await runClosedLoop({
    url: new URL(options.url),
    agent,
    concurrency: options.concurrency,
    durationMs: options.durationMs,
    maxRequests: options.maxRequests,
    body: (i) => options.body(first + i),
    completed: (n, c) => {
      latencies[n] = c.latencyMs;
      doneAt[n] = c.answeredMs;
    },
  });
  agent.destroy();

  const completed = counts.requests;
  const lat = latencies.slice(0, completed).sort();
  const sliceCount = options.slices ?? 5;
  const sliceMs = counts.elapsedMs / sliceCount;
  const perSlice = new Array<number>(sliceCount).fill(0);
  for (let n = 0; n < completed; n++) perSlice[Math.min(sliceCount - 1, Math.floor(doneAt[n]! / sliceMs))]!++;
  const sliceRates = perSlice.map((c) => (c * 1000) / sliceMs).sort((a, b) => a - b);
  return {
    ...counts,
    sliceRps: { median: sliceRates[Math.floor(sliceCount / 2)]!, min: sliceRates[0]!, max: sliceRates[sliceCount - 1]! },
    latencyMs: latencySummary(lat),
    latencies: lat,
  };
}
