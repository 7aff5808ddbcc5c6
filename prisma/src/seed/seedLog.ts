// Human-readable progress lines and summary for the seed script and the seed benchmark.
import type { SeedProgress, SeedReport } from './seedWorld.ts';

const int = (n: number) => Math.round(n).toLocaleString('en-US');
const seconds = (ms: number) => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

export function formatProgress(p: SeedProgress): string {
  if (p.kind === 'step') return `  ${p.step.padEnd(16)} ${seconds(p.elapsedMs)}`;
  const of = p.expected !== null ? ` / ${int(p.expected)}` : '';
  return `  ${p.table.padEnd(16)} ${`${int(p.rows)}${of}`.padStart(21)} rows  ${int(p.rowsPerSecond).padStart(9)} rows/s`;
}

export function formatReport(report: SeedReport): string {
  const lines = [`Seeded ${int(report.totalRows)} rows in ${seconds(report.totalMs)} (${report.database}, ${report.method}; world seed ${report.config.seed}, now ${report.config.now})`];
  for (const [table, t] of Object.entries(report.tables)) {
    lines.push(`  ${table.padEnd(16)} ${int(t.rows).padStart(10)} rows  ${seconds(t.ms).padStart(8)}  ${int(t.ms > 0 ? (t.rows * 1000) / t.ms : 0).padStart(9)} rows/s`);
  }
  for (const [step, ms] of Object.entries(report.steps)) lines.push(`  ${step.padEnd(16)} ${''.padStart(15)}  ${seconds(ms).padStart(8)}`);
  return lines.join('\n');
}
