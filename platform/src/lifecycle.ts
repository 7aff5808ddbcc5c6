// Graceful shutdown for a boot file: on the first SIGINT/SIGTERM run the cleanup once (stop
// accepting requests, flush, close connections), then exit; a second Ctrl-C exits at once.
// A terminal's Ctrl-C reaches every process of the foreground group, and launchers such as npm or
// tsx forward it too, so one keypress can arrive twice within milliseconds: signals within
// DUPLICATE_WINDOW_MS of the first count as the same one.
import type { Logger } from './log.ts';

const DUPLICATE_WINDOW_MS = 1_000;

export function stopOnSignal(cleanup: () => Promise<void>, log: Logger): void {
  const stop = (signal: string) => {
    log.info('shutting down (a second Ctrl-C exits at once)', { signal });
    const first = Date.now();
    for (const s of ['SIGINT', 'SIGTERM'] as const) {
      process.on(s, () => {
        if (Date.now() - first > DUPLICATE_WINDOW_MS) process.exit(130);
      });
    }
    cleanup()
      .then(() => {
        log.info('stopped cleanly');
        process.exit(0);
      })
      .catch((error) => {
        log.error('shutdown failed', { error: String(error) });
        process.exit(1);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
