// The whole graph in one process, queried through the running gateway over real HTTP.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@retail/db';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { leastQueries } from '@retail/test-support/queryCount';
import { startStack, type RunningStack } from '../src/index.ts';

let db: Database;
let stack: RunningStack;

const CUSTOMERS = 50;
const PRODUCTS = 30;
const pad = (n: number) => String(n).padStart(3, '0');

async function seedFixtures(database: Database) {
  await database.prisma.category.createMany({
    data: [
      { id: 'cat_food', name: 'Food', slug: 'food', priceLow: 1, priceHigh: 50 },
      { id: 'cat_tea', name: 'Tea', slug: 'tea', parentId: 'cat_food', priceLow: 1, priceHigh: 20 },
    ],
  });
  await database.prisma.brand.createMany({ data: [{ id: 'brd_leafy', name: 'Leafy' }, { id: 'brd_other', name: 'Other' }] });
  await database.prisma.product.createMany({
    data: Array.from({ length: PRODUCTS }, (_, i) => ({
      id: `prd_${pad(i)}`, sku: `SKU-${pad(i)}`, name: `Product ${pad(i)}`, categoryId: i % 2 ? 'cat_tea' : 'cat_food', brandId: i % 3 ? 'brd_other' : 'brd_leafy', price: 5 + i, unitCost: 2 + i / 2,
    })),
  });
  await database.prisma.location.createMany({
    data: [
      { id: 'loc_s1', code: 'S1', name: 'Store 1', type: 'STORE', city: 'Lyon', region: 'South', lat: 45.7, lon: 4.8 },
      { id: 'loc_w1', code: 'W1', name: 'Warehouse', type: 'WAREHOUSE', city: 'Paris', region: 'North', lat: 48.8, lon: 2.3 },
    ],
  });
  await database.prisma.stockLevel.createMany({
    data: Array.from({ length: PRODUCTS }, (_, i) => [
      { productId: `prd_${pad(i)}`, locationId: 'loc_w1', onHand: 100 + i, reserved: 10, safetyStock: 5 },
      { productId: `prd_${pad(i)}`, locationId: 'loc_s1', onHand: i, reserved: 0, safetyStock: 1 },
    ]).flat(),
  });
  await database.prisma.customer.createMany({
    data: Array.from({ length: CUSTOMERS }, (_, i) => ({
      id: `cus_${pad(i)}`, email: `c${i}@example.com`, firstName: 'Cust', lastName: pad(i), loyaltyTier: i % 2 ? 'GOLD' : 'NONE', segments: i % 5 ? [] : ['tea-lover'],
      createdAt: new Date(Date.UTC(2026, 0, 1) + i * 60_000),
    })),
  });
  for (let i = 0; i < CUSTOMERS; i++) {
    for (let o = 0; o < 2; o++) {
      await database.prisma.order.create({
        data: {
          id: `ord_${pad(i)}_${o}`, customerId: `cus_${pad(i)}`, channel: 'WEB', total: 30, placedAt: new Date(Date.UTC(2026, 5, 1 + o, 10)),
          lines: { create: [0, 1, 2].map((l) => ({ productId: `prd_${pad((i + o * 3 + l) % PRODUCTS)}`, quantity: l + 1, unitPrice: 10 })) },
        },
      });
    }
  }
  const now = Date.now();
  await database.prisma.promotion.createMany({
    data: [
      { id: 'promo_tea_gold', name: 'Tea for gold members', type: 'PERCENT_OFF', depth: 0.1, categoryId: 'cat_tea', eligibleTiers: ['GOLD'], channels: ['WEB', 'APP'], startsAt: new Date(now - 86_400_000), endsAt: new Date(now + 86_400_000), status: 'APPROVED' },
      { id: 'promo_pending', name: 'Not approved yet', type: 'PERCENT_OFF', depth: 0.5, channels: ['WEB'], startsAt: new Date(now - 86_400_000), endsAt: new Date(now + 86_400_000), status: 'PENDING_APPROVAL' },
    ],
  });
}

beforeAll(async () => {
  db = await openTestDatabase();
  await seedFixtures(db);
  stack = await startStack({ db });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await db?.close();
});

const THREE_SUBGRAPHS = `query($first: Int!) { customers(first: $first) { edges { node { id
  orders(first: 5) { edges { node { id lines { quantity product { id name availability { available } } } } } } } } } }`;

describe('the federated graph', () => {
  it('joins customer → orders → product → availability across three subgraphs', async () => {
    const r = await gql(stack.gateway.url, `{ customer(id: "cus_003") { displayName loyaltyTier orders { edges { node { id placedAt
      lines { quantity product { name price category { name path } availability { available byLocation { location { code } available } } } } } } } } }`);
    expect(r.errors).toBeUndefined();
    const orders = r.data!.customer.orders.edges.map((e: any) => e.node);
    expect(orders.map((o: any) => o.id)).toEqual(['ord_003_1', 'ord_003_0']); // most recent first
    const line = orders[1].lines[0];
    expect(line.product.name).toBe('Product 003');
    expect(line.product.category).toEqual({ name: 'Tea', path: ['cat_food', 'cat_tea'] });
    // warehouse: 103 - 10 - 5 = 88; store: max(0, 3 - 0 - 1) = 2
    expect(line.product.availability.available).toBe(90);
    expect(line.product.availability.byLocation).toEqual([
      { location: { code: 'S1' }, available: 2 },
      { location: { code: 'W1' }, available: 88 },
    ]);
  });

  it('resolves 50 customers with their orders, products and stock in as few database round-trips as 5', async () => {
    const request = async (first: number) => {
      const r = await gql(stack.gateway.url, THREE_SUBGRAPHS, { first });
      expect(r.errors).toBeUndefined();
      expect(r.data!.customers.edges).toHaveLength(first);
      const lines = r.data!.customers.edges.flatMap((e: any) => e.node.orders.edges.flatMap((o: any) => o.node.lines));
      expect(lines).toHaveLength(first * 2 * 3);
      expect(lines.every((l: any) => typeof l.product.name === 'string' && l.product.availability.available > 0)).toBe(true);
    };
    const roundTrips = (first: number) => leastQueries(db, () => request(first));
    const five = await roundTrips(5);
    const fifty = await roundTrips(50);
    expect(fifty).toBe(five);
    expect(fifty).toBeLessThanOrEqual(8);
  });

  it('evaluates promotion eligibility with fields required from other subgraphs', async () => {
    const r = await gql(stack.gateway.url, `{ gold: customer(id: "cus_001") { eligiblePromotions(channel: WEB) { id } }
      none: customer(id: "cus_002") { eligiblePromotions(channel: WEB) { id } }
      tea: product(id: "prd_001") { activePromotions(channel: APP) { id isActive } }
      food: product(id: "prd_000") { activePromotions { id } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({
      gold: { eligiblePromotions: [{ id: 'promo_tea_gold' }] },
      none: { eligiblePromotions: [] },
      tea: { activePromotions: [{ id: 'promo_tea_gold', isActive: true }] },
      food: { activePromotions: [] },
    });
  });

  it('passes each subgraph’s input errors through with their code, and stores nothing', async () => {
    const interactions = await db.prisma.interaction.count();
    const bad = await gql(stack.gateway.url, 'mutation { recordInteraction(input: { customerId: "cus_001", type: REVIEW, channel: WEB, device: DESKTOP, productId: "prd_001", rating: 9 }) { id } }');
    expect(errorCode(bad)).toBe('BAD_USER_INPUT');
    const unknown = await gql(stack.gateway.url, 'mutation { recordInteraction(input: { customerId: "nobody", type: VIEW, channel: WEB, device: DESKTOP, productId: "prd_001" }) { id } }');
    expect(errorCode(unknown)).toBe('NOT_FOUND');
    expect(await db.prisma.interaction.count()).toBe(interactions);
    const oversell = await gql(stack.gateway.url, 'mutation { adjustStock(productId: "prd_002", locationId: "loc_s1", delta: -3, reason: SALE) { id } }');
    expect(errorCode(oversell)).toBe('BAD_USER_INPUT');
    expect(oversell.errors![0]!.extensions!.available).toBe(2);
    expect(await db.prisma.stockAdjustment.count()).toBe(0);
  });

  it('records an interaction through the gateway and relays its event on the bus', async () => {
    const received: unknown[] = [];
    await stack.bus.subscribe('interactions', (e) => void received.push(e.payload));
    const r = await gql(stack.gateway.url, 'mutation { recordInteraction(input: { customerId: "cus_004", type: SEARCH, channel: APP, device: MOBILE, query: "green tea", idempotencyKey: "e2e-1" }) { id type query } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.recordInteraction).toMatchObject({ type: 'SEARCH', query: 'green tea' });
    const deadline = Date.now() + 5_000;
    while (received.length === 0 && Date.now() < deadline) await new Promise((res) => setTimeout(res, 20));
    expect(received).toEqual([expect.objectContaining({ customerId: 'cus_004', query: 'green tea', idempotencyKey: 'e2e-1' })]);
  });

  it('answers with the other subgraphs’ data and an error for the fields of a subgraph that is down', async () => {
    await stack.subgraphs.inventory.stop();
    const r = await gql(stack.gateway.url, '{ product(id: "prd_005") { name price availability { available } } }');
    expect(r.data!.product).toEqual({ name: 'Product 005', price: 10, availability: null });
    expect(r.errors).toHaveLength(1);
    expect(r.errors![0]!.path?.[0]).toBe('product'); // the Rust planner reports the entity's path, the JS one the field's
    expect(r.errors![0]!.extensions).toMatchObject({ serviceName: 'inventory' });
  });
});
