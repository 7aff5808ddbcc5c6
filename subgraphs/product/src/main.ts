// Boot file: runs the product subgraph as its own process against Postgres.
import { openDatabase } from '@retail/db';
import { createLogger, parseSubgraphEnv, stopOnSignal } from '@retail/platform';
import { createServer } from './createServer.ts';

const env = parseSubgraphEnv(4002);
const log = createLogger('product', env.LOG_LEVEL);
const db = await openDatabase({ url: env.DATABASE_URL });
const running = await createServer({ db }).listen(env.PORT, env.HOST);
log.info('product subgraph listening', { url: running.url });
stopOnSignal(async () => {
  await running.stop();
  await db.close();
}, log);
