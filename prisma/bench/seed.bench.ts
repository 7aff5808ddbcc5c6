// npm run bench:seed: seeds the benchmark world (100k customers, 10k products, 1M interactions)
// into a fresh embedded database on disk in a temp dir and reports wall time per table and in
// total, rows/s and peak RSS; then compares the two write methods (COPY vs unnest INSERT) on a
// tenth of that world in memory. Writes the `## Seeding` section of docs/BENCHMARKS.md.
// Flags: the seed script's (over BENCH_WORLD), plus --no-docs and --no-compare.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, existsSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_WORLD, type WorldSize } from '@retail/simulator';
import { openDatabase } from '../src/database.ts';
import { parseSeedArgs, SeedArgsError, seedUsage } from '../src/seed/seedArgs.ts';
import { formatProgress, formatReport } from '../src/seed/seedLog.ts';
import { seedWorld, type SeedReport } from '../src/seed/seedWorld.ts';
import type { WriteMethod } from '../src/seed/rowWriter.ts';
import { replaceSection, runCommit } from '../../engine/bench/benchmarksDoc.ts';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const args = process.argv.slice(2);
const writeDocs = !args.includes('--no-docs');
const compare = !args.includes('--no-compare');
let command;
try {
  command = parseSeedArgs(args.filter((a) => a !== '--no-docs' && a !== '--no-compare'), BENCH_WORLD);
} catch (error) {
  if (!(error instanceof SeedArgsError)) throw error;
  console.error(`${error.message}\n\n${seedUsage('npm run bench:seed', BENCH_WORLD)}\n  --no-docs      do not write docs/BENCHMARKS.md\n  --no-compare   skip the COPY vs INSERT comparison`);
  process.exit(2);
}
const now = command.now ?? new Date();
/** Customers whose history is generated and written at a time. */
const CUSTOMERS_PER_CHUNK = 2000;
const commit = runCommit(root);

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const sec = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const diskBytes = (dir: string): number =>
  readdirSync(dir, { withFileTypes: true }).reduce((sum, e) => sum + (e.isDirectory() ? diskBytes(join(dir, e.name)) : statSync(join(dir, e.name)).size), 0);

// ---- the benchmark world, on disk ----
const loadAtStart = loadavg()[0]!;
const dataDir = mkdtempSync(join(tmpdir(), 'retail-seed-bench-'));
console.error(`Seeding the benchmark world into a fresh embedded database in ${dataDir}`);
const t0 = performance.now();
const db = await openDatabase({ dataDir });
const openMs = performance.now() - t0;
let report: SeedReport;
let closeStart = 0;
let memoryBeforeClose = process.memoryUsage();
try {
  report = await seedWorld(db, { ...command.size, now }, (p) => console.error(formatProgress(p)), { method: command.method, customersPerChunk: CUSTOMERS_PER_CHUNK });
} finally {
  memoryBeforeClose = process.memoryUsage();
  closeStart = performance.now();
  await db.close();
}
const closeMs = performance.now() - closeStart;
const wallMs = performance.now() - t0;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const diskMb = diskBytes(dataDir) / 1e6;
rmSync(dataDir, { recursive: true, force: true });
console.log(formatReport(report));
console.log(`open + migrate ${sec(openMs)}, close ${sec(closeMs)}, wall ${sec(wallMs)}, peak RSS ${int(peakRssMb)} MB, ${int(diskMb)} MB on disk`);

// ---- COPY vs INSERT on a tenth of the world, in memory ----
const tenth: WorldSize = { ...command.size, customers: Math.max(1, Math.round(command.size.customers / 10)), products: Math.max(1, Math.round(command.size.products / 10)), interactions: Math.round(command.size.interactions / 10) };
const methods: { method: WriteMethod; report: SeedReport }[] = [];
if (compare) {
  for (const method of ['copy', 'insert'] as const) {
    const mem = await openDatabase({ dataDir: 'memory://' });
    try {
      methods.push({ method, report: await seedWorld(mem, { ...tenth, now }, undefined, { method, rebuildIndexes: true }) });
    } finally {
      await mem.close();
    }
    const r = methods.at(-1)!.report;
    console.log(`${method}: ${int(r.totalRows)} rows in ${sec(r.totalMs)} (Interaction ${int((r.tables.Interaction.rows * 1000) / r.tables.Interaction.ms)} rows/s)`);
  }
}

// ---- docs/BENCHMARKS.md ----
if (writeDocs) {
  const rate = (rows: number, ms: number) => int(ms > 0 ? (rows * 1000) / ms : 0);
  const pglite = (() => {
    for (const dir of [join(root, 'prisma', 'node_modules'), join(root, 'node_modules')]) {
      const file = join(dir, '@electric-sql', 'pglite', 'package.json');
      if (existsSync(file)) return (JSON.parse(readFileSync(file, 'utf8')) as { version: string }).version;
    }
    return '?';
  })();
  const c = report.config;
  const tableRows = Object.entries(report.tables).map(([t, x]) => `| ${t} | ${int(x.rows)} | ${sec(x.ms)} | ${rate(x.rows, x.ms)} |`);
  const written = Object.values(report.tables).reduce((s, x) => s + x.ms, 0);
  const stepRows = Object.entries(report.steps).map(([s, ms]) => `| ${s}${s === 'generate history' ? ' (between the writes)' : ''} | ${sec(ms)} |`);
  const lines = [
    '## Seeding (npm run bench:seed)',
    '',
    `Command: \`npm run bench:seed${args.length ? ` -- ${args.join(' ')}` : ''}\` (Node ${process.version}, PGlite ${pglite} on disk in a fresh temp dir, ${cpus().length} cores (${cpus()[0]?.model.trim() ?? '?'}), ${Math.round(totalmem() / 2 ** 30)} GB RAM, ${new Date().toISOString().slice(0, 10)}, commit ${commit}).`,
    `1-minute load average when the run started: ${loadAtStart.toFixed(1)} (other processes share the machine; figures are wall times under that load).`,
    `World: ${int(c.customers)} customers, ${int(c.products)} products, ${int(c.interactions)} interactions, ${c.stores} stores, ${c.warehouses} warehouses, ${c.days} days, ${c.competitors} competitors, ${c.promotions} promotions, seed ${c.seed}.`,
    `Method: \`${report.method}\` in one transaction; ${'rebuild indexes' in report.steps ? 'secondary indexes dropped before the load and rebuilt after' : 'secondary indexes kept during the load'}, foreign-key triggers skipped where the database role allows it (PGlite's does), history generated and written in chunks of ${int(CUSTOMERS_PER_CHUNK)} customers.`,
    '',
    '| table | rows | encode + write | rows/s |',
    '| --- | ---: | ---: | ---: |',
    ...tableRows,
    `| **all tables** | **${int(report.totalRows)}** | **${sec(written)}** | **${rate(report.totalRows, written)}** |`,
    '',
    '| step | time |',
    '| --- | ---: |',
    `| open + migrate the fresh database | ${sec(openMs)} |`,
    ...stepRows,
    `| close (flush to disk) | ${sec(closeMs)} |`,
    '',
    `**seedWorld total: ${sec(report.totalMs)}** (${rate(report.totalRows, report.totalMs)} rows/s overall); wall time open → close: ${sec(wallMs)}. Peak RSS: ${int(peakRssMb)} MB; before closing the database the process held ${int(memoryBeforeClose.rss / 1e6)} MB, of which ${int(memoryBeforeClose.external / 1e6)} MB outside the JavaScript heap (\`process.memoryUsage().external\`, where PGlite's WebAssembly memory is counted; WebAssembly memory only grows) and ${int(memoryBeforeClose.heapUsed / 1e6)} MB of JavaScript heap. Database on disk: ${int(diskMb)} MB.`,
  ];
  if (methods.length === 2) {
    const [copy, insert] = methods as [(typeof methods)[0], (typeof methods)[0]];
    lines.push(
      '',
      `Write methods on a tenth of the world (${int(tenth.customers)} customers, ${int(tenth.products)} products, ${int(tenth.interactions)} interactions; in memory, indexes rebuilt after):`,
      '',
      '| method | total | Interaction rows/s |',
      '| --- | ---: | ---: |',
      ...[copy, insert].map((m) => `| ${m.method === 'copy' ? "`COPY … FROM '/dev/blob'`" : '`INSERT … SELECT … FROM unnest($1::text[], …)`'} | ${sec(m.report.totalMs)} | ${rate(m.report.tables.Interaction.rows, m.report.tables.Interaction.ms)} |`),
    );
  }
  const path = join(root, 'docs', 'BENCHMARKS.md');
  replaceSection(path, '## Seeding (npm run bench:seed)', lines.join('\n'));
  console.error(`wrote the Seeding section of ${path}`);
}
