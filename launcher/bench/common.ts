// What the launcher's benchmarks share: the machine's state (load average, CPU used by this process
// and by others) and summaries of latencies; and, re-exported from where every bench gets them
// (engine/bench, gateway/bench), the flags, progress lines and docs section writer.
import { cpus, loadavg, totalmem } from 'node:os';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export { replaceSection } from '../../engine/bench/benchmarksDoc.ts';
export { booleanFlag, numberFlag, stringFlag } from '../../engine/bench/cliFlags.ts';
export { clock, logger } from '../../engine/bench/progressLog.ts';
export { machineBusyMs } from '../../gateway/bench/machineBusy.ts';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `cat /proc/loadavg` (1, 5, 15 minutes) and the machine. */
export function machine() {
  let procLoadavg = loadavg().map((x) => x.toFixed(2)).join(' ');
  try {
    procLoadavg = readFileSync('/proc/loadavg', 'utf8').trim();
  } catch {
    /* not Linux: os.loadavg() */
  }
  return { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', memoryGb: Math.round(totalmem() / 1024 ** 3), node: process.version, procLoadavg };
}

/**
 * CPU time of this process's main thread, ms (Linux /proc/self/task/<pid>/stat, 10 ms ticks); NaN
 * elsewhere. The stack under test runs on the main thread; load generators run in worker threads.
 */
export function mainThreadCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, USER_HZ = 100
  } catch {
    return NaN;
  }
}

/** CPU time of this process (every thread), ms. */
export function processCpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function median(xs: readonly number[]): number {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return NaN;
  return v.length % 2 ? v[(v.length - 1) / 2]! : (v[v.length / 2 - 1]! + v[v.length / 2]!) / 2;
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: ArrayLike<number>, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]!;
}

export function pooledSorted(parts: readonly Float64Array[]): Float64Array {
  const out = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out.sort();
}
