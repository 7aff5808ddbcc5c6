// Every GraphQL example in the README runs without errors against the seeded small world, and the
// seeded world has what the examples show: shoppers with orders, a store series with a seasonal
// forecast, a shopper to whom a fresh model offers a promotion.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD, type Database } from '@retail/db';
import { openTestDatabase } from '@retail/test-support/database';
import { gql } from '@retail/test-support/graphql';
import { startStack, type RunningStack } from '../src/index.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

let db: Database;
let stack: RunningStack;

beforeAll(async () => {
  db = await openTestDatabase();
  await seedWorld(db, SMALL_WORLD);
  stack = await startStack({ db });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await db?.close();
});

describe('README examples', () => {
  it('has examples to check', () => expect(examples.length).toBeGreaterThanOrEqual(3));

  for (const [i, query] of examples.entries()) {
    it(`example ${i + 1} (${query.split('\n')[0]!.replace(/^# /, '')}) answers data and no error`, async () => {
      const r = await gql(stack.gateway.url, query);
      expect(r.errors).toBeUndefined();
      const firstField = Object.values(r.data ?? {})[0];
      expect(firstField).toBeTruthy();
      if (firstField && typeof firstField === 'object' && 'edges' in firstField) expect((firstField as { edges: unknown[] }).edges.length).toBeGreaterThan(0);
    });
  }
});

describe('the seeded world, as the README examples show it', () => {
  it('lists newest customers first, each with the order they joined with', async () => {
    const r = await gql(stack.gateway.url, `{ customers(first: 2) { edges { node { id orders(first: 3) { edges { node { total lines { quantity } } } } } } } }`);
    expect(r.errors).toBeUndefined();
    const edges = r.data!.customers.edges as { node: { orders: { edges: { node: { total: number; lines: unknown[] } }[] } } }[];
    expect(edges).toHaveLength(2);
    for (const e of edges) {
      expect(e.node.orders.edges.length).toBeGreaterThan(0);
      expect(e.node.orders.edges[0]!.node.lines.length).toBeGreaterThan(0);
    }
  });

  it('forecasts a store\u2019s fast seller with Holt-Winters (prd_00246 at loc_0001)', async () => {
    const r = await gql(stack.gateway.url, `{ product(id: "prd_00246") { forecast(locationId: "loc_0001", horizonDays: 7) { method points { mean } } daysOfCover(locationId: "loc_0001") } }`);
    expect(r.errors).toBeUndefined();
    const { forecast, daysOfCover } = r.data!.product;
    expect(forecast.method).toBe('HOLT_WINTERS');
    expect(forecast.points.every((p: { mean: number }) => p.mean > 1)).toBe(true);
    expect(daysOfCover).toBeGreaterThan(0);
  });

  it('offers a fresh model\u2019s promotion where it pays: 8 % off nappies for cus_000041, a deal-seeking family', async () => {
    const r = await gql(stack.gateway.url, `{ customer(id: "cus_000041") { segments personalizedOffers(context: { channel: WEB, device: MOBILE }, limit: 3) { offers { promotion { id name } price priceAfterDiscount } } } }`);
    expect(r.errors).toBeUndefined();
    const promoted = (r.data!.customer.personalizedOffers.offers as { promotion: { name: string } | null; price: number; priceAfterDiscount: number }[]).filter((o) => o.promotion);
    expect(promoted.length).toBeGreaterThan(0);
    for (const o of promoted) expect(o.priceAfterDiscount).toBeLessThan(o.price);
  });
});
