// npm run bench:gateway — compares gateway candidates in front of the same four subgraphs.
//
// Processes: this one (orchestration + load generator), a subgraph host (one embedded database,
// seeded once, the four subgraphs) and one child process per gateway candidate, so each
// candidate's CPU time per request is read exactly from process.cpuUsage() over IPC. All
// candidates start at once and then take turns: every cell (operation × concurrency) runs in
// rounds, each round giving every candidate one short measured window in a rotating order, so a
// build or test run elsewhere on the machine lands on all candidates alike rather than on one.
//
// Environment knobs (all optional):
//   BENCH_CANDIDATES=floor,hive-rust,...   which candidates (floor always runs first: it is the reference)
//   BENCH_SCALE=0.5                       multiply every window (a quick look; the committed numbers use 1)
//   BENCH_ROUNDS=3                        rounds per cell (default: 4, 2, 2 and 3, see DEFAULT_CELLS)
//   BENCH_WRITE=0                         do not write docs/ (for tuning experiments)
//   BENCH_PROFILE=host|gateway            write V8 CPU profiles of those children to $TMPDIR/gateway-bench-profiles
//   BENCH_NO_FLOOR=1                      skip the floor (and so the correctness check): tuning experiments only
//   BENCH_CELLS=CustomerOrders@32:3000,…  other cells (operation@concurrency:window ms)
//   BENCH_VARIANTS='{"x-name":{…}}'        extra candidates x-name: the untuned Hive configuration with these
//                                         createGatewayRuntime options merged in (null deletes one); list them in BENCH_CANDIDATES.
//                                         "base": "tuned" starts ours as createServer configures it; "nodeArgs": [...] are Node flags for it
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Child, cpuSnapshot, startChild } from './ipc.ts';
import { keepAliveAgent, postJson } from './httpClient.ts';
import { latencySummary, runLoad } from './load.ts';
import { machineBusyMs } from './machineBusy.ts';
import { runCommit } from '../../engine/bench/benchmarksDoc.ts';
import { writeReport, type BenchResults, type CellResult, type CandidateResult, type RoundResult } from './report.ts';
import { CANDIDATE_LABELS, CANDIDATES, canonical, OPERATIONS, requestBody, variablesFor, type Candidate, type OperationName, type Workload } from './workload.ts';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SCALE = Number(process.env.BENCH_SCALE ?? 1);
const WRITE = process.env.BENCH_WRITE !== '0';
const PROFILE_ARGS = ['--cpu-prof', `--cpu-prof-dir=${join(os.tmpdir(), 'gateway-bench-profiles')}`];
const profileArgs = (who: 'host' | 'gateway') => (process.env.BENCH_PROFILE === who ? PROFILE_ARGS : []);

interface CellSpec {
  operation: OperationName;
  concurrency: number;
  /** per candidate per round: unmeasured warm-up, then the measured window */
  warmupMs: number;
  windowMs: number;
  rounds: number;
}
const ROUNDS = process.env.BENCH_ROUNDS ? Number(process.env.BENCH_ROUNDS) : undefined;
// Concurrency 1 goes last: the gateways keep getting cheaper per request for a minute or two of
// traffic (JIT), and by then every candidate has served the same few thousand requests.
const DEFAULT_CELLS: CellSpec[] = [
  { operation: 'CustomerOrders', concurrency: 32, warmupMs: 1_000, windowMs: 3_000, rounds: ROUNDS ?? 4 },
  { operation: 'Catalog', concurrency: 32, warmupMs: 500, windowMs: 2_000, rounds: ROUNDS ?? 2 },
  { operation: 'RecordView', concurrency: 32, warmupMs: 500, windowMs: 2_000, rounds: ROUNDS ?? 2 },
  { operation: 'CustomerOrders', concurrency: 1, warmupMs: 500, windowMs: 2_500, rounds: ROUNDS ?? 3 },
];
const CELLS: CellSpec[] = process.env.BENCH_CELLS
  ? process.env.BENCH_CELLS.split(',').map((spec) => {
      const m = /^(\w+)@(\d+):(\d+)$/.exec(spec.trim());
      if (!m || !(m[1]! in OPERATIONS)) throw new Error(`BENCH_CELLS: bad cell ${spec}`);
      return { operation: m[1] as OperationName, concurrency: Number(m[2]), warmupMs: 1_000, windowMs: Number(m[3]), rounds: ROUNDS ?? 2 };
    })
  : DEFAULT_CELLS;
const MAX_REQUESTS_PER_CELL = 200_000;
const FIRST_WARMUP_MS = 6_000; // per candidate, before the first cell: JIT, caches, connection pools
const VERIFY_SAMPLE = 40;
const VERIFY_CATALOG_PAGES = 8;
const VERIFY_WRITES = 4;
/** At most this long per run is spent waiting for other processes to calm down before windows. */
const MAX_BUSY_WAIT_MS = 20_000;
let busyWaitMs = 0;

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
    for (let k = 0; k < VERIFY_CATALOG_PAGES; k++) await send('Catalog', k * 3);
    for (let k = 0; k < VERIFY_WRITES; k++) await send('RecordView', 10_000_000 + k);
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

/**
 * Waits (at most maxMs) until processes other than ours use less than a quarter of a core, so a
 * cell is less likely to share the machine with a build or a test run. Returns the load it saw last.
 */
async function waitForQuiet(ourChildren: Child[], maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  let announced = false;
  for (;;) {
    const ours0 = await Promise.all(ourChildren.map((c) => c.cpu()));
    const me0 = cpuSnapshot();
    const busy0 = machineBusyMs();
    await new Promise((r) => setTimeout(r, 1_000));
    const busy1 = machineBusyMs();
    const ours1 = await Promise.all(ourChildren.map((c) => c.cpu()));
    const me1 = cpuSnapshot();
    let oursMs = (me1.cpuMicros - me0.cpuMicros) / 1000;
    ours1.forEach((s, i) => (oursMs += (s.cpuMicros - ours0[i]!.cpuMicros) / 1000));
    const other = Math.max(0, (busy1 - busy0 - oursMs) / 1000);
    if (!Number.isFinite(other) || other < 0.25 || Date.now() >= deadline) {
      if (announced) log(`other processes now use ${other.toFixed(2)} cores; going on`);
      return other;
    }
    if (!announced) log(`other processes use ${other.toFixed(2)} cores: waiting up to ${Math.round((deadline - Date.now()) / 1000)} s for the machine to quieten…`);
    announced = true;
  }
}


/** Pools a candidate's rounds of one cell: medians over rounds, latencies and CPU over all requests. */
function aggregate(spec: CellSpec, rounds: RoundResult[], latencies: Float64Array[]): CellResult {
  const median = (xs: number[]) => {
    const v = [...xs].sort((x, y) => x - y);
    return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
  };
  const sum = (f: (r: RoundResult) => number) => rounds.reduce((a, r) => a + f(r), 0);
  const requests = sum((r) => r.requests);
  const pooled = new Float64Array(latencies.reduce((a, l) => a + l.length, 0));
  let offset = 0;
  for (const l of latencies) {
    pooled.set(l, offset);
    offset += l.length;
  }
  pooled.sort();
  return {
    operation: spec.operation,
    concurrency: spec.concurrency,
    rounds,
    requests,
    errors: sum((r) => r.errors),
    firstError: rounds.find((r) => r.firstError)?.firstError,
    rps: median(rounds.map((r) => r.rps)),
    rpsRange: { min: Math.min(...rounds.map((r) => r.rps)), max: Math.max(...rounds.map((r) => r.rps)) },
    latencyMs: latencySummary(pooled),
    gatewayCpuMsPerRequest: median(rounds.map((r) => r.gatewayCpuMs / r.requests)),
    gatewayCpuMsPerRequestPooled: sum((r) => r.gatewayCpuMs) / requests,
    subgraphsCpuMsPerRequest: median(rounds.map((r) => r.subgraphsCpuMs / r.requests)),
    loadGeneratorCpuMsPerRequest: sum((r) => r.loadGeneratorCpuMs) / requests,
    gatewayCpuUtilisation: sum((r) => r.gatewayCpuMs) / sum((r) => r.elapsedMs),
    otherLoadCores: sum((r) => r.otherLoadCores * r.elapsedMs) / sum((r) => r.elapsedMs),
    subgraphConnectionsOpened: sum((r) => r.subgraphConnectionsOpened),
    gatewayRssMb: Math.max(...rounds.map((r) => r.gatewayRssMb)),
  };
}

async function main() {
  const candidates = selectedCandidates();
  const cellNames = CELLS.map((c) => `${c.operation}@${c.concurrency} ${c.rounds}×${(c.windowMs * SCALE) / 1000}s`).join(', ');
  log(`candidates: ${candidates.join(', ')}; cells (rounds × window per candidate): ${cellNames}; scale ${SCALE}`);

  log('starting the subgraph host: fresh embedded database (memory://), migrate, seed, four subgraphs…');
  const host = startChild(join(HERE, 'subgraphHost.ts'), {}, 'subgraph host', profileArgs('host'));
  const gateways = new Map<Candidate, Child>();
  const stopAll = () => Promise.allSettled([...[...gateways.values()].map((g) => g.stop()), host.stop()]);
  const onSignal = () => void stopAll().finally(() => process.exit(130));
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
    log(`subgraphs: ${Object.entries(ready.urls).map(([n, u]) => `${n} ${u}`).join(', ')}; querying the ${workload.customerIds.length} customers with orders`);

    log(`starting ${candidates.length} gateway processes…`);
    for (const candidate of candidates) {
      gateways.set(
        candidate,
        startChild(
          join(HERE, 'candidateServer.ts'),
          { BENCH_CANDIDATE: candidate, BENCH_SUBGRAPH_URLS: JSON.stringify(ready.urls), BENCH_VARIANTS: process.env.BENCH_VARIANTS ?? '{}' },
          candidate,
          [...profileArgs('gateway'), ...((JSON.parse(process.env.BENCH_VARIANTS ?? '{}') as Record<string, { nodeArgs?: string[] }>)[candidate]?.nodeArgs ?? [])],
        ),
      );
    }
    const urls = new Map<Candidate, string>();
    const startMs = new Map<Candidate, number>();
    for (const candidate of candidates) {
      const started = (await gateways.get(candidate)!.ready) as { url: string; startMs: number };
      await waitForGraphQL(started.url);
      urls.set(candidate, started.url);
      startMs.set(candidate, started.startMs);
      log(`${candidate} (${CANDIDATE_LABELS[candidate as keyof typeof CANDIDATE_LABELS] ?? candidate}): ready at ${started.url}`);
    }

    // Correctness before speed: every candidate's answers against the floor's.
    let reference: Record<string, string> | undefined;
    const verified = new Map<Candidate, CandidateResult['verified']>();
    for (const candidate of candidates) {
      const sample = await sampleResponses(urls.get(candidate)!, workload);
      if (candidate === 'floor') {
        reference = sample;
        const { withLines, total } = sanityOfReference(reference);
        if (withLines < total / 2) throw new Error(`only ${withLines}/${total} sampled customers have order lines: the world is too thin to benchmark`);
        verified.set(candidate, { matched: Object.keys(sample).length, of: Object.keys(sample).length, problems: [] });
        log(`floor: reference taken (${total} customers, ${withLines} with order lines; ${VERIFY_CATALOG_PAGES} catalog pages; ${VERIFY_WRITES} writes)`);
      } else if (!reference) {
        verified.set(candidate, { matched: 0, of: 0, problems: [] });
        log(`${candidate}: not verified (no floor in this run)`);
      } else {
        const problems = compare(reference, sample);
        const of = Object.keys(reference).length;
        verified.set(candidate, { matched: of - problems.length, of, problems: problems.slice(0, 5) });
        if (problems.length) log(`${candidate}: ${problems.length}/${of} responses DIFFER from the floor, e.g. ${problems[0]}`);
        else log(`${candidate}: all ${of} sampled responses equal the floor's`);
      }
    }

    for (const candidate of candidates) {
      const warm = await runLoad({ url: urls.get(candidate)!, concurrency: 32, durationMs: FIRST_WARMUP_MS * SCALE, maxRequests: MAX_REQUESTS_PER_CELL, body: (i) => requestBody('CustomerOrders', i, workload), firstIndex: 500_000 });
      log(`${candidate}: warmed up (${warm.requests} requests${warm.errors ? `, ${warm.errors} errors: ${warm.firstError}` : ''})`);
    }
    await waitForQuiet([host, ...gateways.values()], 10_000);

    const cells = new Map<Candidate, CellResult[]>(candidates.map((c) => [c, []]));
    let index = 1_000_000;
    for (const spec of CELLS) {
      const rounds = new Map<Candidate, RoundResult[]>(candidates.map((c) => [c, []]));
      const latencies = new Map<Candidate, Float64Array[]>(candidates.map((c) => [c, []]));
      const body = (i: number) => requestBody(spec.operation, i, workload);
      for (let round = 0; round < spec.rounds; round++) {
        // Rotate who goes first, so no candidate always follows the same neighbour.
        const order = candidates.map((_, k) => candidates[(k + round) % candidates.length]!);
        for (const candidate of order) {
          const gateway = gateways.get(candidate)!;
          const url = urls.get(candidate)!;
          // No forced GC between windows: tried, it throws away enough JIT state to double the CPU per
          // request of the next window. A major GC landing in one window is what the median over rounds absorbs.
          // The warm-up doubles as a load probe: while other processes use a third of a core or more,
          // wait and warm up again (within a budget per run), so fewer windows share the machine.
          for (;;) {
            const [g0, h0] = await Promise.all([gateway.cpu(), host.cpu()]);
            const m0 = cpuSnapshot();
            const b0 = machineBusyMs();
            const w0 = performance.now();
            await runLoad({ url, concurrency: spec.concurrency, durationMs: spec.warmupMs * SCALE, maxRequests: MAX_REQUESTS_PER_CELL, body, firstIndex: (index += 50_000) });
            const elapsed = performance.now() - w0;
            const [g1, h1] = await Promise.all([gateway.cpu(), host.cpu()]);
            const ours = (g1.cpuMicros - g0.cpuMicros + h1.cpuMicros - h0.cpuMicros + cpuSnapshot().cpuMicros - m0.cpuMicros) / 1000;
            const other = (machineBusyMs() - b0 - ours) / elapsed;
            if (!(other >= 0.33) || busyWaitMs >= MAX_BUSY_WAIT_MS) break;
            log(`other processes use ${other.toFixed(2)} cores: waiting 3 s before ${candidate}'s window (${((MAX_BUSY_WAIT_MS - busyWaitMs) / 1000).toFixed(0)} s of waiting left)`);
            await new Promise((r) => setTimeout(r, 3_000));
            busyWaitMs += 3_000 + elapsed;
          }
          const [gwBefore, sgBefore] = await Promise.all([gateway.cpu(), host.cpu()]);
          const meBefore = cpuSnapshot();
          const busyBefore = machineBusyMs();
          const load = await runLoad({ url, concurrency: spec.concurrency, durationMs: spec.windowMs * SCALE, maxRequests: MAX_REQUESTS_PER_CELL, body, firstIndex: (index += 150_000) });
          const busyAfter = machineBusyMs();
          const meAfter = cpuSnapshot();
          const [gwAfter, sgAfter] = await Promise.all([gateway.cpu(), host.cpu()]);
          const gatewayCpuMs = (gwAfter.cpuMicros - gwBefore.cpuMicros) / 1000;
          const subgraphsCpuMs = (sgAfter.cpuMicros - sgBefore.cpuMicros) / 1000;
          const loadGeneratorCpuMs = (meAfter.cpuMicros - meBefore.cpuMicros) / 1000;
          const r: RoundResult = {
            requests: load.requests,
            errors: load.errors,
            firstError: load.firstError,
            elapsedMs: load.elapsedMs,
            rps: load.rps,
            p50Ms: load.latencyMs.p50,
            p99Ms: load.latencyMs.p99,
            gatewayCpuMs,
            subgraphsCpuMs,
            loadGeneratorCpuMs,
            otherLoadCores: Math.max(0, (busyAfter - busyBefore - gatewayCpuMs - subgraphsCpuMs - loadGeneratorCpuMs) / load.elapsedMs),
            subgraphConnectionsOpened: gwAfter.connectionsOpened - gwBefore.connectionsOpened,
            gatewayRssMb: gwAfter.rssBytes / 1024 / 1024,
          };
          rounds.get(candidate)!.push(r);
          latencies.get(candidate)!.push(load.latencies);
          log(
            `${spec.operation} c=${spec.concurrency} round ${round + 1}/${spec.rounds} ${candidate.padEnd(17)} ${load.rps.toFixed(0).padStart(4)} req/s, ` +
              `p50 ${load.latencyMs.p50.toFixed(1)} ms, p99 ${load.latencyMs.p99.toFixed(1)} ms, gateway CPU ${(gatewayCpuMs / load.requests).toFixed(2)} ms/req, ` +
              `subgraphs ${(subgraphsCpuMs / load.requests).toFixed(2)} ms/req, ${r.subgraphConnectionsOpened} new connections, other load ${r.otherLoadCores.toFixed(2)} cores` +
              (load.errors ? `, ${load.errors} ERRORS: ${load.firstError}` : ''),
          );
        }
      }
      for (const candidate of candidates) {
        const cell = aggregate(spec, rounds.get(candidate)!, latencies.get(candidate)!);
        cells.get(candidate)!.push(cell);
      }
      const floorCell = cells.get('floor')?.at(-1);
      log(
        `${spec.operation} c=${spec.concurrency} medians: ` +
          candidates
            .map((c) => {
              const cell = cells.get(c)!.at(-1)!;
              return `${c} ${cell.rps.toFixed(0)} req/s p99 ${cell.latencyMs.p99.toFixed(0)} ms CPU ${cell.gatewayCpuMsPerRequest.toFixed(2)} ms/req${floorCell && c !== 'floor' ? ` (${(cell.gatewayCpuMsPerRequest / floorCell.gatewayCpuMsPerRequest).toFixed(1)}× floor)` : ''}`;
            })
            .join('; '),
      );
    }

    const results: CandidateResult[] = candidates.map((candidate) => ({
      candidate,
      label: CANDIDATE_LABELS[candidate as keyof typeof CANDIDATE_LABELS] ?? candidate,
      startMs: startMs.get(candidate)!,
      verified: verified.get(candidate)!,
      cells: cells.get(candidate)!,
    }));
    const bench: BenchResults = {
      // the BENCH_* knobs of this run, as they would be typed
      command: [...Object.entries(process.env).filter(([k]) => k.startsWith('BENCH_')).map(([k, v]) => `${k}=${/^[\w.,:@-]*$/.test(v ?? '') ? v : `'${v}'`}`), 'npm run bench:gateway'].join(' '),
      date: new Date().toISOString(),
      commit: runCommit(ROOT),
      verifySample: { customers: VERIFY_SAMPLE, catalogPages: VERIFY_CATALOG_PAGES, writes: VERIFY_WRITES },
      firstWarmupMs: FIRST_WARMUP_MS * SCALE,
      maxBusyWaitMs: MAX_BUSY_WAIT_MS,
      machine: {
        cpus: os.cpus().length,
        cpuModel: os.cpus()[0]?.model ?? 'unknown',
        memoryGb: Math.round(os.totalmem() / 1024 ** 3),
        node: process.version,
        platform: `${os.platform()} ${os.release()}`,
      },
      world: {
        seeder: ready.seeder,
        tables: ready.tables,
        customersWithOrders: ready.orderStats.withOrders,
        customersQueried: workload.customerIds.length,
        avgLinesPerOrder: ready.orderStats.avgLines,
        seedMs: ready.seedMs,
      },
      scale: SCALE,
      cells: CELLS.map((c) => ({ ...c, warmupMs: c.warmupMs * SCALE, windowMs: c.windowMs * SCALE })),
      operations: OPERATIONS,
      candidates: results,
      totalSeconds: (performance.now() - t0) / 1000,
      busyWaitSeconds: busyWaitMs / 1000,
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
    await stopAll();
  }
}

await main();
