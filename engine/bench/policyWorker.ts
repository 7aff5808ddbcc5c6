// One worker thread of npm run bench:policy: builds the market and plays the whole session stream
// for its share of the policies. The stream, the candidates, the purchase draws and each policy's
// exploration are seeded independently of which other policies run, so the merged results equal
// one thread's.
import { parentPort, workerData } from 'node:worker_threads';
import { prepareMarket, runPolicyBench, type PolicyBenchOptions } from './policySim.ts';

export type WorkerOptions = Omit<PolicyBenchOptions, 'onProgress' | 'extraPolicies'>;

const options = (workerData as { options: WorkerOptions }).options;
const start = performance.now();
const market = prepareMarket(options.world, options.now);
const prepareMs = performance.now() - start;
parentPort!.postMessage({ type: 'ready', prepareMs, historySessions: market.sessions.length });
let last = -1;
const result = runPolicyBench(
  market,
  {
    ...options,
    onProgress: (done, total) => {
      const step = Math.floor((done * 400) / total);
      if (step === last) return;
      last = step;
      parentPort!.postMessage({ type: 'progress', done });
    },
  },
  prepareMs,
);
parentPort!.postMessage({ type: 'result', result });
