// npm start: the whole product in one process. With no configuration it keeps its data in
// ./.data (embedded Postgres), creating, migrating and seeding it on first start.
import { createLogger, ConfigError, stopOnSignal } from '@retail/platform';
import { seedIfEmpty, SMALL_WORLD } from '@retail/db';
import { parseLauncherEnv } from './config.ts';
import { startStack } from './startStack.ts';

let env: ReturnType<typeof parseLauncherEnv>;
try {
  env = parseLauncherEnv();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(2);
}
const log = createLogger('launcher', env.LOG_LEVEL);
const started = Date.now();
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
const where = env.DATABASE_URL ? 'Postgres' : `embedded Postgres in ${env.DATA_DIR}`;
console.log(`\nRetail personalization graph ready in ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`  GraphQL:   ${stack.gateway.url.replace('127.0.0.1', 'localhost')}`);
console.log(`  data:      ${where}; events: ${stack.bus.kind === 'redis' ? 'Redis Streams' : 'in-process bus'}`);
console.log(`  subgraphs: ${Object.entries(stack.subgraphs).map(([n, s]) => `${n} ${s.url}`).join(', ')}`);
console.log('Press Ctrl-C to stop.\n');
stopOnSignal(() => stack.stop(), log);
