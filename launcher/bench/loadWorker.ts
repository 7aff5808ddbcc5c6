// The load generator of `npm run bench:offers`, in a worker thread of its own so that the HTTP
// clients do not share the event loop of the stack they measure (the stack runs on the main
// thread: gateway, four subgraphs and the embedded database). Closed loop: `concurrency` clients,
// each sending its next request as soon as the previous one answered, over keep-alive connections
// (the gateway bench's loop, gateway/bench/closedLoop.ts).
import { parentPort, Worker } from 'node:worker_threads';
import { runClosedLoop, type LoadCounts } from '../../gateway/bench/closedLoop.ts';
import { keepAliveAgent } from '../../gateway/bench/httpClient.ts';

export interface LoadTarget {
  url: string;
  /** Request bodies, used in turn from `firstIndex` on (wrapping around). */
  bodies: string[];
}

export type ToWorker =
  | { type: 'init'; targets: Record<string, LoadTarget> }
  | { type: 'load'; id: number; target: string; concurrency: number; durationMs: number; maxRequests: number; firstIndex: number };

export interface LoadResult extends LoadCounts {
  /** Every request's latency in ms, sorted. */
  latencies: Float64Array;
  /** The slowest requests: start (ms after the window began), latency and body index. */
  slowest: { startMs: number; latencyMs: number; body: number }[];
}

type FromWorker = { type: 'ready' } | ({ type: 'result'; id: number } & LoadResult) | { type: 'failed'; id: number; error: string };

/** Main-thread side: starts the worker and runs loads through it. */
export class LoadGenerator {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(r: LoadResult): void; reject(e: Error): void }>();
  private nextId = 1;
  private readonly ready: Promise<void>;

  constructor(targets: Record<string, LoadTarget>) {
    const entry = new URL('./loadWorker.ts', import.meta.url).href;
    // tsx compiles the worker's TypeScript (a worker does not inherit the parent's loader).
    this.worker = new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`, { eval: true });
    this.ready = new Promise((resolve, reject) => {
      this.worker.on('message', (m: FromWorker) => {
        if (m.type === 'ready') resolve();
        else if (m.type === 'result') {
          const { type: _t, id, ...result } = m;
          this.pending.get(id)?.resolve(result);
          this.pending.delete(id);
        } else if (m.type === 'failed') {
          this.pending.get(m.id)?.reject(new Error(m.error));
          this.pending.delete(m.id);
        }
      });
      this.worker.on('error', (e) => {
        reject(e);
        for (const p of this.pending.values()) p.reject(e);
      });
    });
    this.worker.postMessage({ type: 'init', targets } satisfies ToWorker);
  }

  async run(target: string, options: { concurrency: number; durationMs: number; maxRequests?: number; firstIndex: number }): Promise<LoadResult> {
    await this.ready;
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ type: 'load', id, target, maxRequests: 1_000_000, ...options } satisfies ToWorker);
    });
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
  }
}

// ---- worker side

/** One agent per target for the whole run: connections stay open from one load to the next (the warm-up opens them for the window after it), as a long-lived client's would. */
const agents = new Map<string, ReturnType<typeof keepAliveAgent>>();

async function runLoad(name: string, target: LoadTarget, m: Extract<ToWorker, { type: 'load' }>): Promise<LoadResult> {
  const agent = agents.get(name) ?? keepAliveAgent(64);
  agents.set(name, agent);
  const latencies = new Float64Array(m.maxRequests);
  const starts = new Float64Array(m.maxRequests);
  const indexes = new Int32Array(m.maxRequests);
  const n = target.bodies.length;
  const counts = await runClosedLoop({
    url: new URL(target.url),
    agent,
    concurrency: m.concurrency,
    durationMs: m.durationMs,
    maxRequests: m.maxRequests,
    timeoutMs: 60_000, // as the launcher benches' GraphQL client
    body: (i) => target.bodies[(m.firstIndex + i) % n]!,
    completed: (k, c) => {
      starts[k] = c.sentMs;
      indexes[k] = (m.firstIndex + c.index) % n;
      latencies[k] = c.latencyMs;
    },
  });
  const completed = counts.requests;
  const order = Array.from({ length: completed }, (_, k) => k).sort((a, b) => latencies[b]! - latencies[a]!);
  const slowest = order.slice(0, 10).map((k) => ({ startMs: Math.round(starts[k]!), latencyMs: Math.round(latencies[k]!), body: indexes[k]! }));
  return { ...counts, latencies: latencies.slice(0, completed).sort(), slowest };
}

if (parentPort) {
  const port = parentPort;
  let targets: Record<string, LoadTarget> = {};
  port.on('message', (m: ToWorker) => {
    if (m.type === 'init') {
      targets = m.targets;
      port.postMessage({ type: 'ready' } satisfies FromWorker);
      return;
    }
    const target = targets[m.target];
    if (!target) {
      port.postMessage({ type: 'failed', id: m.id, error: `unknown target ${m.target}` } satisfies FromWorker);
      return;
    }
    runLoad(m.target, target, m).then(
      (r) => port.postMessage({ type: 'result', id: m.id, ...r } satisfies FromWorker, [r.latencies.buffer as ArrayBuffer]),
      (e) => port.postMessage({ type: 'failed', id: m.id, error: String(e) } satisfies FromWorker),
    );
  });
}
