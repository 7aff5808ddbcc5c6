// Opens what a process keeps its data in and talks over: the database (Postgres at DATABASE_URL
// or the embedded one) and the event bus (Redis at REDIS_URL or in-process), both at once, each
// within a deadline. When either cannot be opened it closes the other and throws one StartupError
// naming every variable to fix.
import { openDatabase, type Database } from '@retail/db';
import type { EventBus } from './eventBus.ts';
import type { Logger } from './log.ts';
import { openEventBus } from './openEventBus.ts';
import { databaseProblem, redisProblem, StartupError, type StartupProblem } from './startupErrors.ts';

/** How long opening Postgres may take before the start gives up (pg itself would wait forever on a silent host). */
const DATABASE_OPEN_TIMEOUT_MS = 10_000;

export interface DataServicesOptions {
  /** An already open database: only the bus is opened. */
  db?: Database;
  databaseUrl?: string;
  /** The embedded database's directory, when no databaseUrl. */
  dataDir?: string;
  redisUrl?: string;
  streamPrefix?: string;
  log?: Logger;
}

export async function openDataServices(options: DataServicesOptions): Promise<{ db: Database; bus: EventBus }> {
  const opening = options.db ? Promise.resolve(options.db) : openDatabaseWithin(options);
  const closeIfOpened = () => (options.db ? undefined : opening.then((db) => db.close()).catch(() => undefined));
  // The embedded database cannot be misconfigured by a URL: a bad REDIS_URL need not wait for it to open.
  const bus = openEventBus(options.redisUrl, options.log, options.streamPrefix);
  if (!options.databaseUrl) {
    const opened = await bus.catch((error) => {
      void closeIfOpened();
      throw new StartupError([redisProblem(options.redisUrl!, error)]);
    });
    return { db: await opening.catch(async (error) => { await opened.close(); throw error; }), bus: opened };
  }
  const [db, busResult] = await Promise.allSettled([opening, bus]);
  const problems: StartupProblem[] = [];
  if (db.status === 'rejected') problems.push(databaseProblem(options.databaseUrl, db.reason));
  if (busResult.status === 'rejected') problems.push(redisProblem(options.redisUrl!, busResult.reason));
  if (problems.length === 0) return { db: (db as PromiseFulfilledResult<Database>).value, bus: (busResult as PromiseFulfilledResult<EventBus>).value };
  await closeIfOpened();
  if (busResult.status === 'fulfilled') await busResult.value.close().catch(() => undefined);
  throw new StartupError(problems);
}

function openDatabaseWithin(options: DataServicesOptions): Promise<Database> {
  const opening = openDatabase({ url: options.databaseUrl, dataDir: options.databaseUrl ? undefined : options.dataDir });
  if (!options.databaseUrl) return opening;
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      // If it opens after all, close it: the caller has given up on it.
      void opening.then((late) => late.close()).catch(() => undefined);
      reject(Object.assign(new Error(`no answer from Postgres within ${DATABASE_OPEN_TIMEOUT_MS / 1000} s`), { code: 'STARTUP_TIMEOUT' }));
    }, DATABASE_OPEN_TIMEOUT_MS);
    opening.then(
      (db) => {
        clearTimeout(timer);
        resolve(db);
      },
      (error) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
}
