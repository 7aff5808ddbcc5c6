// What the long benches print on stderr while they run: tagged log lines, and a progress bar that
// is redrawn in place on a terminal and written as a line per 10 % otherwise (CI logs, pipes).

/** 125_000 → "2m05s". */
export const clock = (ms: number) => `${Math.floor(ms / 60_000)}m${String(Math.floor((ms % 60_000) / 1000)).padStart(2, '0')}s`;

/** `[tag  12.3s] message` lines, seconds since this call; `timed: false` gives `[tag] message`. */
export function logger(tag: string, { timed = true } = {}): (message: string) => void {
  const t0 = performance.now();
  if (!timed) return (message) => process.stderr.write(`[${tag}] ${message}\n`);
  return (message) => process.stderr.write(`[${tag} ${((performance.now() - t0) / 1000).toFixed(1).padStart(6)}s] ${message}\n`);
}

/** A bar of `width` cells, `share` (0–1) of them filled. */
export function meter(share: number, width: number): string {
  const filled = Math.round(share * width);
  return `${'█'.repeat(filled)}${'░'.repeat(width - filled)}`;
}

/**
 * `(done, total)` → `[tag] label [███░░…] 40% 4,000/10,000 unit, 0m12s elapsed, ETA 0m18s` and then
 * `detail()`, if given. Time counts from this call.
 */
export function progressBar(tag: string, unit: string, { label, detail }: { label?: string; detail?: () => string } = {}): (done: number, total: number) => void {
  const start = performance.now();
  let lastDraw = 0;
  let lastDecile = 0;
  return (done, total) => {
    const now = performance.now();
    const tty = process.stderr.isTTY;
    const decile = Math.floor((10 * done) / total);
    if (done === 0 || (tty ? now - lastDraw < 200 && done < total : decile === lastDecile)) return;
    lastDraw = now;
    lastDecile = decile;
    const share = done / total;
    const elapsed = now - start;
    const eta = (elapsed / done) * (total - done);
    const line = `[${tag}] ${label ? `${label} ` : ''}[${meter(share, 30)}] ${(100 * share).toFixed(0).padStart(3)}% ${done.toLocaleString('en-US')}/${total.toLocaleString('en-US')} ${unit}, ${clock(elapsed)} elapsed, ETA ${clock(eta)}${detail?.() ?? ''}`;
    process.stderr.write(tty ? `\r${line}${done === total ? '\n' : ''}` : `${line}\n`);
  };
}
