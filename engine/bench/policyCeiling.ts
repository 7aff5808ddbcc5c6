// npx tsx engine/bench/policyCeiling.ts [sessions]: how much of the oracle is reachable at all from
// what the product can observe (policyCeilingOracles.ts), printed, nothing written. The same
// diagnostic runs inside `npm run bench:policy -- --ceiling`, which writes it to docs/BENCHMARKS.md.
import { DEFAULT_POLICY } from '../src/index.ts';
import { ceilingOracles } from './policyCeilingOracles.ts';
import { DEFAULT_BENCH_OPTIONS, prepareMarket, runPolicyBench } from './policySim.ts';
import { numberFlag } from './cliFlags.ts';

const t = performance.now();
const market = prepareMarket(DEFAULT_BENCH_OPTIONS.world);
const n = process.argv[2] && !process.argv[2].startsWith('--') ? Number(process.argv[2]) : numberFlag('sessions', 4000);
const r = runPolicyBench(market, { ...DEFAULT_BENCH_OPTIONS, sessions: n, linucb: {}, policies: ['linucb', 'best-sellers', 'uniform', 'oracle'], extraPolicies: (m) => ceilingOracles(m, DEFAULT_POLICY.maxPerCategory) }, performance.now() - t);
const o = r.policies.find((p) => p.name === 'oracle')!;
console.log(`share of the oracle's Σ p×margin over ${n.toLocaleString('en-US')} sessions (world seed ${DEFAULT_BENCH_OPTIONS.world.seed}, stream seed ${DEFAULT_BENCH_OPTIONS.seed}):`);
for (const p of r.policies) console.log(`  ${p.name.padEnd(18)} ${((100 * p.expectedMargin) / o.expectedMargin).toFixed(1).padStart(5)} %   (Σ p×margin $${Math.round(p.expectedMargin).toLocaleString('en-US')}, conversion ${(100 * p.conversionRate).toFixed(1)} %)`);
