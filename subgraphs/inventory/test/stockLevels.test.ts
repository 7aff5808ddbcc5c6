// Query.stockLevels: every stock row, keyset-paginated by (productId, locationId), for services that
// keep a copy of stock levels (the offers engine's read model). Checked against the seeded small world.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD, type Database } from '@retail/db';
import { encodeCursor, type RunningServer } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { createServer } from '../src/index.ts';

let db: Database;
let server: RunningServer;

const STOCK = `query($first: Int, $after: String, $locationId: ID) {
  stockLevels(first: $first, after: $after, locationId: $locationId) {
    edges { cursor node { product { id } location { id } onHand reserved safetyStock available updatedAt } }
    pageInfo { hasNextPage endCursor }
  }
}`;

interface Row {
  productId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  updatedAt: string;
}

/** Follows endCursor to the end; returns the rows and the number of pages. */
async function collect(variables: { first?: number; locationId?: string }) {
  const rows: Row[] = [];
  let after: string | null = null;
  for (let pages = 1; pages <= 10_000; pages++) {
    const r: any = await gql(server.url, STOCK, { ...variables, after });
    expect(r.errors).toBeUndefined();
    const { edges, pageInfo } = r.data.stockLevels;
    for (const { node: n } of edges) rows.push({ productId: n.product.id, locationId: n.location.id, onHand: n.onHand, reserved: n.reserved, safetyStock: n.safetyStock, available: n.available, updatedAt: n.updatedAt });
    expect(pageInfo.endCursor).toBe(edges.at(-1)?.cursor ?? null);
    if (!pageInfo.hasNextPage) return { rows, pages };
    expect(edges).toHaveLength(variables.first ?? 500);
    after = pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

/** The table's rows in (productId, locationId) order, shaped like the API's. */
async function table(locationId?: string): Promise<Row[]> {
  const rows = await db.prisma.stockLevel.findMany({ where: locationId ? { locationId } : {}, orderBy: [{ productId: 'asc' }, { locationId: 'asc' }] });
  return rows.map((r) => ({
    productId: r.productId,
    locationId: r.locationId,
    onHand: r.onHand,
    reserved: r.reserved,
    safetyStock: r.safetyStock,
    available: Math.max(0, r.onHand - r.reserved - r.safetyStock),
    updatedAt: r.updatedAt.toISOString(),
  }));
}

const key = (r: Row) => `${r.productId}|${r.locationId}`;

beforeAll(async () => {
  db = await openTestDatabase();
  await seedWorld(db, { ...SMALL_WORLD, now: new Date('2026-11-20T12:00:00.000Z') });
  // No hold-expiry sweep during the test: it would add queries to the round-trip count below.
  server = await createServer({ db, outbox: { wake() {} }, runtime: { expireEveryMs: 3_600_000 } }).listen(0);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

describe('Query.stockLevels', () => {
  it('pages through every stock row exactly once, in (productId, locationId) order, at any page size', async () => {
    const count = await db.prisma.stockLevel.count();
    expect(count).toBeGreaterThan(1000);
    const expected = await table();
    for (const first of [undefined, 137, 5000]) {
      const { rows, pages } = await collect(first === undefined ? {} : { first });
      expect(rows).toHaveLength(count);
      expect(new Set(rows.map(key)).size).toBe(count);
      expect(rows).toEqual(expected);
      expect(pages).toBe(Math.ceil(count / (first ?? 500)));
    }
  });

  it('filters by location, and pages the same way', async () => {
    const locations = await db.prisma.location.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    let total = 0;
    for (const { id } of locations) {
      const { rows } = await collect({ locationId: id, first: 97 });
      expect(rows).toEqual(await table(id));
      total += rows.length;
    }
    expect(total).toBe(await db.prisma.stockLevel.count());
    const unknown = await gql(server.url, STOCK, { locationId: 'nope' });
    expect(unknown.data!.stockLevels).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('reads one page and its locations in two SQL round-trips', async () => {
    const before = db.stats.queries;
    const r = await gql(server.url, STOCK, { first: 5000 });
    expect(r.errors).toBeUndefined();
    expect(db.stats.queries - before).toBe(2); // the page, then every location of it in one query
  });

  it('answers a bad page size, cursor or location with BAD_USER_INPUT', async () => {
    const bad: [Record<string, unknown>, string][] = [
      [{ first: 0 }, 'first'],
      [{ first: -5 }, 'first'],
      [{ first: 5001 }, 'first'],
      [{ after: 'garbage!' }, 'after'],
      [{ after: encodeCursor(['order', '2026-06-01T12:00:00.000Z', 'x']) }, 'after'], // another list's cursor
      [{ after: encodeCursor(['stock', 'prd_00001']) }, 'after'],
      [{ after: encodeCursor(['stock', 1, 2]) }, 'after'],
      [{ locationId: '  ' }, 'locationId'],
    ];
    for (const [variables, field] of bad) {
      const r = await gql(server.url, STOCK, variables);
      expect(errorCode(r), JSON.stringify(variables)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field, JSON.stringify(variables)).toBe(field);
    }
  });
});
