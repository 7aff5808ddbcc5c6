// Real Postgres, real concurrency: the embedded database runs one transaction at a time, so only
// here do concurrent stock changes actually overlap. Runs when DATABASE_URL and REDIS_URL are set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOutboxRelay, type OutboxRelay } from '@retail/db';
import { createRedisEventBus, Topics, type BusEvent, type EventBus, type RunningServer } from '@retail/platform';
import { openScratchPostgres, type ScratchDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { createServer, type InventoryServer, type StockAdjustedEvent } from '../src/index.ts';

let db: ScratchDatabase;
let bus: EventBus;
let outbox: OutboxRelay;
let inventory: InventoryServer;
let server: RunningServer;
const events: BusEvent<StockAdjustedEvent>[] = [];

const ADJUST = `mutation($p: ID!, $l: ID!, $d: Int!, $r: StockChangeReason!, $e: ID) {
  adjustStock(productId: $p, locationId: $l, delta: $d, reason: $r, eventId: $e) { id onHandAfter } }`;
const adjust = (vars: Record<string, unknown>) => gql(server.url, ADJUST, vars);
const onHand = async (productId: string, locationId: string) =>
  (await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId, locationId } } })).onHand;

beforeAll(async () => {
  db = await openScratchPostgres();
  bus = await createRedisEventBus({ url: process.env.REDIS_URL!, prefix: `test-${db.url.split('/').pop()}:` });
  await bus.subscribe<StockAdjustedEvent>(Topics.stock, (e) => {
    events.push(e);
  });
  await db.prisma.location.createMany({
    data: [
      { id: 'l1', code: 'S-001', name: 'Downtown', type: 'STORE', city: 'Springfield', region: 'North', lat: 0, lon: 0 },
      { id: 'l2', code: 'S-002', name: 'Uptown', type: 'STORE', city: 'Springfield', region: 'North', lat: 0, lon: 0 },
    ],
  });
  await db.prisma.stockLevel.createMany({
    data: [
      { productId: 'race', locationId: 'l1', onHand: 10 },
      { productId: 'twin', locationId: 'l1', onHand: 10 },
      { productId: 'mixed', locationId: 'l1', onHand: 5 },
      { productId: 'moved', locationId: 'l1', onHand: 30 },
      { productId: 'moved', locationId: 'l2', onHand: 30 },
      { productId: 'carted', locationId: 'l1', onHand: 10 },
      { productId: 'carted', locationId: 'l2', onHand: 10 },
      { productId: 'scarce', locationId: 'l1', onHand: 3 },
    ],
  });
  outbox = startOutboxRelay(db, bus, { pollMs: 10 });
  inventory = createServer({ db, outbox });
  server = await inventory.listen(0);
});

afterAll(async () => {
  await server?.stop();
  await outbox?.stop();
  await bus?.close();
  await db?.close();
});

describe('adjustStock on Postgres under concurrency', () => {
  it('20 concurrent sales of 1 against 10 on hand: exactly 10 succeed, none oversold', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => adjust({ p: 'race', l: 'l1', d: -1, r: 'SALE', e: `race-${i}` })));
    expect(results.filter((r) => !r.errors)).toHaveLength(10);
    expect(results.filter((r) => errorCode(r) === 'BAD_USER_INPUT')).toHaveLength(10);
    expect(await onHand('race', 'l1')).toBe(0);
    expect(await db.prisma.stockAdjustment.count({ where: { productId: 'race' } })).toBe(10);
    await expect.poll(() => events.filter((e) => e.payload.productId === 'race').length).toBe(10);
    // Each committed change got a version of its own, in the statement that made it.
    expect(events.filter((e) => e.payload.productId === 'race').map((e) => e.payload.version).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect((await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: 'race', locationId: 'l1' } } })).version).toBe(10);
  });

  it('concurrent replays of one eventId apply it once', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, () => adjust({ p: 'twin', l: 'l1', d: -3, r: 'SALE', e: 'twin-1' })));
    expect(results.every((r) => !r.errors)).toBe(true);
    expect(new Set(results.map((r) => r.data!.adjustStock.id)).size).toBe(1);
    expect(await onHand('twin', 'l1')).toBe(7);
    expect(await db.prisma.stockAdjustment.count({ where: { eventId: 'twin-1' } })).toBe(1);
  });

  it('interleaved receipts and sales keep the books balanced', async () => {
    const deltas = Array.from({ length: 40 }, (_, i) => (i % 2 ? 2 : -3));
    const results = await Promise.all(deltas.map((d) => adjust({ p: 'mixed', l: 'l1', d, r: d > 0 ? 'RECEIPT' : 'SALE' })));
    const applied = deltas.filter((_, i) => !results[i]!.errors).reduce((a, b) => a + b, 0);
    expect(await onHand('mixed', 'l1')).toBe(5 + applied);
    const audit = await db.prisma.stockAdjustment.findMany({ where: { productId: 'mixed' } });
    expect(audit.reduce((a, r) => a + r.delta, 0)).toBe(applied);
    expect(audit.every((r) => r.onHandTo >= 0 && r.onHandTo - r.onHandFrom === r.delta)).toBe(true);
  });
});

describe('transferStock on Postgres under concurrency', () => {
  it('transfers crossing in opposite directions all commit, without deadlock, and keep the units', async () => {
    const TRANSFER = `mutation($i: TransferStockInput!) { transferStock(input: $i) { out { id } in { id } } }`;
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        gql(server.url, TRANSFER, { i: { eventId: `cross-${i}`, productId: 'moved', fromLocationId: i % 2 ? 'l1' : 'l2', toLocationId: i % 2 ? 'l2' : 'l1', units: 1 + (i % 3) } }),
      ),
    );
    expect(results.map((r) => r.errors?.[0]?.message ?? 'ok').filter((m) => m !== 'ok')).toEqual([]);
    const [l1, l2] = [await onHand('moved', 'l1'), await onHand('moved', 'l2')];
    expect(l1 + l2).toBe(60);
    const net = Array.from({ length: 30 }, (_, i) => (i % 2 ? -1 : 1) * (1 + (i % 3))).reduce((a, b) => a + b, 0);
    expect(l1).toBe(30 + net);
    expect(await db.prisma.stockAdjustment.count({ where: { productId: 'moved' } })).toBe(60);
  });
});

describe('stock holds on Postgres under concurrency', () => {
  const hold = (reference: string, holder: string, productId: string, locationId: string) => ({ reference, holder, productId, locationId, quantity: 1, ttlSeconds: 600 });

  it('12 concurrent requests of one holder for one product, at two locations: one hold', async () => {
    const results = await Promise.all(Array.from({ length: 12 }, (_, i) => inventory.reservations.placeHolds([hold(`one-${i}`, 'shopper:c1', 'carted', i % 2 ? 'l1' : 'l2')])));
    expect(results.reduce((n, r) => n + r.placed, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.alreadyHeld, 0)).toBe(11);
    const rows = await db.prisma.stockLevel.findMany({ where: { productId: 'carted' } });
    expect(rows.reduce((n, r) => n + r.reserved, 0)).toBe(1);
    expect(await db.prisma.stockReservation.count({ where: { holder: 'shopper:c1', status: 'ACTIVE' } })).toBe(1);
  });

  it('8 holders racing for the last 3 units: 3 holds, 5 refused, never over-reserved', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, (_, i) => inventory.reservations.placeHolds([hold(`scarce-${i}`, `shopper:s${i}`, 'scarce', 'l1')])));
    expect(results.reduce((n, r) => n + r.placed, 0)).toBe(3);
    expect(results.reduce((n, r) => n + r.refused, 0)).toBe(5);
    expect(await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: 'scarce', locationId: 'l1' } } })).toMatchObject({ onHand: 3, reserved: 3 });
  });
});
