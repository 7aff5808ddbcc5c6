import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@retail/db';
import type { RunningServer } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { createServer } from '../src/index.ts';

let db: Database;
let server: RunningServer;

beforeAll(async () => {
  db = await openTestDatabase();
  await db.prisma.category.createMany({
    data: [
      { id: 'food', name: 'Food', slug: 'food', priceLow: 1, priceHigh: 20, marginFloor: 0.15 },
      { id: 'fruit', name: 'Fruit', slug: 'fruit', parentId: 'food', priceLow: 1, priceHigh: 10, marginFloor: 0.2 },
    ],
  });
  await db.prisma.brand.createMany({ data: [{ id: 'acme', name: 'Acme' }, { id: 'zen', name: 'Zenith', tier: 3 }] });
  await db.prisma.product.createMany({
    data: [
      { id: 'p1', sku: 'APL-1', name: 'Apple', categoryId: 'fruit', brandId: 'acme', price: 2.5, unitCost: 1 },
      { id: 'p2', sku: 'BRD-1', name: 'Bread', categoryId: 'food', brandId: 'zen', price: 4, unitCost: 3, marginFloor: 0.05 },
      { id: 'p3', sku: 'CHR-1', name: 'Cherry', categoryId: 'fruit', brandId: 'zen', price: 8, unitCost: 5, lifecycle: 'SEASONAL' },
    ],
  });
  const now = Date.now();
  await db.prisma.competitorPrice.createMany({
    data: [
      { productId: 'p1', competitor: 'MegaMart', price: 2.0, observedAt: new Date(now - 86_400_000 * 3) },
      { productId: 'p1', competitor: 'MegaMart', price: 2.4, observedAt: new Date(now - 86_400_000) }, // newer wins
      { productId: 'p1', competitor: 'CornerShop', price: 2.2, observedAt: new Date(now - 86_400_000 * 2) },
    ],
  });
  await db.prisma.socialSignal.createMany({
    data: [
      { productId: 'p1', source: 'reviews', mentions: 30, sentiment: 0.8, observedAt: new Date(now - 86_400_000) },
      { productId: 'p1', source: 'social', mentions: 10, sentiment: -0.4, observedAt: new Date(now - 86_400_000 * 2) },
      { productId: 'p1', source: 'social', mentions: 1000, sentiment: -1, observedAt: new Date(now - 86_400_000 * 90) }, // outside the window
    ],
  });
  server = await createServer({ db }).listen(0);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('product subgraph', () => {
  it('resolves catalog fields, margin floors and the category path', async () => {
    const r = await gql(server.url, `{ p1: product(id: "p1") { sku price unitCost marginRate marginFloor category { name path } brand { name } }
      p2: product(id: "p2") { marginFloor } missing: product(id: "nope") { id } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.p1).toEqual({ sku: 'APL-1', price: 2.5, unitCost: 1, marginRate: 0.6, marginFloor: 0.2, category: { name: 'Fruit', path: ['food', 'fruit'] }, brand: { name: 'Acme' } });
    expect(r.data!.p2.marginFloor).toBe(0.05); // the product's own floor beats its category's
    expect(r.data!.missing).toBeNull();
  });

  it('reports the latest price per competitor, cheapest first, and the gap to the cheapest', async () => {
    const r = await gql(server.url, '{ product(id: "p1") { competitorPrices { competitor price } competitorPriceGap } }');
    expect(r.data!.product.competitorPrices).toEqual([
      { competitor: 'CornerShop', price: 2.2 },
      { competitor: 'MegaMart', price: 2.4 },
    ]);
    expect(r.data!.product.competitorPriceGap).toBeCloseTo((2.5 - 2.2) / 2.2, 10);
  });

  it('summarises sentiment over the recent window, weighted by mentions', async () => {
    const r = await gql(server.url, '{ product(id: "p1") { sentiment { score mentions sources } } }');
    expect(r.data!.product.sentiment).toEqual({ score: (30 * 0.8 + 10 * -0.4) / 40, mentions: 40, sources: ['reviews', 'social'] });
  });

  it('filters by category including descendants, searches, and pages with cursors that rebuild the full list', async () => {
    const all = await gql(server.url, '{ products(filter: { categoryId: "food" }, first: 10) { edges { node { id } } } }');
    expect(all.data!.products.edges.map((e: any) => e.node.id)).toEqual(['p1', 'p2', 'p3']);
    const search = await gql(server.url, '{ products(search: "zenith") { edges { node { id } } } }');
    expect(search.data!.products.edges.map((e: any) => e.node.id)).toEqual(['p2', 'p3']);
    const seen: string[] = [];
    let after: string | null = null;
    for (let i = 0; i < 5; i++) {
      const page: any = await gql(server.url, 'query($after: String) { products(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }', { after });
      seen.push(...page.data.products.edges.map((e: any) => e.node.id));
      if (!page.data.products.pageInfo.hasNextPage) break;
      after = page.data.products.pageInfo.endCursor;
    }
    expect(seen).toEqual(['p1', 'p2', 'p3']);
  });

  it('answers bad arguments with BAD_USER_INPUT', async () => {
    expect(errorCode(await gql(server.url, '{ products(first: 0) { edges { cursor } } }'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, '{ products(first: 1000) { edges { cursor } } }'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, '{ products(after: "garbage!") { edges { cursor } } }'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, '{ products(filter: { minPrice: 5, maxPrice: 1 }) { edges { cursor } } }'))).toBe('BAD_USER_INPUT');
  });

  it('resolves entity references for the gateway in one query per kind', async () => {
    const before = db.stats.queries;
    const r = await gql(server.url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id name brand { name } } } }', {
      r: ['p1', 'p2', 'p3', 'nope'].map((id) => ({ __typename: 'Product', id })),
    });
    expect(r.data!._entities.map((e: any) => e?.id ?? null)).toEqual(['p1', 'p2', 'p3', null]);
    expect(db.stats.queries - before).toBe(2); // products, then brands
  });
});
