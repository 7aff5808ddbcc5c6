// npm start: the whole product in one process. With no configuration it keeps its data in
// ./.data (embedded Postgres), creating, migrating and seeding it on first start. A bad or
// unreachable DATABASE_URL / REDIS_URL says what to fix and exits non-zero; SIGTERM/SIGINT stop it
// cleanly within SHUTDOWN_TIMEOUT_MS.
import { bootOrExit, createLogger, stopOnSignal } from '@retail/platform';
import { seedIfEmpty, SMALL_WORLD } from '@retail/db';
import { parseLauncherEnv } from './config.ts';
import { startStack } from './startStack.ts';

const started = Date.now();
const { env, log, stack } = await bootOrExit('npm start', async () => {
  const env = parseLauncherEnv();
  const log = createLogger('launcher', env.LOG_LEVEL);
  const stack = await startStack({
    databaseUrl: env.DATABASE_URL,
    dataDir: env.DATA_DIR,
    redisUrl: env.REDIS_URL,
    eventStreamPrefix: env.EVENT_STREAM_PREFIX,
    host: env.HOST,
    gatewayPort: env.PORT,
    subgraphPorts: { customer: env.CUSTOMER_PORT, product: env.PRODUCT_PORT, inventory: env.INVENTORY_PORT, offers: env.OFFERS_PORT },
    planner: env.QUERY_PLANNER,
    offersPolicy: { mode: env.OFFERS_POLICY_MODE },
    log,
    async prepare(db) {
      if (db.migration.applied.length) log.info('migrations applied', { migrations: db.migration.applied });
      if (!env.SEED_ON_EMPTY) return;
      const seeded = await seedIfEmpty(db, SMALL_WORLD);
      if (seeded) log.info('seeded an empty database with the small synthetic world', { ...seeded });
    },
  });
  return { env, log, stack };
});
const where = env.DATABASE_URL ? 'Postgres' : `embedded Postgres in ${env.DATA_DIR}`;
console.log(`\nRetail personalization graph ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  GraphQL:   ${stack.gateway.url.replace('127.0.0.1', 'localhost')}`);
console.log(`  data:      ${where}; events: ${stack.bus.kind === 'redis' ? 'Redis Streams' : 'in-process bus'}`);
console.log(`  subgraphs: ${Object.entries(stack.subgraphs).map(([n, s]) => `${n} ${s.url}`).join(', ')}`);
console.log('Press Ctrl-C to stop.\n');
stopOnSignal((step) => stack.stop(step), log, { timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
