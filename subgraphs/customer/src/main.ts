// Boot file: runs the customer subgraph as its own process against Postgres, announcing recorded
// interactions on Redis Streams when REDIS_URL is set (in-process bus otherwise).
import { openDatabase } from '@retail/db';
import { createLogger, openEventBus, parseSubgraphEnv, stopOnSignal } from '@retail/platform';
import { createServer } from './createServer.ts';

const env = parseSubgraphEnv(4001);
const log = createLogger('customer', env.LOG_LEVEL);
const db = await openDatabase({ url: env.DATABASE_URL });
const bus = await openEventBus(env.REDIS_URL, log);
const running = await createServer({ db, bus, log }).listen(env.PORT, env.HOST);
log.info('customer subgraph listening', { url: running.url, bus: bus.kind });
stopOnSignal(async () => {
  await running.stop();
  await bus.close();
  await db.close();
}, log);
