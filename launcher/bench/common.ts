// What the launcher's benchmarks share: flags, progress lines, the machine's state (load average,
// CPU used by other processes), summaries of latencies, replacing one section of
// docs/BENCHMARKS.md, and small SVG helpers.
import { cpus, loadavg, totalmem } from 'node:os';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** `--name N` or `--name=N` (a number), else the fallback. */
export function numberFlag(name: string, fallback: number, { integer = true, min = 1 } = {}): number {
  const raw = stringFlag(name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || (integer && !Number.isInteger(value)) || value < min) {
    process.stderr.write(`--${name} must be ${integer ? 'an integer' : 'a number'} ≥ ${min}, got ${JSON.stringify(raw)}\n`);
    process.exit(2);
  }
  return value;
}

export function stringFlag(name: string): string | undefined {
  const args = process.argv.slice(2);
  const i = args.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (i < 0) return undefined;
  return args[i]!.includes('=') ? args[i]!.slice(args[i]!.indexOf('=') + 1) : args[i + 1];
}

export const booleanFlag = (name: string) => process.argv.slice(2).includes(`--${name}`);

export function logger(tag: string): (message: string) => void {
  const t0 = performance.now();
  return (message) => process.stderr.write(`[${tag} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

export const clock = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;

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

/** Busy CPU time of the whole machine in ms (Linux /proc/stat), to tell load from other processes; NaN elsewhere. */
export function machineBusyMs(): number {
  try {
    const line = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!;
    const t = line.trim().split(/\s+/).slice(1).map(Number);
    const total = t.slice(0, 8).reduce((a, b) => a + b, 0); // user nice system idle iowait irq softirq steal
    return ((total - (t[3] ?? 0) - (t[4] ?? 0)) * 1000) / 100; // USER_HZ = 100
  } catch {
    return NaN;
  }
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

/** Replaces one "## …" section of docs/BENCHMARKS.md (appends it when absent), keeping the others as they are. */
export function replaceSection(path: string, heading: string, body: string): void {
  const text = existsSync(path) ? readFileSync(path, 'utf8') : '# Benchmarks\n';
  const start = text.indexOf(heading);
  if (start < 0) {
    writeFileSync(path, text.trimEnd() + '\n\n' + body.trim() + '\n');
    return;
  }
  let next = text.indexOf('\n## ', start + heading.length);
  if (next < 0) next = text.length;
  writeFileSync(path, text.slice(0, start) + body.trim() + '\n' + text.slice(next));
}

// ---- SVG

export const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Round ticks (1, 2, 2.5, 5 × 10ⁿ) covering [0, max]. */
export function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max * 1.0001 + step * 0.999; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

export const SVG_STYLE = `<style>
  .title { font-size: 16px; font-weight: bold; fill: #222; }
  .subtitle { font-size: 13px; fill: #555; }
  .tick { font-size: 12px; fill: #555; }
  .axis { font-size: 13px; fill: #333; }
  .legend { font-size: 13px; fill: #222; }
  .grid { stroke: #e6e6e6; stroke-width: 1; }
  .frame { fill: none; stroke: #999; stroke-width: 1; }
</style>`;

export interface Series {
  label: string;
  colour: string;
  dash?: string;
  width?: number;
  points: { x: number; y: number }[];
}

/** One framed line chart with axes, grid and its series (no legend). */
export function linePanel(p: { x: number; y: number; w: number; h: number; title: string; xLabel: string; yLabel: string; xFormat: (v: number) => string; yFormat: (v: number) => string; series: Series[]; xMax?: number; yMax?: number }): string {
  const maxY = p.yMax ?? Math.max(1e-9, ...p.series.flatMap((s) => s.points.map((q) => q.y)));
  const yt = ticks(maxY);
  const top = yt[yt.length - 1]!;
  const xt = ticks(p.xMax ?? Math.max(1e-9, ...p.series.flatMap((s) => s.points.map((q) => q.x))));
  const right = xt[xt.length - 1]!;
  const sx = (v: number) => p.x + (v / right) * p.w;
  const sy = (v: number) => p.y + p.h - (Math.min(v, top) / top) * p.h;
  const out: string[] = [];
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y - 14}" text-anchor="middle" class="title">${esc(p.title)}</text>`);
  for (const v of yt) {
    out.push(`<line x1="${p.x}" x2="${p.x + p.w}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}" class="grid"/>`);
    out.push(`<text x="${p.x - 8}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${esc(p.yFormat(v))}</text>`);
  }
  for (const v of xt) {
    out.push(`<line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${p.y}" y2="${p.y + p.h}" class="grid"/>`);
    out.push(`<text x="${sx(v).toFixed(1)}" y="${p.y + p.h + 18}" text-anchor="middle" class="tick">${esc(p.xFormat(v))}</text>`);
  }
  out.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" class="frame"/>`);
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y + p.h + 40}" text-anchor="middle" class="axis">${esc(p.xLabel)}</text>`);
  out.push(`<text transform="translate(${p.x - 62} ${p.y + p.h / 2}) rotate(-90)" text-anchor="middle" class="axis">${esc(p.yLabel)}</text>`);
  for (const s of p.series) {
    const pts = s.points.map((q) => `${sx(Math.min(q.x, right)).toFixed(1)},${sy(q.y).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${pts}" fill="none" stroke="${s.colour}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} stroke-linejoin="round"/>`);
  }
  return out.join('\n');
}

export function legend(series: readonly Pick<Series, 'label' | 'colour' | 'dash' | 'width'>[], x: number, y: number, perRow: number, columnWidth: number): string {
  return series
    .map((s, i) => {
      const lx = x + (i % perRow) * columnWidth;
      const ly = y + Math.floor(i / perRow) * 24;
      return `<line x1="${lx}" x2="${lx + 34}" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>\n<text x="${lx + 42}" y="${ly}" class="legend">${esc(s.label)}</text>`;
    })
    .join('\n');
}
