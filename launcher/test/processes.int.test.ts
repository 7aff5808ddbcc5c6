// Each part as its own process on real Postgres and Redis, as in production: four subgraph
// processes and a gateway process, queried over real HTTP.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRedisEventBus, Topics, type BusEvent, type EventBus } from '@retail/platform';
import { openScratchPostgres, type ScratchDatabase } from '@retail/test-support/database';
import { gql } from '@retail/test-support/graphql';
import { freePort, waitForGraphQL } from '@retail/test-support/processes';

const root = join(import.meta.dirname, '..', '..');
const tsx = join(root, 'node_modules', '.bin', 'tsx');

const waitFor = waitForGraphQL;

let db: ScratchDatabase;
let bus: EventBus;
const children: ChildProcess[] = [];
let gatewayUrl: string;
const prefix = `it-${Date.now()}:`;

function start(entry: string, env: Record<string, string>) {
  const child = spawn(tsx, [join(root, entry)], { env: { ...process.env, ...env, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] });
  children.push(child);
  return child;
}

beforeAll(async () => {
  db = await openScratchPostgres();
  await db.prisma.customer.create({ data: { id: 'cus_it', email: 'it@example.com', firstName: 'Ida', lastName: 'Test', loyaltyTier: 'GOLD', segments: ['family'] } });
  await db.prisma.category.create({ data: { id: 'cat_it', name: 'Tea', slug: 'tea', priceLow: 1, priceHigh: 20 } });
  await db.prisma.brand.create({ data: { id: 'brd_it', name: 'Leafy' } });
  await db.prisma.product.create({ data: { id: 'prd_it', sku: 'TEA-1', name: 'Green tea', categoryId: 'cat_it', brandId: 'brd_it', price: 5, unitCost: 2 } });
  await db.prisma.location.create({ data: { id: 'loc_it', code: 'S1', name: 'Store 1', type: 'STORE', city: 'Lyon', region: 'South', lat: 45.7, lon: 4.8 } });
  await db.prisma.stockLevel.create({ data: { productId: 'prd_it', locationId: 'loc_it', onHand: 12, reserved: 2, safetyStock: 1 } });
  await db.prisma.order.create({ data: { id: 'ord_it', customerId: 'cus_it', channel: 'WEB', total: 10, lines: { create: [{ productId: 'prd_it', quantity: 2, unitPrice: 5 }] } } });

  bus = await createRedisEventBus({ url: process.env.REDIS_URL!, prefix, blockMs: 100 });
  const common = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, HOST: '127.0.0.1', EVENT_STREAM_PREFIX: prefix };
  const ports = { customer: await freePort(), product: await freePort(), inventory: await freePort(), offers: await freePort(), gateway: await freePort() };
  for (const name of ['customer', 'product', 'inventory', 'offers'] as const) start(`subgraphs/${name}/src/main.ts`, { ...common, PORT: String(ports[name]) });
  for (const name of ['customer', 'product', 'inventory', 'offers'] as const) await waitFor(`http://127.0.0.1:${ports[name]}/graphql`);
  start('gateway/src/main.ts', {
    PORT: String(ports.gateway),
    HOST: '127.0.0.1',
    CUSTOMER_URL: `http://127.0.0.1:${ports.customer}/graphql`,
    PRODUCT_URL: `http://127.0.0.1:${ports.product}/graphql`,
    INVENTORY_URL: `http://127.0.0.1:${ports.inventory}/graphql`,
    OFFERS_URL: `http://127.0.0.1:${ports.offers}/graphql`,
  });
  gatewayUrl = `http://127.0.0.1:${ports.gateway}/graphql`;
  await waitFor(gatewayUrl);
}, 180_000);

afterAll(async () => {
  for (const child of children) child.kill('SIGTERM');
  await Promise.all(children.map((c) => new Promise((r) => (c.exitCode !== null ? r(null) : c.once('exit', r)))));
  await bus?.close();
  await db?.close();
});

describe('one process per part, on Postgres and Redis', () => {
  it('answers a query across three subgraphs through the gateway', async () => {
    const r = await gql(gatewayUrl, '{ customer(id: "cus_it") { displayName orders { edges { node { lines { quantity product { name availability { available } } } } } } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.customer.displayName).toBe('Ida Test');
    expect(r.data!.customer.orders.edges[0].node.lines[0]).toEqual({ quantity: 2, product: { name: 'Green tea', availability: { available: 9 } } });
  });

  it('publishes a recorded interaction on the Redis stream, where another process receives it', async () => {
    const received: BusEvent<{ customerId: string; idempotencyKey?: string }>[] = [];
    await bus.subscribe<{ customerId: string }>(Topics.interactions, (e) => void received.push(e as never), { fromStart: true });
    const r = await gql(gatewayUrl, 'mutation { recordInteraction(input: { customerId: "cus_it", type: VIEW, channel: WEB, device: DESKTOP, productId: "prd_it", idempotencyKey: "it-1" }) { id } }');
    expect(r.errors).toBeUndefined();
    const deadline = Date.now() + 10_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 50));
    expect(received.map((e) => e.payload.customerId)).toEqual(['cus_it']);
    expect(await db.prisma.interaction.count({ where: { customerId: 'cus_it' } })).toBe(1);
  });

  it('refuses a sale that would take stock below zero, and changes nothing', async () => {
    const r = await gql(gatewayUrl, 'mutation { adjustStock(productId: "prd_it", locationId: "loc_it", delta: -13, reason: SALE) { id } }');
    expect(r.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const level = await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: 'prd_it', locationId: 'loc_it' } } });
    expect(level.onHand).toBe(12);
    expect(await db.prisma.stockAdjustment.count()).toBe(0);
  });
});
