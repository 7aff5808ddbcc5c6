// The closed loop both load generators run (this bench's load.ts and the launcher's bench:offers
// worker): `concurrency` clients on one keep-alive agent, each sending its next request as soon as
// the previous one answered, until the time is up or `maxRequests` have been sent. What to keep
// per request (latencies, when it ended, which body) is the caller's: it gets each completion.
import type http from 'node:http';
import { post } from './httpClient.ts';

/** What a load run counts, whatever else its caller keeps per request. */
export interface LoadCounts {
  requests: number;
  errors: number;
  firstError?: string;
  elapsedMs: number;
  /** completed requests / elapsed seconds */
  rps: number;
}

/** A measured window as the reports show it: the counts and two latency percentiles. */
export interface LoadWindow extends LoadCounts {
  p50Ms: number;
  p99Ms: number;
}

/** One answered (or failed) request; times in ms, `sentMs` and `answeredMs` from the start of the run. */
export interface Completion {
  /** The request's number in the order sent (0 first), the one `body` was called with. */
  index: number;
  sentMs: number;
  answeredMs: number;
  latencyMs: number;
}

export interface ClosedLoop {
  url: URL;
  agent: http.Agent;
  concurrency: number;
  durationMs: number;
  maxRequests: number;
  timeoutMs?: number;
  body(index: number): string;
  /** Called with the n-th completion (0 first). */
  completed(n: number, c: Completion): void;
}

export async function runClosedLoop(loop: ClosedLoop): Promise<LoadCounts> {
  let issued = 0;
  let completed = 0;
  let errors = 0;
  let firstError: string | undefined;
  const start = performance.now();
  const deadline = start + loop.durationMs;
  async function client() {
    while (issued < loop.maxRequests && performance.now() < deadline) {
      const index = issued++;
      const body = loop.body(index);
      const t0 = performance.now();
      let ok = false;
      try {
        const res = await post(loop.url, body, loop.agent, loop.timeoutMs);
        // Cheap success check: a 200 with data and no errors (answers are compared in full before any load).
        ok = res.status === 200 && res.body.startsWith('{"data":{') && !res.body.includes('"errors":');
        if (!ok) firstError ??= `HTTP ${res.status}: ${res.body.slice(0, 300)}`;
      } catch (error) {
        firstError ??= String(error);
      }
      const t1 = performance.now();
      loop.completed(completed++, { index, sentMs: t0 - start, answeredMs: t1 - start, latencyMs: t1 - t0 });
      if (!ok) errors++;
    }
  }
  await Promise.all(Array.from({ length: loop.concurrency }, () => client()));
  const elapsedMs = performance.now() - start;
  return { requests: completed, errors, firstError, elapsedMs, rps: (completed * 1000) / elapsedMs };
}
