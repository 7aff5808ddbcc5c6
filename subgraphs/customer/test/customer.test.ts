import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '@retail/db';
import { encodeCursor, type RunningServer } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { createServer } from '../src/index.ts';

let db: Database;
let server: RunningServer;

const T0 = Date.parse('2026-06-01T12:00:00.000Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000);
const BULK = 50; // customers with orders, for the batching test

beforeAll(async () => {
  db = await openTestDatabase();
  await db.prisma.customer.createMany({
    data: [
      {
        id: 'c1', email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee', birthYear: 1990, incomeBand: 3, homeCity: 'Leeds',
        homeLat: 53.8, homeLon: -1.55, homeStoreId: 'store-1', loyaltyTier: 'GOLD', loyaltyPoints: 1200, consentEmail: true,
        consentPersonalization: true, priceSensitivity: 0.7, segments: ['deal-seeker', 'family'], createdAt: at(0),
      },
      { id: 'c2', email: 'bob@example.com', firstName: 'Bob', lastName: 'Roe', loyaltyTier: 'GOLD', segments: ['family'], createdAt: at(10) },
      // c3 and c4 share createdAt: the id breaks the tie, so pages neither skip nor repeat them.
      { id: 'c3', email: 'cy@example.com', firstName: 'Cy', lastName: 'Ng', homeStoreId: 'store-1', createdAt: at(20) },
      { id: 'c4', email: 'di@example.com', firstName: 'Di', lastName: 'Xu', createdAt: at(20) },
      { id: 'c5', email: 'ed@example.com', firstName: 'Ed', lastName: 'Ho', loyaltyTier: 'SILVER', createdAt: at(30) },
    ],
  });
  await db.prisma.order.createMany({
    data: [
      { id: 'o1', customerId: 'c1', channel: 'WEB', total: 10.5, placedAt: at(1) },
      { id: 'o2', customerId: 'c1', channel: 'STORE', locationId: 'store-1', status: 'FULFILLED', total: 99.99, placedAt: at(5) },
      { id: 'o3', customerId: 'c1', channel: 'APP', total: 5, placedAt: at(5) }, // same time as o2: id DESC puts o3 first
      { id: 'o4', customerId: 'c1', channel: 'APP', status: 'RETURNED', total: 0.01, placedAt: at(9) },
      { id: 'o5', customerId: 'c2', channel: 'WEB', total: 42, placedAt: at(11) },
    ],
  });
  await db.prisma.orderLine.createMany({
    data: [
      { id: 'l1', orderId: 'o2', productId: 'p1', quantity: 2, unitPrice: 19.99, discount: 2.5, promotionId: 'promo-1' },
      { id: 'l2', orderId: 'o2', productId: 'p2', quantity: 1, unitPrice: 62.51 },
      { id: 'l3', orderId: 'o1', productId: 'p3', quantity: 1, unitPrice: 10.5 },
    ],
  });
  await db.prisma.interaction.createMany({
    data: [
      { customerId: 'c1', type: 'VIEW', channel: 'WEB', device: 'MOBILE', productId: 'p1', occurredAt: at(1) },
      { customerId: 'c1', type: 'SEARCH', channel: 'WEB', device: 'MOBILE', query: 'apples', occurredAt: at(2) },
      { customerId: 'c1', type: 'ADD_TO_CART', channel: 'APP', device: 'TABLET', productId: 'p1', sessionId: 's1', occurredAt: at(3) },
      { customerId: 'c1', type: 'VIEW', channel: 'STORE', device: 'IN_STORE', productId: 'p2', locationId: 'store-1', lat: 53.8, lon: -1.55, occurredAt: at(3) },
      { customerId: 'c1', type: 'PURCHASE', channel: 'APP', device: 'TABLET', productId: 'p1', value: 39.98, occurredAt: at(4) },
      { customerId: 'c1', type: 'REVIEW', channel: 'WEB', device: 'DESKTOP', productId: 'p1', rating: 4, occurredAt: at(6) },
      { customerId: 'c2', type: 'VIEW', channel: 'WEB', device: 'DESKTOP', productId: 'p3', occurredAt: at(12) },
    ],
  });
  // Bulk customers for the batching test: 3 orders of 2 lines each.
  const bulk = Array.from({ length: BULK }, (_, i) => `b${String(i).padStart(2, '0')}`);
  await db.prisma.customer.createMany({ data: bulk.map((id, i) => ({ id, email: `${id}@example.com`, firstName: 'Bulk', lastName: id, createdAt: at(-1000 - i) })) });
  await db.prisma.order.createMany({ data: bulk.flatMap((id) => [0, 1, 2].map((n) => ({ id: `${id}-o${n}`, customerId: id, channel: 'WEB' as const, total: 3, placedAt: at(-500 + n) }))) });
  await db.prisma.orderLine.createMany({
    data: bulk.flatMap((id) => [0, 1, 2].flatMap((n) => [0, 1].map((m) => ({ orderId: `${id}-o${n}`, productId: `p${m}`, quantity: 1, unitPrice: 1.5 })))),
  });
  await db.prisma.interaction.createMany({
    data: bulk.flatMap((id) => [0, 1, 2, 3].map((n) => ({ customerId: id, type: n % 2 ? ('SEARCH' as const) : ('VIEW' as const), channel: 'WEB' as const, device: 'MOBILE' as const, productId: 'p1', query: 'q', occurredAt: at(-400 + n) }))),
  });
  server = await createServer({ db, outbox: { wake() {} } }).listen(0);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

const ids = (connection: { edges: { node: { id: string } }[] }) => connection.edges.map((e) => e.node.id);

/** Follows endCursor until hasNextPage is false, collecting node ids; fails on a page loop. */
async function collectPages(query: string, pick: (data: any) => any, variables: Record<string, unknown> = {}) {
  const seen: string[] = [];
  let after: string | null = null;
  for (let i = 0; i < 200; i++) {
    const r: any = await gql(server.url, query, { ...variables, after });
    expect(r.errors).toBeUndefined();
    const connection = pick(r.data);
    seen.push(...ids(connection));
    if (!connection.pageInfo.hasNextPage) return seen;
    after = connection.pageInfo.endCursor;
  }
  throw new Error('pagination did not end');
}

describe('customer subgraph: customers', () => {
  it('resolves a customer with its derived fields and entity stubs', async () => {
    const r = await gql(server.url, `{
      c1: customer(id: "c1") { id email displayName birthYear incomeBand homeCity homeLatitude homeLongitude homeStore { id }
        loyaltyTier loyaltyPoints consent { email sms push personalization } priceSensitivity segments memberSince }
      c2: customer(id: "c2") { homeStore { id } segments consent { email } }
      missing: customer(id: "nope") { id } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.c1).toEqual({
      id: 'c1', email: 'ann@example.com', displayName: 'Ann Lee', birthYear: 1990, incomeBand: 3, homeCity: 'Leeds',
      homeLatitude: 53.8, homeLongitude: -1.55, homeStore: { id: 'store-1' }, loyaltyTier: 'GOLD', loyaltyPoints: 1200,
      consent: { email: true, sms: false, push: false, personalization: true }, priceSensitivity: 0.7,
      segments: ['deal-seeker', 'family'], memberSince: '2026-06-01T12:00:00.000Z',
    });
    expect(r.data!.c2).toEqual({ homeStore: null, segments: ['family'], consent: { email: false } });
    expect(r.data!.missing).toBeNull();
  });

  it('lists customers newest first, filters, and pages with cursors that rebuild the full list', async () => {
    const all = await gql(server.url, '{ customers(first: 5) { edges { node { id } } pageInfo { hasNextPage } } }');
    expect(ids(all.data!.customers)).toEqual(['c5', 'c4', 'c3', 'c2', 'c1']);
    expect(all.data!.customers.pageInfo.hasNextPage).toBe(true); // the bulk customers are older

    const paged = await collectPages(
      'query($after: String) { customers(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      (d) => d.customers,
    );
    const full = await db.prisma.customer.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } });
    expect(paged).toEqual(full.map((c) => c.id));

    const filtered = async (filter: string) =>
      ids((await gql(server.url, `{ customers(filter: ${filter}) { edges { node { id } } } }`)).data!.customers);
    expect(await filtered('{ loyaltyTier: GOLD }')).toEqual(['c2', 'c1']);
    expect(await filtered('{ segment: "family" }')).toEqual(['c2', 'c1']);
    expect(await filtered('{ homeStoreId: "store-1" }')).toEqual(['c3', 'c1']);
    expect(await filtered('{ loyaltyTier: GOLD, segment: "deal-seeker" }')).toEqual(['c1']);
    const filteredPages = await collectPages(
      'query($after: String) { customers(first: 1, after: $after, filter: { loyaltyTier: GOLD }) { edges { node { id } } pageInfo { hasNextPage endCursor } } }',
      (d) => d.customers,
    );
    expect(filteredPages).toEqual(['c2', 'c1']);
  });

  it('answers bad arguments with BAD_USER_INPUT', async () => {
    const orderCursor = (await gql(server.url, '{ customer(id: "c1") { orders(first: 1) { pageInfo { endCursor } } } }')).data!.customer.orders.pageInfo.endCursor;
    const bad = [
      '{ customers(first: 0) { edges { cursor } } }',
      '{ customers(first: 101) { edges { cursor } } }',
      '{ customers(after: "garbage!") { edges { cursor } } }',
      `{ customers(after: "${orderCursor}") { edges { cursor } } }`, // another list's cursor
      `{ customers(after: "${encodeCursor(['customer', 'not a date', 'c1'])}") { edges { cursor } } }`,
      '{ customers(filter: { segment: "  " }) { edges { cursor } } }',
      '{ customer(id: "c1") { orders(first: 0) { edges { cursor } } } }',
      '{ customer(id: "c1") { interactions(first: 500) { edges { cursor } } } }',
      '{ customer(id: "c1") { orders(after: "garbage!") { edges { cursor } } } }',
      `{ customer(id: "c1") { interactions(after: "${orderCursor}") { edges { cursor } } } }`,
      `{ customer(id: "c1") { interactions(after: "${encodeCursor(['interaction', '2026-06-01T12:00:00.000Z', '99999999999999999999'])}") { edges { cursor } } } }`,
    ];
    for (const query of bad) {
      const r = await gql(server.url, query);
      expect(errorCode(r), query).toBe('BAD_USER_INPUT');
    }
  });
});

describe('customer subgraph: orders and interactions', () => {
  it('returns orders most recent first with lines, money as numbers and entity stubs', async () => {
    const r = await gql(server.url, `{ customer(id: "c1") { orders(first: 10) { edges { node { id channel status total placedAt location { id }
      lines { id product { id } quantity unitPrice discount promotion { id } } } } pageInfo { hasNextPage } } } }`);
    expect(r.errors).toBeUndefined();
    const orders = r.data!.customer.orders;
    expect(ids(orders)).toEqual(['o4', 'o3', 'o2', 'o1']);
    expect(orders.pageInfo.hasNextPage).toBe(false);
    const o2 = orders.edges[2].node;
    expect(o2).toEqual({
      id: 'o2', channel: 'STORE', status: 'FULFILLED', total: 99.99, placedAt: '2026-06-01T12:05:00.000Z', location: { id: 'store-1' },
      lines: [
        { id: 'l1', product: { id: 'p1' }, quantity: 2, unitPrice: 19.99, discount: 2.5, promotion: { id: 'promo-1' } },
        { id: 'l2', product: { id: 'p2' }, quantity: 1, unitPrice: 62.51, discount: 0, promotion: null },
      ],
    });
    expect(orders.edges[0].node).toMatchObject({ id: 'o4', total: 0.01, location: null, lines: [] });
  });

  it('pages orders and interactions with cursors that rebuild the full lists', async () => {
    const orders = await collectPages(
      'query($after: String) { customer(id: "c1") { orders(first: 1, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }',
      (d) => d.customer.orders,
    );
    expect(orders).toEqual(['o4', 'o3', 'o2', 'o1']);

    const all = await db.prisma.interaction.findMany({ where: { customerId: 'c1' }, orderBy: [{ occurredAt: 'desc' }, { id: 'desc' }] });
    const pages = await collectPages(
      'query($after: String) { customer(id: "c1") { interactions(first: 2, after: $after) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }',
      (d) => d.customer.interactions,
    );
    expect(pages).toEqual(all.map((i) => String(i.id)));
    expect(all[2]!.occurredAt.getTime()).toBe(all[3]!.occurredAt.getTime()); // a tie the cursor must step through

    const views = await collectPages(
      'query($after: String) { customer(id: "c1") { interactions(first: 1, after: $after, types: [VIEW, REVIEW]) { edges { node { id } } pageInfo { hasNextPage endCursor } } } }',
      (d) => d.customer.interactions,
    );
    expect(views).toEqual(all.filter((i) => i.type === 'VIEW' || i.type === 'REVIEW').map((i) => String(i.id)));
  });

  it('shapes interactions: stubs, coordinates, money and rating', async () => {
    const r = await gql(server.url, `{ customer(id: "c1") { interactions(first: 20) { edges { node { id type channel device sessionId product { id } query
      location { id } latitude longitude value rating occurredAt } } } } }`);
    expect(r.errors).toBeUndefined();
    const nodes = r.data!.customer.interactions.edges.map((e: any) => e.node);
    expect(nodes.map((n: any) => n.type)).toEqual(['REVIEW', 'PURCHASE', 'VIEW', 'ADD_TO_CART', 'SEARCH', 'VIEW']);
    expect(nodes[0]).toMatchObject({ rating: 4, product: { id: 'p1' }, location: null, value: null, occurredAt: '2026-06-01T12:06:00.000Z' });
    expect(nodes[1]).toMatchObject({ value: 39.98, device: 'TABLET' });
    expect(nodes[2]).toMatchObject({ location: { id: 'store-1' }, latitude: 53.8, longitude: -1.55, channel: 'STORE' });
    expect(nodes[4]).toMatchObject({ query: 'apples', product: null, latitude: null });
  });

  it('resolves many customers with their orders and lines in a constant number of queries', async () => {
    const query = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id displayName
      orders(first: 2) { edges { cursor node { id total lines { product { id } unitPrice } } } pageInfo { hasNextPage endCursor } } } } }`;
    const roundTrips = async (n: number) => {
      const reps = Array.from({ length: n }, (_, i) => ({ __typename: 'Customer', id: `b${String(i).padStart(2, '0')}` }));
      const before = db.stats.queries;
      const r = await gql(server.url, query, { r: [...reps, { __typename: 'Customer', id: 'nope' }] });
      const used = db.stats.queries - before;
      expect(r.errors).toBeUndefined();
      const entities = r.data!._entities;
      expect(entities).toHaveLength(n + 1);
      expect(entities.at(-1)).toBeNull();
      for (const [i, c] of entities.slice(0, n).entries()) {
        expect(c.id).toBe(reps[i]!.id);
        expect(ids(c.orders)).toEqual([`${c.id}-o2`, `${c.id}-o1`]);
        expect(c.orders.pageInfo.hasNextPage).toBe(true);
        expect(c.orders.edges[0].node.lines).toEqual([{ product: { id: 'p0' }, unitPrice: 1.5 }, { product: { id: 'p1' }, unitPrice: 1.5 }]);
      }
      return { used, entities };
    };
    const five = await roundTrips(5);
    const fifty = await roundTrips(BULK);
    expect(five.used).toBe(3); // customers, one page of orders for all of them, all their lines
    expect(fifty.used).toBe(3);

    // Second pages (each customer with its own cursor) are batched the same way.
    const before = db.stats.queries;
    const next = await gql(server.url, `query($r: [_Any!]!, $after: String) { _entities(representations: $r) { ... on Customer { id
      orders(first: 2, after: $after) { edges { node { id lines { product { id } } } } pageInfo { hasNextPage } } } } }`, {
      r: fifty.entities.slice(0, BULK).map((c: any) => ({ __typename: 'Customer', id: c.id })),
      after: fifty.entities[0].orders.pageInfo.endCursor,
    });
    expect(next.errors).toBeUndefined();
    expect(db.stats.queries - before).toBe(3);
    // The cursor carries (placedAt, id): on another customer it continues after the same point in time.
    expect(next.data!._entities.map((c: any) => ids(c.orders))).toEqual(fifty.entities.slice(0, BULK).map((c: any) => [`${c.id}-o0`]));
  });

  it('resolves interactions of many customers in one query per type filter', async () => {
    const reps = Array.from({ length: BULK }, (_, i) => ({ __typename: 'Customer', id: `b${String(i).padStart(2, '0')}` }));
    const before = db.stats.queries;
    const r = await gql(server.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id
      recent: interactions(first: 3) { edges { node { type } } pageInfo { hasNextPage } }
      searches: interactions(types: [SEARCH]) { edges { node { type } } } } } }`, { r: reps });
    expect(r.errors).toBeUndefined();
    expect(db.stats.queries - before).toBe(3); // customers, all "recent" pages, all "searches" pages
    for (const c of r.data!._entities) {
      expect(c.recent.edges.map((e: any) => e.node.type)).toEqual(['SEARCH', 'VIEW', 'SEARCH']);
      expect(c.recent.pageInfo.hasNextPage).toBe(true);
      expect(c.searches.edges.map((e: any) => e.node.type)).toEqual(['SEARCH', 'SEARCH']);
    }
  });
});
