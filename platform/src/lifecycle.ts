// Graceful shutdown for a boot file: on the first SIGINT/SIGTERM run the cleanup once (stop
// accepting requests, flush, close connections), then exit; a second signal exits at once.
import type { Logger } from './log.ts';

export function stopOnSignal(cleanup: () => Promise<void>, log: Logger): void {
  const stop = (signal: string) => {
    log.info('shutting down (a second Ctrl-C exits at once)', { signal });
    for (const s of ['SIGINT', 'SIGTERM'] as const) process.once(s, () => process.exit(130));
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
