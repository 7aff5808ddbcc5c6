// Boot of a subgraph running as its own process: validated env, Postgres, the event bus (Redis
// Streams when REDIS_URL is set), the outbox relay, the server, and a clean stop on SIGTERM/SIGINT.
// A bad or unreachable configuration says what to fix and exits non-zero (bootOrExit).
import { startOutboxRelay, type Database, type OutboxRelay } from '@retail/db';
import { ConfigError } from './config.ts';
import type { EventBus } from './eventBus.ts';
import { stopOnSignal } from './lifecycle.ts';
import { createLogger, type Logger } from './log.ts';
import { openDataServices } from './openDataServices.ts';
import { bootOrExit, listenOnConfiguredPort } from './startupErrors.ts';
import { parseSubgraphEnv } from './subgraphEnv.ts';
import type { SubgraphServer } from './subgraphServer.ts';

export interface SubgraphProcessDeps<E = undefined> {
  db: Database;
  bus: EventBus;
  outbox: OutboxRelay;
  log: Logger;
  /** The subgraph's own variables, from parseEnv. */
  env: E;
}

/**
 * `parseEnv` reads the subgraph's own variables (offers: the other subgraphs' URLs); its problems
 * are reported with the common ones, before anything connects.
 */
export async function runSubgraphProcess<E = undefined>(name: string, defaultPort: number, build: (deps: SubgraphProcessDeps<E>) => SubgraphServer, parseEnv?: () => E): Promise<void> {
  const started = await bootOrExit(name, async () => {
    const [common, own] = [attempt(() => parseSubgraphEnv(defaultPort)), attempt(() => parseEnv?.() as E)];
    const problems = [common, own].flatMap((r) => (r.error ? r.error.problems : []));
    if (problems.length) throw new ConfigError(problems);
    const env = common.value!;
    const log = createLogger(name, env.LOG_LEVEL);
    const { db, bus } = await openDataServices({ databaseUrl: env.DATABASE_URL, redisUrl: env.REDIS_URL, streamPrefix: env.EVENT_STREAM_PREFIX, log });
    const outbox = startOutboxRelay(db, bus, { onError: (error) => log.warn('outbox relay failed; will retry', { error: String(error) }) });
    try {
      const running = await listenOnConfiguredPort(build({ db, bus, outbox, log, env: own.value as E }), env.PORT, env.HOST, 'PORT');
      log.info(`${name} subgraph listening`, { url: running.url, bus: bus.kind });
      return { env, log, db, bus, outbox, running };
    } catch (error) {
      await outbox.stop();
      await bus.close();
      await db.close();
      throw error;
    }
  });
  const { env, log, db, bus, outbox, running } = started;
  stopOnSignal(
    async (step) => {
      await running.stop(step);
      await step('outbox relay', () => outbox.stop());
      await step('event bus', () => bus.close());
      await step('database', () => db.close());
    },
    log,
    { timeoutMs: env.SHUTDOWN_TIMEOUT_MS },
  );
}

function attempt<T>(parse: () => T): { value?: T; error?: ConfigError } {
  try {
    return { value: parse() };
  } catch (error) {
    if (error instanceof ConfigError) return { error };
    throw error;
  }
}
