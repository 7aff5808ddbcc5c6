// The read APIs the offers subgraph builds its candidate read model from: Customer.shoppingHistory
// (fetched through federation for many customers at once) and Query.productSales. Checked against
// the seeded small world, recomputed here with plain Prisma reads, plus a few hand-made edge cases.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD, type Database } from '@retail/db';
import type { RunningServer } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { createServer } from '../src/index.ts';

const NOW = new Date('2026-11-20T12:00:00.000Z');
const DAY = 86_400_000;
const ago = (ms: number) => new Date(NOW.getTime() - ms);

let db: Database;
let server: RunningServer;

const HISTORY = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id
  shoppingHistory { orderCount totalSpend lastOrderAt topProducts { product { id } interactions } } } } }`;

const SALES = 'query($days: Int) { productSales(days: $days) { product { id } units } }';

const reps = (ids: readonly string[]) => ids.map((id) => ({ __typename: 'Customer', id }));
const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const cents = (value: unknown) => Math.round(Number(value) * 100);

beforeAll(async () => {
  db = await openTestDatabase();
  await seedWorld(db, { ...SMALL_WORLD, now: NOW });

  // fan: more than 100 engaged products, ties, interaction types that do not count, and every order status.
  await db.prisma.customer.createMany({
    data: [
      { id: 'zz-fan', email: 'fan@example.com', firstName: 'Fan', lastName: 'Fan', createdAt: ago(DAY) },
      { id: 'zz-new', email: 'new@example.com', firstName: 'New', lastName: 'New', createdAt: ago(DAY) },
    ],
  });
  const fan = (type: 'VIEW' | 'ADD_TO_CART' | 'PURCHASE' | 'SEARCH' | 'REVIEW' | 'REMOVE_FROM_CART', productId: string | null, minutes: number) => ({
    customerId: 'zz-fan', type, channel: 'WEB' as const, device: 'DESKTOP' as const, productId, query: productId ? null : 'q', rating: type === 'REVIEW' ? 5 : null, occurredAt: ago(minutes * 60_000),
  });
  await db.prisma.interaction.createMany({
    data: [
      ...Array.from({ length: 120 }, (_, i) => fan('VIEW', `fan-p${String(119 - i).padStart(3, '0')}`, i + 10)),
      fan('VIEW', 'fan-b', 1), fan('ADD_TO_CART', 'fan-b', 2), fan('PURCHASE', 'fan-b', 3),
      fan('VIEW', 'fan-a', 4), fan('VIEW', 'fan-a', 5), fan('VIEW', 'fan-a', 6),
      // Only the VIEW of fan-c counts: searches, reviews and removals are not engagement here.
      fan('VIEW', 'fan-c', 7), fan('REVIEW', 'fan-c', 8), fan('REVIEW', 'fan-c', 9), fan('REMOVE_FROM_CART', 'fan-c', 9), fan('SEARCH', null, 9),
    ],
  });
  await db.prisma.order.createMany({
    data: [
      { id: 'zz-o1', customerId: 'zz-fan', channel: 'WEB', status: 'FULFILLED', total: 10.1, placedAt: ago(3 * DAY) },
      { id: 'zz-o2', customerId: 'zz-fan', channel: 'WEB', status: 'RETURNED', total: 0.05, placedAt: ago(7 * DAY) }, // exactly at the 7-day edge
      { id: 'zz-o3', customerId: 'zz-fan', channel: 'WEB', status: 'CANCELLED', total: 99, placedAt: ago(DAY) },
      { id: 'zz-o4', customerId: 'zz-fan', channel: 'WEB', status: 'PLACED', total: 1, placedAt: ago(7 * DAY + 1) }, // just outside 7 days
      { id: 'zz-o5', customerId: 'zz-fan', channel: 'WEB', status: 'PLACED', total: 1, placedAt: new Date(NOW.getTime() + 60_000) }, // after now
    ],
  });
  await db.prisma.orderLine.createMany({
    data: [
      { orderId: 'zz-o1', productId: 'zz-zero', quantity: 0, unitPrice: 1 }, // no units: left out
      { orderId: 'zz-o1', productId: 'prd_00001', quantity: 3, unitPrice: 1 },
      { orderId: 'zz-o2', productId: 'zz-edge-in', quantity: 2, unitPrice: 1 },
      { orderId: 'zz-o3', productId: 'zz-cancelled', quantity: 50, unitPrice: 1 },
      { orderId: 'zz-o4', productId: 'zz-edge-out', quantity: 4, unitPrice: 1 },
      { orderId: 'zz-o5', productId: 'zz-future', quantity: 5, unitPrice: 1 },
    ],
  });
  server = await createServer({ db, outbox: { wake() {} }, now: () => NOW }).listen(0);
});

afterAll(async () => {
  await server?.stop();
  await db?.close();
});

/** The expected shopping history of each customer, from plain Prisma reads and JS arithmetic. */
async function expectedHistories(ids: readonly string[]) {
  const orders = await db.prisma.order.findMany({ where: { customerId: { in: [...ids] }, status: { not: 'CANCELLED' } }, select: { customerId: true, total: true, placedAt: true } });
  const engaged = await db.prisma.interaction.groupBy({
    by: ['customerId', 'productId'],
    where: { customerId: { in: [...ids] }, type: { in: ['VIEW', 'ADD_TO_CART', 'PURCHASE'] }, productId: { not: null } },
    _count: { _all: true },
  });
  return ids.map((id) => {
    const mine = orders.filter((o) => o.customerId === id);
    const last = Math.max(...mine.map((o) => o.placedAt.getTime()));
    const topProducts = engaged
      .filter((g) => g.customerId === id)
      .map((g) => ({ product: { id: g.productId! }, interactions: g._count._all }))
      .sort((a, b) => b.interactions - a.interactions || byId(a.product.id, b.product.id))
      .slice(0, 100);
    return {
      id,
      shoppingHistory: {
        orderCount: mine.length,
        totalSpend: mine.reduce((sum, o) => sum + cents(o.total), 0) / 100,
        lastOrderAt: mine.length ? new Date(last).toISOString() : null,
        topProducts,
      },
    };
  });
}

/** Units per product of the lines of orders not cancelled placed in [NOW - days, NOW], from plain Prisma reads. */
async function expectedSales(days: number) {
  const orders = await db.prisma.order.findMany({
    where: { status: { not: 'CANCELLED' }, placedAt: { gte: ago(days * DAY), lte: NOW } },
    select: { lines: { select: { productId: true, quantity: true } } },
  });
  const units = new Map<string, number>();
  for (const line of orders.flatMap((o) => o.lines)) units.set(line.productId, (units.get(line.productId) ?? 0) + line.quantity);
  return [...units]
    .filter(([, n]) => n > 0)
    .map(([id, n]) => ({ product: { id }, units: n }))
    .sort((a, b) => b.units - a.units || byId(a.product.id, b.product.id));
}

describe('Customer.shoppingHistory', () => {
  it('matches the history recomputed from the seeded world, for every customer in one entity request', async () => {
    const customers = await db.prisma.customer.findMany({ select: { id: true }, orderBy: { id: 'asc' } });
    const ids = customers.map((c) => c.id);
    expect(ids.length).toBeGreaterThan(SMALL_WORLD.customers); // the world plus the hand-made ones
    const r = await gql(server.url, HISTORY, { r: reps(ids) });
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities).toEqual(await expectedHistories(ids));

    // The world exercises what matters: cancelled orders left out, several products per customer, ties.
    const cancelled = await db.prisma.order.findMany({ where: { status: 'CANCELLED', customerId: { startsWith: 'cus_' } }, select: { customerId: true } });
    expect(cancelled.length).toBeGreaterThan(0);
    const entities: any[] = r.data!._entities;
    expect(entities.filter((c) => c.shoppingHistory.topProducts.length > 1).length).toBeGreaterThan(100);
    expect(entities.some((c) => c.shoppingHistory.orderCount === 0)).toBe(true);
  });

  it('counts only VIEW, ADD_TO_CART and PURCHASE, keeps the top 100 with ties by product id, and leaves cancelled orders out', async () => {
    const r = await gql(server.url, HISTORY, { r: reps(['zz-fan', 'zz-new', 'nope']) });
    expect(r.errors).toBeUndefined();
    const [fan, fresh, missing] = r.data!._entities;
    expect(fan.shoppingHistory).toMatchObject({ orderCount: 4, totalSpend: 12.15, lastOrderAt: new Date(NOW.getTime() + 60_000).toISOString() });
    const top = fan.shoppingHistory.topProducts;
    expect(top).toHaveLength(100);
    expect(top.slice(0, 3)).toEqual([
      { product: { id: 'fan-a' }, interactions: 3 },
      { product: { id: 'fan-b' }, interactions: 3 },
      { product: { id: 'fan-c' }, interactions: 1 },
    ]);
    // The 1-interaction tail in product id order, cut at 100: fan-p000 … fan-p096.
    expect(top.slice(3).map((p: any) => p.product.id)).toEqual(Array.from({ length: 97 }, (_, i) => `fan-p${String(i).padStart(3, '0')}`));
    expect(fresh).toEqual({ id: 'zz-new', shoppingHistory: { orderCount: 0, totalSpend: 0, lastOrderAt: null, topProducts: [] } });
    expect(missing).toBeNull();
  });

  it('costs the same few SQL round-trips for 20 customers as for 2000', async () => {
    const ids = (await db.prisma.customer.findMany({ select: { id: true }, orderBy: { id: 'asc' } })).map((c) => c.id);
    const roundTrips = async (n: number, query = HISTORY) => {
      const before = db.stats.queries;
      const r = await gql(server.url, query, { r: reps(ids.slice(0, n)) });
      expect(r.errors).toBeUndefined();
      expect(r.data!._entities).toHaveLength(n);
      return db.stats.queries - before;
    };
    expect(await roundTrips(20)).toBe(3); // customers, order figures of all of them, top products of all of them
    expect(await roundTrips(ids.length)).toBe(3);
    // A field set that needs only the order figures skips the interaction query.
    expect(await roundTrips(ids.length, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { shoppingHistory { orderCount lastOrderAt } } } }')).toBe(2);
  });
});

describe('Query.productSales', () => {
  it('sums the units of orders not cancelled in the window, most first, for the default and other windows', async () => {
    for (const days of [undefined, 1, 7, 28, 90, 365]) {
      const r = await gql(server.url, SALES, days === undefined ? {} : { days });
      expect(r.errors, String(days)).toBeUndefined();
      expect(r.data!.productSales, String(days)).toEqual(await expectedSales(days ?? 28));
    }
    const week = (await gql(server.url, SALES, { days: 7 })).data!.productSales.map((s: any) => s.product.id);
    expect(week).toContain('zz-edge-in'); // placed exactly `days` ago: in
    expect(week).not.toContain('zz-edge-out'); // a millisecond earlier: out
    expect(week).not.toContain('zz-cancelled');
    expect(week).not.toContain('zz-future'); // after the server's now
    expect(week).not.toContain('zz-zero');
    expect(week.length).toBeGreaterThan(10); // the seeded world sold something this week
  });

  it('is one SQL round-trip', async () => {
    const before = db.stats.queries;
    const r = await gql(server.url, SALES, { days: 365 });
    expect(r.errors).toBeUndefined();
    expect(db.stats.queries - before).toBe(1);
  });

  it('answers a window outside 1..365 days with BAD_USER_INPUT on days', async () => {
    for (const days of [0, -1, 366, 100_000]) {
      const r = await gql(server.url, SALES, { days });
      expect(errorCode(r), String(days)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe('days');
    }
  });
});
