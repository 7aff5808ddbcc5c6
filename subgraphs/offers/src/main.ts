// Boot file: runs the offers subgraph as its own process against Postgres.
import { openDatabase } from '@retail/db';
import { createLogger, openEventBus, parseSubgraphEnv, stopOnSignal } from '@retail/platform';
import { createServer } from './createServer.ts';

const env = parseSubgraphEnv(4004);
const log = createLogger('offers', env.LOG_LEVEL);
const db = await openDatabase({ url: env.DATABASE_URL });
const bus = await openEventBus(env.REDIS_URL, log, env.EVENT_STREAM_PREFIX);
const running = await createServer({ db, bus }).listen(env.PORT, env.HOST);
log.info('offers subgraph listening', { url: running.url, bus: bus.kind });
stopOnSignal(async () => {
  await running.stop();
  await bus.close();
  await db.close();
}, log);
