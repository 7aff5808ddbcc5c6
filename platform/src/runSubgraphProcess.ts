// Boot of a subgraph running as its own process: validated env, Postgres, the event bus (Redis
// Streams when REDIS_URL is set), the outbox relay, the server, and a clean stop on Ctrl-C/SIGTERM.
import { openDatabase, startOutboxRelay, type Database, type OutboxRelay } from '@retail/db';
import { createLogger, type Logger } from './log.ts';
import { openEventBus } from './openEventBus.ts';
import type { EventBus } from './eventBus.ts';
import { stopOnSignal } from './lifecycle.ts';
import { parseSubgraphEnv } from './subgraphEnv.ts';
import type { SubgraphServer } from './subgraphServer.ts';

export interface SubgraphProcessDeps {
  db: Database;
  bus: EventBus;
  outbox: OutboxRelay;
  log: Logger;
}

export async function runSubgraphProcess(name: string, defaultPort: number, build: (deps: SubgraphProcessDeps) => SubgraphServer): Promise<void> {
  const env = parseSubgraphEnv(defaultPort);
  const log = createLogger(name, env.LOG_LEVEL);
  const db = await openDatabase({ url: env.DATABASE_URL });
  const bus = await openEventBus(env.REDIS_URL, log, env.EVENT_STREAM_PREFIX);
  const outbox = startOutboxRelay(db, bus, { onError: (error) => log.warn('outbox relay failed; will retry', { error: String(error) }) });
  const running = await build({ db, bus, outbox, log }).listen(env.PORT, env.HOST);
  log.info(`${name} subgraph listening`, { url: running.url, bus: bus.kind });
  stopOnSignal(async () => {
    await running.stop();
    await outbox.stop();
    await bus.close();
    await db.close();
  }, log);
}
