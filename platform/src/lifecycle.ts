// Graceful shutdown for a boot file: on SIGINT/SIGTERM run the cleanup once (stop accepting
// requests, flush, close connections), then exit; a second signal exits at once.
import type { Logger } from './log.ts';

export function stopOnSignal(cleanup: () => Promise<void>, log: Logger): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) process.exit(130);
    stopping = true;
    log.info('shutting down', { signal });
    cleanup()
      .then(() => process.exit(0))
      .catch((error) => {
        log.error('shutdown failed', { error: String(error) });
        process.exit(1);
      });
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
}
