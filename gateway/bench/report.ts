// Writes the gateway benchmark's results: docs/bench/gateway.json (raw), docs/bench/gateway.svg
// (bar chart) and the `## Gateway` section of docs/BENCHMARKS.md (other sections kept as they are).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LoadResult } from './load.ts';
import type { Candidate, OperationName } from './workload.ts';

export interface CellResult extends LoadResult {
  operation: OperationName;
  concurrency: number;
  gatewayCpuMsPerRequest: number;
  subgraphsCpuMsPerRequest: number;
  loadGeneratorCpuMsPerRequest: number;
  /** gateway CPU time / wall time over the cell: 1 = one core busy */
  gatewayCpuUtilisation: number;
  gatewayRssMb: number;
}

export interface CandidateResult {
  candidate: Candidate;
  label: string;
  startMs: number;
  verified: { matched: number; of: number; problems: string[] };
  cells: CellResult[];
}

export interface BenchResults {
  command: string;
  date: string;
  machine: { cpus: number; cpuModel: string; memoryGb: number; node: string; platform: string };
  world: { seeder: string; tables: Record<string, number>; customersWithOrders: number; avgLinesPerOrder: number; seedMs: number };
  scale: number;
  cells: { operation: OperationName; concurrency: number; warmupMs: number; durationMs: number }[];
  operations: Record<string, string>;
  candidates: CandidateResult[];
  totalSeconds: number;
}

const SECTION_TITLE = '## Gateway (npm run bench:gateway)';

const f = (n: number, digits = 0) => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const ratio = (n: number, d: number) => (Number.isFinite(n) && Number.isFinite(d) && d !== 0 ? `${(n / d).toFixed(2)}×` : '–');

function cellOf(r: CandidateResult | undefined, op: OperationName, c: number) {
  return r?.cells.find((x) => x.operation === op && x.concurrency === c);
}

export function writeReport(bench: BenchResults, root: string): void {
  writeFileSync(join(root, 'docs', 'bench', 'gateway.json'), `${JSON.stringify(bench, null, 2)}\n`);
  writeFileSync(join(root, 'docs', 'bench', 'gateway.svg'), svg(bench));
  const path = join(root, 'docs', 'BENCHMARKS.md');
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n\nMeasured numbers, each section written by its own benchmark script.\n';
  writeFileSync(path, replaceSection(existing, markdown(bench)));
}

/** Replaces `## Gateway…` up to the next `## ` heading (or appends it), leaving the rest alone. */
export function replaceSection(doc: string, section: string): string {
  const lines = doc.split('\n');
  const start = lines.findIndex((l) => /^## Gateway\b/.test(l));
  if (start < 0) return `${doc.replace(/\n*$/, '')}\n\n${section.trim()}\n`;
  let end = lines.findIndex((l, i) => i > start && /^## /.test(l));
  if (end < 0) end = lines.length;
  const before = lines.slice(0, start).join('\n').replace(/\n*$/, '');
  const after = lines.slice(end).join('\n');
  return `${before ? `${before}\n\n` : ''}${section.trim()}\n${after ? `\n${after}` : ''}`.replace(/\n*$/, '\n');
}

function markdown(b: BenchResults): string {
  const floor = b.candidates.find((c) => c.candidate === 'floor');
  const out: string[] = [];
  out.push(SECTION_TITLE, '');
  out.push(
    `Command: \`${b.command}\` (${b.totalSeconds.toFixed(0)} s). Run ${b.date.slice(0, 16).replace('T', ' ')} UTC on ${b.machine.cpus} cores (${b.machine.cpuModel}), ` +
      `${b.machine.memoryGb} GiB, Node ${b.machine.node}, ${b.machine.platform}. Raw results: [bench/gateway.json](bench/gateway.json); chart: [bench/gateway.svg](bench/gateway.svg).`,
    '',
  );
  const t = b.world.tables;
  out.push(
    `**Setup.** One fresh embedded database (PGlite, \`memory://\`) seeded once with ${b.world.seeder}: ${t.Customer} customers ` +
      `(${b.world.customersWithOrders} with orders), ${t.Product} products, ${t.Location} locations, ${t.Order} orders, ${t.OrderLine} order lines ` +
      `(${b.world.avgLinesPerOrder.toFixed(1)} per order), ${t.Interaction} interactions. The four subgraphs run in one child process over it; each gateway ` +
      `candidate runs, one after another, in a child process of its own so its CPU time per request is read exactly (\`process.cpuUsage()\` over IPC, ` +
      `before and after each measured window); the load generator (closed loop, keep-alive \`node:http\`, 127.0.0.1 only) is the parent process. ` +
      `All three processes share the 2 cores, so at concurrency 32 the subgraphs and the embedded database are the bottleneck and throughput differences are compressed; ` +
      `gateway CPU ms per request is the number that isolates the gateway.`,
    '',
  );
  out.push(
    `**Candidates.** (a) Hive Gateway runtime + Rust query planner — ours, \`gateway/src/createServer.ts\` as tuned; (a′) the same before tuning (the configuration of ` +
      `commit eb8f3b7, kept in \`gateway/bench/candidateServer.ts\`); (b) Hive Gateway runtime + its JavaScript planner; (c) \`@apollo/gateway\` 2.14 on ` +
      `\`@apollo/server\` 5 (\`supergraphSdl\` from \`schema/supergraph.graphql\`, URLs overridden with \`buildService\` → \`RemoteGraphQLDataSource\`, defaults otherwise); ` +
      `(d) the floor: a hand-written server (\`gateway/bench/floorGateway.ts\`) that makes exactly the planner's subgraph calls — customer, then product ∥ inventory ` +
      `\`_entities\` for the distinct product references — over keep-alive \`node:http\` and merges the results, with no parsing, validation or planning.`,
    '',
  );
  out.push(
    '**Operations.** `CustomerOrders`: `customer(id) { orders(first: 5) { edges { node { lines { product { name price availability { available } } } } } } }`, ' +
      'the id cycling over every seeded customer (3 subgraphs, 2 sequential hops); `Catalog`: `products(first: 20, filter: { minPrice }) { … availability { available } }`, ' +
      'minPrice varying (2 subgraphs); `RecordView`: the `recordInteraction` mutation (1 subgraph, a write). Per candidate: a 3 s warm-up, then per cell a short warm-up ' +
      `and a measured window (${b.cells.map((c) => `${c.operation}@${c.concurrency} ${c.durationMs / 1000} s`).join(', ')}). ` +
      'Before any load, each candidate\'s answers to 40 customers, 8 catalog pages and 4 writes are compared with the floor\'s (key-order-insensitive JSON).',
    '',
  );

  out.push('### Results', '');
  out.push(
    '| candidate | operation | conc. | req/s | req/s per 1/5 of window (median, min–max) | p50 ms | p99 ms | gateway CPU ms/req | subgraphs CPU ms/req | req/s vs floor | p99 vs floor | gateway CPU vs floor | same data as floor |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  );
  for (const c of b.candidates) {
    for (const cell of c.cells) {
      const fc = cellOf(floor, cell.operation, cell.concurrency);
      out.push(
        `| ${c.label} | ${cell.operation} | ${cell.concurrency} | ${f(cell.rps)} | ${f(cell.sliceRps.median)} (${f(cell.sliceRps.min)}–${f(cell.sliceRps.max)}) | ` +
          `${f(cell.latencyMs.p50, 2)} | ${f(cell.latencyMs.p99, 2)} | ${f(cell.gatewayCpuMsPerRequest, 3)} | ${f(cell.subgraphsCpuMsPerRequest, 3)} | ` +
          `${c.candidate === 'floor' ? '1.00×' : ratio(cell.rps, fc?.rps ?? NaN)} | ${c.candidate === 'floor' ? '1.00×' : ratio(cell.latencyMs.p99, fc?.latencyMs.p99 ?? NaN)} | ` +
          `${c.candidate === 'floor' ? '1.00×' : ratio(cell.gatewayCpuMsPerRequest, fc?.gatewayCpuMsPerRequest ?? NaN)} | ` +
          `${c.verified.problems.length ? `**no** (${c.verified.matched}/${c.verified.of})` : `yes (${c.verified.of}/${c.verified.of})`}${cell.errors ? `, **${cell.errors} errors**` : ''} |`,
      );
    }
  }
  out.push('');

  // Summary of the headline cell, medians from this run.
  const head = (cand: Candidate, c: number) => cellOf(b.candidates.find((x) => x.candidate === cand), 'CustomerOrders', c);
  const names: Candidate[] = ['hive-rust', 'hive-rust-untuned', 'hive-js', 'apollo'];
  out.push('### The three-subgraph query, this run', '');
  out.push('| candidate | c=1 p50 ms | c=1 gateway CPU ms/req | c=32 req/s (median slice) | c=32 p99 ms | c=32 gateway CPU ms/req | c=32 gateway overhead over floor, CPU ms/req |');
  out.push('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
  const f1 = head('floor', 1);
  const f32 = head('floor', 32);
  for (const cand of ['floor' as Candidate, ...names]) {
    const one = head(cand, 1);
    const many = head(cand, 32);
    if (!one && !many) continue;
    const label = b.candidates.find((x) => x.candidate === cand)!.label;
    out.push(
      `| ${label} | ${f(one?.latencyMs.p50 ?? NaN, 2)} (${cand === 'floor' ? '1.00×' : ratio(one?.latencyMs.p50 ?? NaN, f1?.latencyMs.p50 ?? NaN)}) | ${f(one?.gatewayCpuMsPerRequest ?? NaN, 3)} | ` +
        `${f(many?.sliceRps.median ?? NaN)} (${cand === 'floor' ? '1.00×' : ratio(many?.sliceRps.median ?? NaN, f32?.sliceRps.median ?? NaN)}) | ${f(many?.latencyMs.p99 ?? NaN, 2)} | ` +
        `${f(many?.gatewayCpuMsPerRequest ?? NaN, 3)} | ${cand === 'floor' ? '–' : f((many?.gatewayCpuMsPerRequest ?? NaN) - (f32?.gatewayCpuMsPerRequest ?? NaN), 3)} |`,
    );
  }
  out.push('', '![req/s and p99 per candidate at concurrency 32](bench/gateway.svg)', '');
  out.push(TUNING_AND_CONCLUSION.trim(), '');
  return out.join('\n');
}

/**
 * Hand-written: what was tuned (measured with BENCH_WRITE=0 runs of this script, see the numbers
 * quoted) and which gateway we keep. Re-read it when the table above changes materially.
 */
const TUNING_AND_CONCLUSION = `
### Tuning notes

See the same-run rows "before tuning" vs "ours, tuned" above for the net effect; the individual steps were measured one at a time with \`BENCH_WRITE=0 BENCH_CANDIDATES=hive-rust\` runs.

_(to be filled in from the tuning runs)_

### Conclusion

_(to be filled in)_
`;

function svg(b: BenchResults): string {
  const rows = b.candidates.map((c) => ({ label: c.label, cell: cellOf(c, 'CustomerOrders', 32) })).filter((r) => r.cell);
  const W = 900;
  const rowH = 34;
  const top = 70;
  const H = top + rows.length * rowH + 60;
  const labelW = 300;
  const panelW = (W - labelW - 40) / 2;
  const maxRps = Math.max(...rows.map((r) => r.cell!.rps)) * 1.15;
  const maxP99 = Math.max(...rows.map((r) => r.cell!.latencyMs.p99)) * 1.15;
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const colour = (label: string) => (label.startsWith('floor') ? '#9e9e9e' : label.includes('ours') ? '#2e7d32' : label.includes('before') ? '#81c784' : label.includes('JS') ? '#1565c0' : '#ef6c00');
  const parts: string[] = [];
  parts.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif" font-size="13">`);
  parts.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  parts.push(`<text x="${W / 2}" y="24" text-anchor="middle" font-size="16" font-weight="bold">Gateway candidates, CustomerOrders (3 subgraphs), concurrency 32</text>`);
  parts.push(`<text x="${W / 2}" y="44" text-anchor="middle" fill="#555">${esc(`${b.date.slice(0, 10)} · ${b.machine.cpus} cores · Node ${b.machine.node} · npm run bench:gateway`)}</text>`);
  const x1 = labelW;
  const x2 = labelW + panelW + 40;
  parts.push(`<text x="${x1}" y="${top - 8}" font-weight="bold">requests/s (higher is better)</text>`);
  parts.push(`<text x="${x2}" y="${top - 8}" font-weight="bold">p99 latency, ms (lower is better)</text>`);
  rows.forEach((r, i) => {
    const y = top + i * rowH;
    const c = r.cell!;
    const wr = (c.rps / maxRps) * panelW;
    const wp = (c.latencyMs.p99 / maxP99) * panelW;
    parts.push(`<text x="${labelW - 10}" y="${y + 20}" text-anchor="end">${esc(r.label)}</text>`);
    parts.push(`<rect x="${x1}" y="${y + 6}" width="${wr.toFixed(1)}" height="${rowH - 12}" fill="${colour(r.label)}"/>`);
    parts.push(`<text x="${(x1 + wr + 4).toFixed(1)}" y="${y + 21}">${c.rps.toFixed(0)}</text>`);
    parts.push(`<rect x="${x2}" y="${y + 6}" width="${wp.toFixed(1)}" height="${rowH - 12}" fill="${colour(r.label)}" opacity="0.75"/>`);
    parts.push(`<text x="${(x2 + wp + 4).toFixed(1)}" y="${y + 21}">${c.latencyMs.p99.toFixed(1)}</text>`);
  });
  const yAxis = top + rows.length * rowH + 4;
  parts.push(`<line x1="${x1}" y1="${top}" x2="${x1}" y2="${yAxis}" stroke="#333"/>`);
  parts.push(`<line x1="${x2}" y1="${top}" x2="${x2}" y2="${yAxis}" stroke="#333"/>`);
  parts.push(
    `<text x="${W / 2}" y="${H - 18}" text-anchor="middle" fill="#555">gateway CPU ms/request: ${esc(rows.map((r) => `${r.label.split(' (')[0]!.split(':')[0]} ${r.cell!.gatewayCpuMsPerRequest.toFixed(2)}`).join(' · '))}</text>`,
  );
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
