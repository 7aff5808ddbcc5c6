// How busy the whole machine is, to tell load from other processes on a shared machine apart from
// the benchmark's own (this bench and the launcher's bench:offers read it around each window).
import { readFileSync } from 'node:fs';

/** Busy CPU time of the whole machine in ms (Linux /proc/stat); NaN elsewhere. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const t = line.trim().split(/\s+/).slice(1).map(Number);
    const total = t.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
    const idle = (t[3] ?? 0) + (t[4] ?? 0);
    return ((total - idle) * 1000) / 100; // USER_HZ is 100 on Linux
  } catch {
    return NaN;
  }
}
