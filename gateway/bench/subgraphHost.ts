// Child process of the gateway benchmark: one fresh embedded database, seeded once, and the four
// subgraphs over it on free ports of 127.0.0.1. Tells the parent the URLs and the ids to query.
import { openDatabase, seedWorld, SMALL_WORLD, startOutboxRelay, type Database } from '@retail/db';
import { createMemoryEventBus, type RunningServer } from '@retail/platform';
import { createServer as createCustomer } from '@retail/subgraph-customer';
import { createServer as createProduct } from '@retail/subgraph-product';
import { createServer as createInventory } from '@retail/subgraph-inventory';
import { createServer as createOffers } from '@retail/subgraph-offers';
import { reportFailure, serveParent } from './ipc.ts';

/** The small synthetic world, as `npm start` seeds it. */
async function seed(db: Database): Promise<{ seeder: string; world: Record<string, unknown> }> {
  const report = await seedWorld(db, SMALL_WORLD);
  return { seeder: 'seedWorld(db, SMALL_WORLD) from @retail/db', world: report as unknown as Record<string, unknown> };
}

async function count(db: Database, table: string): Promise<number> {
  const [row] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${table}"`);
  return row?.n ?? 0;
}

try {
  const started = Date.now();
  const db = await openDatabase({ dataDir: 'memory://' });
  const migratedMs = Date.now() - started;
  const { seeder, world } = await seed(db);
  const seedMs = Date.now() - started - migratedMs;
  const bus = createMemoryEventBus();
  // As in launcher/src/startStack.ts: one outbox relay for the process, woken by the customer subgraph's writes.
  const outbox = startOutboxRelay(db, bus, { onError: (error) => console.error('outbox relay failed:', error) });
  const servers: RunningServer[] = [];
  const urls: Record<string, string> = {};
  // Every subgraph gets the same dependencies (db, bus, outbox), each taking what its createServer
  // needs, as launcher/src/startStack.ts wires them; the bench keeps working while those evolve.
  const deps = { db, bus, outbox } as never;
  const factories = {
    customer: () => createCustomer(deps),
    product: () => createProduct(deps),
    inventory: () => createInventory(deps),
    offers: () => createOffers(deps),
  };
  for (const [name, factory] of Object.entries(factories)) {
    const server = await factory().listen(0, '127.0.0.1');
    servers.push(server);
    urls[name] = server.url;
  }
  // The customers with an order history (the three-subgraph query has nothing to join for the
  // others), in a fixed shuffled order, so consecutive requests hit different rows.
  const customerIds = (
    await db.sql.query<{ id: string }>(
      `SELECT DISTINCT o."customerId" AS id, md5(o."customerId") AS h FROM "Order" o JOIN "OrderLine" l ON l."orderId" = o.id ORDER BY h`,
    )
  ).map((r) => r.id);
  const productIds = (await db.sql.query<{ id: string }>(`SELECT id FROM "Product" ORDER BY md5(id)`)).map((r) => r.id);
  const tables: Record<string, number> = {};
  for (const table of ['Customer', 'Product', 'Location', 'StockLevel', 'Order', 'OrderLine', 'Interaction', 'Promotion']) tables[table] = await count(db, table);
  const [orderStats] = await db.sql.query<{ withOrders: number; avgLines: number }>(
    `SELECT (SELECT count(DISTINCT "customerId") FROM "Order")::int AS "withOrders",
            (SELECT count(*)::float8 / greatest(count(DISTINCT "orderId"), 1) FROM "OrderLine") AS "avgLines"`,
  );
  serveParent(async () => {
    for (const server of servers) await server.stop();
    await outbox.stop();
    await bus.close();
    await db.close();
  });
  process.send!({ type: 'ready', urls, customerIds, productIds, seeder, world, tables, orderStats, migratedMs, seedMs });
} catch (error) {
  await reportFailure(error);
}
