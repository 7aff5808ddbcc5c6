// Graceful shutdown for a boot file: on the first SIGINT/SIGTERM run the cleanup once (stop
// accepting requests, finish those in flight, stop background work, flush, close connections),
// then exit 0. Past the deadline it logs the steps still pending and exits 1, so a supervisor never
// waits on a hung stop; a second signal exits at once (130).
// A terminal's Ctrl-C reaches every process of the foreground group, and npm forwards it too, so
// one keypress can arrive twice within milliseconds: signals within DUPLICATE_WINDOW_MS of the
// first count as the same one.
import type { Logger } from './log.ts';

const DUPLICATE_WINDOW_MS = 1_000;
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Runs one named part of a shutdown; the names still running are what the deadline reports. */
export type ShutdownStep = <T>(name: string, fn: () => Promise<T>) => Promise<T>;

/** A step runner that records nothing, for callers outside a signal-driven shutdown (tests). */
export const untracked: ShutdownStep = (_name, fn) => fn();

/** A stop() safe to call more than once: the first call runs fn; later calls get the same promise (a second stop waits for the first). */
export function runOnce<A extends unknown[]>(fn: (...args: A) => Promise<void>): (...args: A) => Promise<void> {
  let running: Promise<void> | null = null;
  return (...args) => (running ??= fn(...args));
}

export interface StopOnSignalOptions {
  timeoutMs?: number;
}

export function stopOnSignal(cleanup: (step: ShutdownStep) => Promise<void>, log: Logger, options: StopOnSignalOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let first = 0;
  const pending = new Set<string>();
  const step: ShutdownStep = async (name, fn) => {
    pending.add(name);
    try {
      return await fn();
    } finally {
      pending.delete(name);
    }
  };

  const onSignal = (signal: NodeJS.Signals) => {
    if (first) {
      if (Date.now() - first <= DUPLICATE_WINDOW_MS) return;
      log.warn('second signal: exiting without finishing the shutdown', { signal, pending: [...pending] });
      process.exit(130);
    }
    first = Date.now();
    log.info('shutting down (a second signal exits at once)', { signal, timeoutMs });
    const deadline = setTimeout(() => {
      log.error('shutdown did not finish in time; exiting', { timeoutMs, pending: [...pending] });
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    cleanup(step)
      .then(() => {
        log.info('stopped cleanly', { ms: Date.now() - first });
        process.exit(0);
      })
      .catch((error) => {
        log.error('shutdown failed', { error: String(error), pending: [...pending] });
        process.exit(1);
      });
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}
