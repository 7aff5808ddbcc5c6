// Boot file: runs the inventory subgraph as its own process against Postgres, publishing stock
// changes on Redis Streams when REDIS_URL is set (in-process bus otherwise).
import { openDatabase } from '@retail/db';
import { createLogger, openEventBus, parseSubgraphEnv, stopOnSignal } from '@retail/platform';
import { createServer } from './createServer.ts';

const env = parseSubgraphEnv(4003);
const log = createLogger('inventory', env.LOG_LEVEL);
const db = await openDatabase({ url: env.DATABASE_URL });
const bus = await openEventBus(env.REDIS_URL, log, env.EVENT_STREAM_PREFIX);
const running = await createServer({ db, bus, log }).listen(env.PORT, env.HOST);
log.info('inventory subgraph listening', { url: running.url, bus: bus.kind });
stopOnSignal(async () => {
  await running.stop();
  await bus.close();
  await db.close();
}, log);
