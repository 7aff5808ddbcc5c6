// npm run bench:gateway — compares gateway candidates in front of the same four subgraphs.
//
// Processes: this one (orchestration + load generator), a subgraph host (one embedded database,
// seeded once, the four subgraphs) and, one after another, each gateway candidate in a process of
// its own, so its CPU time per request is read exactly from process.cpuUsage() over IPC.
//
// Environment knobs (all optional):
//   BENCH_CANDIDATES=floor,hive-rust,...   which candidates (floor always runs first: it is the reference)
//   BENCH_SCALE=0.5                       multiply every duration (a quick look; the committed numbers use 1)
//   BENCH_WRITE=0                         do not write docs/ (for tuning experiments)
//   BENCH_SEED=fallback                   use the bench's own SQL world even if @retail/db exports seedWorld
//   BENCH_PROFILE=host|gateway            write V8 CPU profiles of that child to $TMPDIR/gateway-bench-profiles
//   BENCH_NO_FLOOR=1                      skip the floor (and so the correctness check): tuning experiments only
//   BENCH_CELLS=CustomerOrders@32:8000,…  other cells (operation@concurrency:measured ms)
//   BENCH_VARIANTS='{"x-name":{…}}'        extra candidates x-name: the untuned Hive configuration with these
//                                         createGatewayRuntime options merged in (null deletes one); list them in BENCH_CANDIDATES
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Child, type CpuSnapshot, cpuSnapshot, startChild } from './ipc.ts';
import { keepAliveAgent, postJson } from './httpClient.ts';
import { runLoad, type LoadResult } from './load.ts';
import { writeReport, type BenchResults, type CellResult, type CandidateResult } from './report.ts';
import { CANDIDATE_LABELS, CANDIDATES, canonical, OPERATIONS, requestBody, variablesFor, type Candidate, type OperationName, type Workload } from './workload.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const WRITE = process.env.BENCH_WRITE !== '0';
const PROFILE_ARGS = ['--cpu-prof', `--cpu-prof-dir=${join(os.tmpdir(), 'gateway-bench-profiles')}`];
const profileArgs = (who: 'host' | 'gateway') => (process.env.BENCH_PROFILE === who ? PROFILE_ARGS : []);

/** Each candidate runs these cells in this order: [operation, concurrency, warm-up ms, measured ms]. */
const DEFAULT_CELLS: [OperationName, number, number, number][] = [
  ['CustomerOrders', 1, 1_000, 6_000],
  ['CustomerOrders', 32, 1_500, 10_000],
  ['Catalog', 32, 1_000, 4_000],
  ['RecordView', 32, 1_000, 4_000],
];
const CELLS: [OperationName, number, number, number][] = process.env.BENCH_CELLS
  ? process.env.BENCH_CELLS.split(',').map((spec) => {
      const m = /^(\w+)@(\d+):(\d+)$/.exec(spec.trim());
      if (!m || !(m[1]! in OPERATIONS)) throw new Error(`BENCH_CELLS: bad cell ${spec}`);
      return [m[1] as OperationName, Number(m[2]), 1_000, Number(m[3])];
    })
  : DEFAULT_CELLS;
const MAX_REQUESTS_PER_CELL = 200_000;
const FIRST_WARMUP_MS = 3_000; // per candidate, before its first cell: JIT, caches, connection pools
const VERIFY_SAMPLE = 40;

const log = (message: string) => process.stderr.write(`[bench:gateway ${((performance.now() - t0) / 1000).toFixed(1).padStart(5)}s] ${message}\n`);
const t0 = performance.now();

function selectedCandidates(): Candidate[] {
  const wanted = (process.env.BENCH_CANDIDATES ?? CANDIDATES.join(',')).split(',').map((s) => s.trim()).filter(Boolean);
  for (const c of wanted) if (!CANDIDATES.includes(c as Candidate) && !c.startsWith('x-')) throw new Error(`unknown candidate ${c}; known: ${CANDIDATES.join(', ')}, x-… variants`);
  const rest = wanted.filter((c) => c !== 'floor') as Candidate[];
  return process.env.BENCH_NO_FLOOR === '1' ? rest : ['floor', ...rest];
}

async function waitForGraphQL(url: string, timeoutMs = 90_000): Promise<void> {
  const agent = keepAliveAgent(1);
  const deadline = Date.now() + timeoutMs;
  let last = '';
  try {
    while (Date.now() < deadline) {
      try {
        const r = await postJson(new URL(url), { query: '{ __typename }' }, agent);
        if (r?.data?.__typename) return;
        last = JSON.stringify(r).slice(0, 200);
      } catch (error) {
        last = String(error);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${url} not ready after ${timeoutMs} ms: ${last}`);
  } finally {
    agent.destroy();
  }
}

/** Sends the verification sample through a candidate; returns canonical JSON of each response. */
async function sampleResponses(url: string, w: Workload): Promise<Record<string, string>> {
  const agent = keepAliveAgent(4);
  const out: Record<string, string> = {};
  const send = async (op: OperationName, i: number) => {
    const r = await postJson(new URL(url), { query: OPERATIONS[op], operationName: op, variables: variablesFor(op, i, w) }, agent);
    if (op === 'RecordView') {
      // A write: ids differ per call; compare what does not.
      const ri = r?.data?.recordInteraction;
      out[`${op}#${i}`] = canonical(r.errors ? r : { type: ri?.type, channel: ri?.channel, device: ri?.device, product: ri?.product, hasId: typeof ri?.id === 'string' });
    } else out[`${op}#${i}`] = canonical(r);
  };
  try {
    const step = Math.max(1, Math.floor(w.customerIds.length / VERIFY_SAMPLE));
    for (let k = 0; k < VERIFY_SAMPLE; k++) await send('CustomerOrders', k * step);
    for (let k = 0; k < 8; k++) await send('Catalog', k * 3);
    for (let k = 0; k < 4; k++) await send('RecordView', 10_000_000 + k);
  } finally {
    agent.destroy();
  }
  return out;
}

function compare(reference: Record<string, string>, actual: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [key, expected] of Object.entries(reference)) {
    const got = actual[key];
    if (got !== expected) problems.push(`${key}: expected ${expected.slice(0, 160)}… got ${String(got).slice(0, 160)}…`);
  }
  return problems;
}

function sanityOfReference(reference: Record<string, string>): { withLines: number; total: number } {
  let withLines = 0;
  let total = 0;
  for (const [key, value] of Object.entries(reference)) {
    if (!key.startsWith('CustomerOrders')) continue;
    total++;
    const parsed = JSON.parse(value);
    if (parsed.errors) throw new Error(`the floor answered ${key} with errors: ${value.slice(0, 300)}`);
    if (value.includes('"availability"')) withLines++;
  }
  return { withLines, total };
}

const cpuPerRequestMs = (before: CpuSnapshot, after: CpuSnapshot, requests: number) => (requests ? (after.cpuMicros - before.cpuMicros) / 1000 / requests : NaN);

async function main() {
  const candidates = selectedCandidates();
  log(`candidates: ${candidates.join(', ')}; cells per candidate: ${CELLS.map(([op, c]) => `${op}@${c}`).join(', ')}; scale ${SCALE}`);

  log('starting the subgraph host: fresh embedded database (memory://), migrate, seed, four subgraphs…');
  const host = startChild(join(HERE, 'subgraphHost.ts'), {}, 'subgraph host', profileArgs('host'));
  let gateway: Child | undefined;
  const onSignal = () => {
    void gateway?.stop();
    void host.stop().finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  try {
    const ready = (await host.ready) as unknown as {
      urls: Record<string, string>;
      customerIds: string[];
      productIds: string[];
      seeder: string;
      world: Record<string, unknown>;
      tables: Record<string, number>;
      orderStats: { withOrders: number; avgLines: number };
      migratedMs: number;
      seedMs: number;
    };
    const workload: Workload = { customerIds: ready.customerIds, productIds: ready.productIds };
    log(`seeded with ${ready.seeder} in ${(ready.seedMs / 1000).toFixed(1)} s: ${Object.entries(ready.tables).map(([t, n]) => `${t} ${n}`).join(', ')}`);
    log(`subgraphs: ${Object.entries(ready.urls).map(([n, u]) => `${n} ${u}`).join(', ')}`);

    let reference: Record<string, string> | undefined;
    const results: CandidateResult[] = [];
    for (const candidate of candidates) {
      log(`— ${candidate}: starting (${CANDIDATE_LABELS[candidate] ?? candidate})`);
      gateway = startChild(join(HERE, 'candidateServer.ts'), { BENCH_CANDIDATE: candidate, BENCH_SUBGRAPH_URLS: JSON.stringify(ready.urls), BENCH_VARIANTS: process.env.BENCH_VARIANTS ?? '{}' }, candidate, profileArgs('gateway'));
      const started = (await gateway.ready) as { url: string; startMs: number };
      await waitForGraphQL(started.url);
      log(`${candidate}: listening at ${started.url} (ready in ${(started.startMs / 1000).toFixed(1)} s); verifying ${VERIFY_SAMPLE} customers, 8 catalog pages, 4 writes against the floor…`);
      const sample = await sampleResponses(started.url, workload);
      let verified: CandidateResult['verified'];
      if (candidate === 'floor') {
        reference = sample;
        const { withLines, total } = sanityOfReference(reference);
        if (withLines < total / 2) throw new Error(`only ${withLines}/${total} sampled customers have order lines: the world is too thin to benchmark`);
        verified = { matched: Object.keys(sample).length, of: Object.keys(sample).length, problems: [] };
        log(`floor: reference taken (${withLines}/${total} sampled customers have order lines)`);
      } else if (!reference) {
        verified = { matched: 0, of: 0, problems: [] };
        log(`${candidate}: not verified (no floor in this run)`);
      } else {
        const problems = compare(reference, sample);
        verified = { matched: Object.keys(reference).length - problems.length, of: Object.keys(reference).length, problems: problems.slice(0, 5) };
        if (problems.length) log(`${candidate}: ${problems.length} responses DIFFER from the floor, e.g. ${problems[0]}`);
        else log(`${candidate}: all ${verified.of} sampled responses equal the floor's`);
      }

      const warm = await runLoad({ url: started.url, concurrency: 32, durationMs: FIRST_WARMUP_MS * SCALE, maxRequests: MAX_REQUESTS_PER_CELL, body: (i) => requestBody('CustomerOrders', i, workload), firstIndex: 500_000 });
      log(`${candidate}: warmed up (${warm.requests} requests${warm.errors ? `, ${warm.errors} errors: ${warm.firstError}` : ''})`);

      const cells: CellResult[] = [];
      let index = 1_000_000;
      for (const [operation, concurrency, warmupMs, durationMs] of CELLS) {
        const body = (i: number) => requestBody(operation, i, workload);
        await runLoad({ url: started.url, concurrency, durationMs: warmupMs * SCALE, maxRequests: MAX_REQUESTS_PER_CELL, body, firstIndex: (index += 100_000) });
        const [gwBefore, sgBefore, meBefore] = await Promise.all([gateway.cpu(), host.cpu(), Promise.resolve(cpuSnapshot())]);
        const load: LoadResult = await runLoad({ url: started.url, concurrency, durationMs: durationMs * SCALE, maxRequests: MAX_REQUESTS_PER_CELL, body, firstIndex: (index += 300_000) });
        const [gwAfter, sgAfter, meAfter] = await Promise.all([gateway.cpu(), host.cpu(), Promise.resolve(cpuSnapshot())]);
        const cell: CellResult = {
          operation,
          concurrency,
          ...load,
          gatewayCpuMsPerRequest: cpuPerRequestMs(gwBefore, gwAfter, load.requests),
          subgraphsCpuMsPerRequest: cpuPerRequestMs(sgBefore, sgAfter, load.requests),
          loadGeneratorCpuMsPerRequest: cpuPerRequestMs(meBefore, meAfter, load.requests),
          gatewayCpuUtilisation: (gwAfter.cpuMicros - gwBefore.cpuMicros) / 1000 / load.elapsedMs,
          gatewayRssMb: gwAfter.rssBytes / 1024 / 1024,
        };
        cells.push(cell);
        log(
          `${candidate} ${operation} c=${concurrency}: ${load.rps.toFixed(0)} req/s (slices ${load.sliceRps.min.toFixed(0)}–${load.sliceRps.max.toFixed(0)}), ` +
            `p50 ${load.latencyMs.p50.toFixed(2)} ms, p99 ${load.latencyMs.p99.toFixed(2)} ms, gateway CPU ${cell.gatewayCpuMsPerRequest.toFixed(3)} ms/req ` +
            `(${(cell.gatewayCpuUtilisation * 100).toFixed(0)}% of a core), subgraphs ${cell.subgraphsCpuMsPerRequest.toFixed(3)} ms/req` +
            (load.errors ? `, ${load.errors} ERRORS: ${load.firstError}` : ''),
        );
      }
      results.push({ candidate, label: CANDIDATE_LABELS[candidate] ?? candidate, startMs: started.startMs, verified, cells });
      await gateway.stop();
      gateway = undefined;
    }

    const bench: BenchResults = {
      command: 'npm run bench:gateway',
      date: new Date().toISOString(),
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      world: { seeder: ready.seeder, tables: ready.tables, customersWithOrders: ready.orderStats.withOrders, avgLinesPerOrder: ready.orderStats.avgLines, seedMs: ready.seedMs },
      scale: SCALE,
      cells: CELLS.map(([operation, concurrency, warmupMs, durationMs]) => ({ operation, concurrency, warmupMs: warmupMs * SCALE, durationMs: durationMs * SCALE })),
      operations: OPERATIONS,
      candidates: results,
      totalSeconds: (performance.now() - t0) / 1000,
    };
    if (WRITE) {
      mkdirSync(join(ROOT, 'docs', 'bench'), { recursive: true });
      writeReport(bench, ROOT);
      log('wrote docs/BENCHMARKS.md (## Gateway), docs/bench/gateway.json, docs/bench/gateway.svg');
    } else {
      writeFileSync(join(os.tmpdir(), 'gateway-bench.json'), JSON.stringify(bench, null, 2));
      log(`BENCH_WRITE=0: results in ${join(os.tmpdir(), 'gateway-bench.json')}`);
    }
    log(`done in ${bench.totalSeconds.toFixed(0)} s`);
    const failed = results.filter((r) => r.verified.problems.length || r.cells.some((c) => c.errors));
    if (failed.length) {
      log(`FAILED correctness or had errors: ${failed.map((r) => r.candidate).join(', ')}`);
      process.exitCode = 1;
    }
  } finally {
    await gateway?.stop();
    await host.stop();
  }
}

await main();
