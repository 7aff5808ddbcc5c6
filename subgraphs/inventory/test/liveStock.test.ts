// The live-stock paths on the embedded database: the batch feed (validation, order, idempotency),
// holds (reserve, release, consume by a sale, expiry, requests over the bus, one per holder and
// product), the stock never going below zero over random event sequences, and the row version
// every change bumps and every stock event carries.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { startOutboxRelay, type Database, type OutboxRelay } from '@retail/db';
import {
  createMemoryEventBus,
  STOCK_HOLD_RELEASE_REQUESTED,
  STOCK_HOLDS_REQUESTED,
  STOCK_RESERVATION_CHANGED,
  STOCK_SAFETY_CHANGED,
  Topics,
  type BusEvent,
  type EventBus,
  type RunningServer,
  type StockReservationChangedEvent,
  type StockSafetyChangedEvent,
} from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { createServer, type InventoryServer } from '../src/index.ts';

let db: Database;
let bus: EventBus;
let outbox: OutboxRelay;
let inventory: InventoryServer;
let server: RunningServer;
let clock = new Date('2026-11-20T12:00:00.000Z');
const reservationEvents: StockReservationChangedEvent[] = [];
const safetyEvents: StockSafetyChangedEvent[] = [];
/** Every stock event in publication order (one relay, in-process bus): type, row and version. */
const stockEvents: { type: string; row: string; version: number; available: number }[] = [];

const BATCH = `mutation($events: [StockEventInput!]!) {
  recordStockEvents(events: $events) { applied duplicates rejected results { eventId status code message adjustment { onHandAfter } } }
}`;
const RESERVE = `mutation($input: ReserveStockInput!) { reserveStock(input: $input) { id reference quantity status expiresAt closedAt product { id } location { id } } }`;
const RELEASE = `mutation($r: ID!) { releaseStockReservation(reference: $r) { reference status closedAt } }`;
const STOCK = `query($p: ID!, $l: ID) { _entities(representations: [{ __typename: "Product", id: $p }]) { ... on Product { availability(locationId: $l) { onHand reserved safetyStock available } } } }`;

const batch = (events: Record<string, unknown>[]) => gql(server.url, BATCH, { events });
const stockOf = async (p: string, l: string) => ((await gql(server.url, STOCK, { p, l })).data!._entities as { availability: Record<string, number> }[])[0]!.availability;
const settle = () => new Promise((r) => setTimeout(r, 30));

async function books() {
  const [stock, adjustments, reservations] = await Promise.all([
    db.prisma.stockLevel.findMany({ orderBy: [{ productId: 'asc' }, { locationId: 'asc' }] }),
    db.prisma.stockAdjustment.count(),
    db.prisma.stockReservation.findMany({ orderBy: { reference: 'asc' } }),
  ]);
  return { stock, adjustments, reservations };
}

beforeAll(async () => {
  db = await openTestDatabase();
  bus = createMemoryEventBus();
  await bus.subscribe<StockReservationChangedEvent>(Topics.stock, (e) => {
    stockEvents.push({ type: e.type, row: `${e.payload.productId}@${e.payload.locationId}`, version: e.payload.version, available: e.payload.available });
    if (e.type === STOCK_RESERVATION_CHANGED) reservationEvents.push(e.payload);
    if (e.type === STOCK_SAFETY_CHANGED) safetyEvents.push(e.payload as unknown as StockSafetyChangedEvent);
  });
  await db.prisma.location.createMany({
    data: [
      { id: 'l1', code: 'S-001', name: 'Downtown', type: 'STORE', city: 'Springfield', region: 'North', lat: 0, lon: 0 },
      { id: 'w1', code: 'W-001', name: 'Central DC', type: 'WAREHOUSE', city: 'Capital City', region: 'Central', lat: 0, lon: 0 },
    ],
  });
  outbox = startOutboxRelay(db, bus, { pollMs: 10 });
  inventory = createServer({ db, outbox, bus, now: () => clock, runtime: { expireEveryMs: 3_600_000 }, feedLeaseMs: 200 });
  server = await inventory.listen(0);
});

afterAll(async () => {
  await server?.stop();
  await outbox?.stop();
  await bus?.close();
  await db?.close();
});

beforeEach(async () => {
  await db.prisma.stockReservation.deleteMany();
  await db.prisma.stockAdjustment.deleteMany();
  await db.prisma.stockLevel.deleteMany();
  await db.prisma.stockLevel.createMany({
    data: [
      { productId: 'a', locationId: 'l1', onHand: 3, safetyStock: 0 },
      { productId: 'b', locationId: 'l1', onHand: 10, safetyStock: 2 },
      { productId: 'b', locationId: 'w1', onHand: 50, safetyStock: 5 },
    ],
  });
  reservationEvents.length = 0;
  stockEvents.length = 0;
});

describe('recordStockEvents', () => {
  it('applies events in the order given: a sale before the receipt that covers it is rejected, after it applied', async () => {
    const first = await batch([
      { eventId: 'e1', productId: 'a', locationId: 'l1', delta: -5, reason: 'SALE' },
      { eventId: 'e2', productId: 'a', locationId: 'l1', delta: 5, reason: 'RECEIPT' },
    ]);
    expect(first.errors).toBeUndefined();
    expect(first.data!.recordStockEvents).toMatchObject({ applied: 1, duplicates: 0, rejected: 1 });
    expect(first.data!.recordStockEvents.results[0]).toMatchObject({ eventId: 'e1', status: 'REJECTED', code: 'INSUFFICIENT_STOCK', adjustment: null });
    expect((await stockOf('a', 'l1')).onHand).toBe(8);

    const second = await batch([
      { eventId: 'e3', productId: 'a', locationId: 'l1', delta: 5, reason: 'RECEIPT' },
      { eventId: 'e4', productId: 'a', locationId: 'l1', delta: -12, reason: 'SALE' },
    ]);
    expect(second.data!.recordStockEvents.results.map((r: { status: string; adjustment: { onHandAfter: number } | null }) => [r.status, r.adjustment?.onHandAfter])).toEqual([
      ['APPLIED', 13],
      ['APPLIED', 1],
    ]);
  });

  it('is idempotent by eventId: a replayed batch changes nothing and reports duplicates', async () => {
    const events = [
      { eventId: 'r1', productId: 'b', locationId: 'l1', delta: -2, reason: 'SALE' },
      { eventId: 'r2', productId: 'b', locationId: 'w1', delta: -3, reason: 'TRANSFER_OUT' },
      { eventId: 'r3', productId: 'b', locationId: 'l1', delta: 3, reason: 'TRANSFER_IN' },
    ];
    expect((await batch(events)).data!.recordStockEvents).toMatchObject({ applied: 3, duplicates: 0, rejected: 0 });
    const before = await books();
    expect((await batch(events)).data!.recordStockEvents).toMatchObject({ applied: 0, duplicates: 3, rejected: 0 });
    expect(await books()).toEqual(before);
    expect(before.stock.find((s) => s.productId === 'b' && s.locationId === 'l1')!.onHand).toBe(11);
  });

  it('refuses a malformed batch whole, naming the event and field, and changes nothing', async () => {
    const before = await books();
    const cases: [Record<string, unknown>[], string, string][] = [
      [[{ eventId: 'ok', productId: 'b', locationId: 'l1', delta: -1, reason: 'SALE' }, { eventId: 'bad', productId: 'b', locationId: 'l1', delta: 4, reason: 'SALE' }], 'events[1].delta', 'events[1] (bad): A SALE takes stock away: delta must be negative, got 4'],
      [[{ eventId: ' ', productId: 'b', locationId: 'l1', delta: -1, reason: 'SALE' }], 'events[0].eventId', 'events[0]: eventId is required in a batch (it makes replays safe)'],
      [[{ eventId: 'x', productId: 'b', locationId: 'l1', delta: 1, reason: 'RECEIPT', occurredAt: '2027-01-01T00:00:00.000Z' }], 'events[0].occurredAt', 'events[0] (x): occurredAt 2027-01-01T00:00:00.000Z is in the future'],
      [[{ eventId: 'y', productId: 'b', locationId: 'l1', delta: 1, reason: 'RECEIPT', reservationReference: 'offer:1' }], 'events[0].reservationReference', 'events[0] (y): Only a SALE can consume a reservation, not a RECEIPT'],
      [[], 'events', 'events must hold 1 to 1000 stock events, got 0'],
    ];
    for (const [events, field, message] of cases) {
      const r = await batch(events);
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.extensions!.field).toBe(field);
      expect(r.errors![0]!.message).toBe(message);
    }
    expect(await books()).toEqual(before);
  });

  it('rejects unknown products and locations per event, and goes on with the rest', async () => {
    const r = await batch([
      { eventId: 'u1', productId: 'ghost', locationId: 'l1', delta: 1, reason: 'RECEIPT' },
      { eventId: 'u2', productId: 'b', locationId: 'nowhere', delta: 1, reason: 'RECEIPT' },
      { eventId: 'u3', productId: 'b', locationId: 'l1', delta: 1, reason: 'RECEIPT' },
    ]);
    expect(r.data!.recordStockEvents.results.map((x: { status: string; code: string | null }) => [x.status, x.code])).toEqual([
      ['REJECTED', 'NOT_FOUND'],
      ['REJECTED', 'NOT_FOUND'],
      ['APPLIED', null],
    ]);
  });

  it('keeps on-hand at the sum of applied changes and never below zero, over random event sequences', async () => {
    const reasons = { SALE: -1, DAMAGE: -1, TRANSFER_OUT: -1, RECEIPT: 1, RETURN: 1, TRANSFER_IN: 1 } as const;
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.record({ reason: fc.constantFrom(...(Object.keys(reasons) as (keyof typeof reasons)[])), units: fc.integer({ min: 1, max: 6 }), replay: fc.boolean() }), { minLength: 1, maxLength: 25 }),
        async (steps) => {
          run++;
          await db.prisma.stockLevel.update({ where: { productId_locationId: { productId: 'a', locationId: 'l1' } }, data: { onHand: 3 } });
          const events = steps.map((s, i) => ({ eventId: `p${run}-${s.replay && i > 0 ? i - 1 : i}`, productId: 'a', locationId: 'l1', delta: reasons[s.reason] * s.units, reason: s.reason }));
          const r = await batch(events);
          const results = r.data!.recordStockEvents.results as { status: string; adjustment: { onHandAfter: number } | null }[];
          let expected = 3;
          const seen = new Set<string>();
          results.forEach((res, i) => {
            const e = events[i]!;
            if (seen.has(e.eventId)) return expect(res.status).toBe('DUPLICATE');
            if (expected + e.delta < 0) return expect(res.status).toBe('REJECTED');
            seen.add(e.eventId);
            expected += e.delta;
            expect(res).toMatchObject({ status: 'APPLIED', adjustment: { onHandAfter: expected } });
          });
          expect((await stockOf('a', 'l1')).onHand).toBe(expected);
        },
      ),
      { numRuns: 25, seed: 4 },
    );
  });
});

describe('stock holds', () => {
  it('take units out of available to promise, refuse what is not there, and are idempotent by reference', async () => {
    const hold = await gql(server.url, RESERVE, { input: { reference: 'offer:d1:b', productId: 'b', locationId: 'l1', quantity: 5, ttlSeconds: 60 } });
    expect(hold.data!.reserveStock).toMatchObject({ reference: 'offer:d1:b', quantity: 5, status: 'ACTIVE', expiresAt: '2026-11-20T12:01:00.000Z', closedAt: null });
    expect(await stockOf('b', 'l1')).toEqual({ onHand: 10, reserved: 5, safetyStock: 2, available: 3 });

    const again = await gql(server.url, RESERVE, { input: { reference: 'offer:d1:b', productId: 'b', locationId: 'l1', quantity: 5, ttlSeconds: 60 } });
    expect(again.data!.reserveStock.id).toBe(hold.data!.reserveStock.id);
    expect((await stockOf('b', 'l1')).reserved).toBe(5);

    const before = await books();
    const tooMany = await gql(server.url, RESERVE, { input: { reference: 'offer:d2:b', productId: 'b', locationId: 'l1', quantity: 4, ttlSeconds: 60 } });
    expect(errorCode(tooMany)).toBe('BAD_USER_INPUT');
    expect(tooMany.errors![0]!.message).toBe('Cannot hold 4 of product "b" at location "l1": only 3 available to promise');
    expect(tooMany.errors![0]!.extensions!.available).toBe(3);
    const badTtl = await gql(server.url, RESERVE, { input: { reference: 'x', productId: 'b', locationId: 'l1', quantity: 1, ttlSeconds: 0 } });
    expect(badTtl.errors![0]!.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'ttlSeconds' });
    expect(await books()).toEqual(before);
  });

  it('never over-reserve under concurrent holds for the last units', async () => {
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => gql(server.url, RESERVE, { input: { reference: `race-${i}`, productId: 'a', locationId: 'l1', quantity: 1, ttlSeconds: 60 } })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    expect(await stockOf('a', 'l1')).toMatchObject({ reserved: 3, available: 0 });
  });

  it('are released once: by the holder, by the sale that names them, or by expiry', async () => {
    for (const ref of ['h-release', 'h-sale', 'h-expire']) {
      expect((await gql(server.url, RESERVE, { input: { reference: ref, productId: 'b', locationId: 'w1', quantity: 10, ttlSeconds: ref === 'h-expire' ? 30 : 3600 } })).errors).toBeUndefined();
    }
    expect(await stockOf('b', 'w1')).toEqual({ onHand: 50, reserved: 30, safetyStock: 5, available: 15 });

    const released = await gql(server.url, RELEASE, { r: 'h-release' });
    expect(released.data!.releaseStockReservation).toMatchObject({ status: 'RELEASED', closedAt: clock.toISOString() });
    expect((await gql(server.url, RELEASE, { r: 'h-release' })).data!.releaseStockReservation.status).toBe('RELEASED');
    expect((await stockOf('b', 'w1')).reserved).toBe(20);
    expect(errorCode(await gql(server.url, RELEASE, { r: 'never-held' }))).toBe('NOT_FOUND');

    const sale = await batch([{ eventId: 's1', productId: 'b', locationId: 'w1', delta: -10, reason: 'SALE', reservationReference: 'h-sale' }]);
    expect(sale.data!.recordStockEvents.applied).toBe(1);
    expect(await stockOf('b', 'w1')).toEqual({ onHand: 40, reserved: 10, safetyStock: 5, available: 25 });

    clock = new Date(clock.getTime() + 31_000);
    expect(await inventory.reservations.expireDue()).toBe(1);
    expect(await inventory.reservations.expireDue()).toBe(0);
    expect(await stockOf('b', 'w1')).toEqual({ onHand: 40, reserved: 0, safetyStock: 5, available: 35 });
    const statuses = Object.fromEntries((await db.prisma.stockReservation.findMany()).map((r) => [r.reference, r.status]));
    expect(statuses).toEqual({ 'h-release': 'RELEASED', 'h-sale': 'CONSUMED', 'h-expire': 'EXPIRED' });

    await expect.poll(() => reservationEvents.map((e) => `${e.reference}:${e.status}:${e.available}`)).toEqual([
      'h-release:ACTIVE:35',
      'h-sale:ACTIVE:25',
      'h-expire:ACTIVE:15',
      'h-release:RELEASED:25',
      'h-sale:CONSUMED:25',
      'h-expire:EXPIRED:35',
    ]);
  });

  it('of one request are placed in the order given, in one request: replays ignored, short or unknown stock REFUSED', async () => {
    const slate = [
      { reference: 'slate-1', productId: 'a', locationId: 'l1', quantity: 2, ttlSeconds: 600 },
      { reference: 'slate-2', productId: 'b', locationId: 'l1', quantity: 1, ttlSeconds: 600 },
      { reference: 'slate-3', productId: 'a', locationId: 'l1', quantity: 2, ttlSeconds: 600 }, // only 1 left after slate-1
      { reference: 'slate-4', productId: 'zzz', locationId: 'l1', quantity: 1, ttlSeconds: 600 }, // not stocked there
      { reference: 'slate-5', productId: 'a', locationId: 'l1', quantity: 0, ttlSeconds: 600 }, // malformed
      { reference: 'slate-1', productId: 'a', locationId: 'l1', quantity: 2, ttlSeconds: 600 }, // replayed inside the batch
    ];
    await bus.publish(Topics.stockHolds, STOCK_HOLDS_REQUESTED, { holds: slate });
    await expect.poll(() => reservationEvents.length).toBe(5);
    expect(reservationEvents.map((e) => `${e.reference}:${e.status}:${e.reserved}:${e.available}`)).toEqual([
      'slate-1:ACTIVE:2:1',
      'slate-2:ACTIVE:1:7',
      'slate-3:REFUSED:2:1',
      'slate-4:REFUSED:0:0',
      'slate-5:REFUSED:2:1',
    ]);
    expect(await stockOf('a', 'l1')).toEqual({ onHand: 3, reserved: 2, safetyStock: 0, available: 1 });
    const held = await db.prisma.stockReservation.findMany({ orderBy: { reference: 'asc' } });
    const expiresAt = new Date(clock.getTime() + 600_000).toISOString();
    expect(held.map((h) => [h.reference, h.status, h.quantity, h.expiresAt.toISOString()])).toEqual([
      ['slate-1', 'ACTIVE', 2, expiresAt],
      ['slate-2', 'ACTIVE', 1, expiresAt],
    ]);
    // The whole request again (a redelivery): nothing changes, nothing is announced.
    const before = await books();
    expect(await inventory.reservations.placeHolds(slate.slice(0, 2))).toEqual({ placed: 0, refused: 0, replayed: 2, alreadyHeld: 0 });
    expect(await books()).toEqual(before);
  });

  it('of concurrent slates never over-reserve the last units', async () => {
    const slates = Array.from({ length: 8 }, (_, i) => [
      { reference: `c${i}-a`, productId: 'a', locationId: 'l1', quantity: 1, ttlSeconds: 600 },
      { reference: `c${i}-b`, productId: 'b', locationId: 'l1', quantity: 1, ttlSeconds: 600 },
    ]);
    const results = await Promise.all(slates.map((holds) => inventory.reservations.placeHolds(holds)));
    expect(results.reduce((n, r) => n + r.placed, 0)).toBe(3 + 8); // 3 of a; 8 of b (10 on hand, 2 safety)
    expect(await stockOf('a', 'l1')).toMatchObject({ reserved: 3, available: 0 });
    expect(await stockOf('b', 'l1')).toMatchObject({ reserved: 8, available: 0 });
    expect(await db.prisma.stockReservation.count({ where: { status: 'ACTIVE' } })).toBe(11);
  });

  it('expire together: each due hold is closed once and the units come back per location', async () => {
    await inventory.reservations.placeHolds([
      { reference: 'x1', productId: 'b', locationId: 'w1', quantity: 5, ttlSeconds: 10 },
      { reference: 'x2', productId: 'b', locationId: 'w1', quantity: 7, ttlSeconds: 10 },
      { reference: 'x3', productId: 'b', locationId: 'l1', quantity: 3, ttlSeconds: 10 },
      { reference: 'x4', productId: 'b', locationId: 'l1', quantity: 1, ttlSeconds: 100 },
    ]);
    await expect.poll(() => reservationEvents.length).toBe(4);
    clock = new Date(clock.getTime() + 11_000);
    const closedAt = clock.toISOString();
    try {
      expect(await inventory.reservations.expireDue(2)).toBe(3); // two batches of at most 2
      expect(await inventory.reservations.expireDue()).toBe(0);
    } finally {
      clock = new Date(clock.getTime() - 11_000);
    }
    expect(await stockOf('b', 'w1')).toMatchObject({ reserved: 0, available: 45 });
    expect(await stockOf('b', 'l1')).toMatchObject({ reserved: 1, available: 7 });
    const statuses = Object.fromEntries((await db.prisma.stockReservation.findMany()).map((r) => [r.reference, [r.status, r.closedAt?.toISOString() ?? null]]));
    expect(statuses).toEqual({
      x1: ['EXPIRED', closedAt],
      x2: ['EXPIRED', closedAt],
      x3: ['EXPIRED', closedAt],
      x4: ['ACTIVE', null],
    });
    await expect.poll(() => reservationEvents.length).toBe(7);
    const expired = reservationEvents.slice(4).map((e) => `${e.reference}:${e.status}`).sort();
    expect(expired).toEqual(['x1:EXPIRED', 'x2:EXPIRED', 'x3:EXPIRED']);
    // Every announcement carries the location's stock after its batch: the last one per location is the truth.
    const last = new Map(reservationEvents.slice(4).map((e) => [`${e.productId}@${e.locationId}`, e.available]));
    expect(Object.fromEntries(last)).toEqual({ 'b@w1': 45, 'b@l1': 7 });
  });

  it('are placed and released on request over the bus, and a request with too little stock is answered REFUSED', async () => {
    await bus.publish(Topics.stockHolds, STOCK_HOLDS_REQUESTED, { holds: [{ reference: 'bus-1', productId: 'a', locationId: 'l1', quantity: 2, ttlSeconds: 600 }] });
    await bus.publish(Topics.stockHolds, STOCK_HOLDS_REQUESTED, { holds: [{ reference: 'bus-2', productId: 'a', locationId: 'l1', quantity: 2, ttlSeconds: 600 }] });
    await expect.poll(() => reservationEvents.map((e) => `${e.reference}:${e.status}`)).toEqual(['bus-1:ACTIVE', 'bus-2:REFUSED']);
    expect((await stockOf('a', 'l1')).reserved).toBe(2);
    await bus.publish(Topics.stockHolds, STOCK_HOLD_RELEASE_REQUESTED, { reference: 'bus-1' });
    await bus.publish(Topics.stockHolds, STOCK_HOLD_RELEASE_REQUESTED, { reference: 'bus-2' });
    await expect.poll(async () => (await stockOf('a', 'l1')).reserved).toBe(0);
    await settle();
    expect(reservationEvents.map((e) => `${e.reference}:${e.status}`)).toEqual(['bus-1:ACTIVE', 'bus-2:REFUSED', 'bus-1:RELEASED']);
  });

  it('released before their request arrives (the two left on different relays) are not placed late', async () => {
    await bus.publish(Topics.stockHolds, STOCK_HOLD_RELEASE_REQUESTED, { reference: 'overtaken', productId: 'a', locationId: 'l1' });
    await expect.poll(async () => (await inventory.reservations.byReference('overtaken'))?.status).toBe('RELEASED');
    expect(await inventory.reservations.placeHolds([{ reference: 'overtaken', holder: 'shopper:late', productId: 'a', locationId: 'l1', quantity: 1, ttlSeconds: 600 }])).toEqual({ placed: 0, refused: 0, replayed: 1, alreadyHeld: 0 });
    expect((await stockOf('a', 'l1')).reserved).toBe(0);
    // A release that says nothing of where (an older producer) records nothing: the reference stays free.
    await bus.publish(Topics.stockHolds, STOCK_HOLD_RELEASE_REQUESTED, { reference: 'overtaken-old' });
    await bus.publish(Topics.stockHolds, STOCK_HOLDS_REQUESTED, { holds: [{ reference: 'marker', productId: 'a', locationId: 'l1', quantity: 1, ttlSeconds: 600 }] });
    await expect.poll(() => reservationEvents.some((e) => e.reference === 'marker')).toBe(true); // the queue is handled in order: the release came first
    expect(await inventory.reservations.byReference('overtaken-old')).toBeNull();
  });
});

describe('stock holds per holder', () => {
  const cart = (reference: string, holder: string, productId: string, locationId: string) => ({ reference, holder, productId, locationId, quantity: 1, ttlSeconds: 600 });

  it('hold at most one unit per holder and product: a second request holds nothing, another holder still can, and a closed hold makes room', async () => {
    expect(await inventory.reservations.placeHolds([cart('cart-1', 'shopper:c1', 'b', 'l1')])).toEqual({ placed: 1, refused: 0, replayed: 0, alreadyHeld: 0 });
    await expect.poll(() => reservationEvents.length).toBe(1);
    const before = await books();
    // The same shopper and product again: another offer's reference, even another location.
    expect(await inventory.reservations.placeHolds([cart('cart-2', 'shopper:c1', 'b', 'l1'), cart('cart-3', 'shopper:c1', 'b', 'w1')])).toEqual({ placed: 0, refused: 0, replayed: 0, alreadyHeld: 2 });
    expect(await books()).toEqual(before);
    expect(await inventory.reservations.placeHolds([cart('cart-4', 'shopper:c2', 'b', 'l1'), cart('cart-5', 'shopper:c1', 'a', 'l1')])).toMatchObject({ placed: 2, alreadyHeld: 0 });
    expect((await stockOf('b', 'l1')).reserved).toBe(2);

    await inventory.reservations.release('cart-1');
    expect(await inventory.reservations.placeHolds([cart('cart-6', 'shopper:c1', 'b', 'l1')])).toMatchObject({ placed: 1, alreadyHeld: 0 });
    const active = await db.prisma.stockReservation.findMany({ where: { holder: 'shopper:c1', status: 'ACTIVE' }, orderBy: { reference: 'asc' } });
    expect(active.map((r) => `${r.reference}:${r.productId}`)).toEqual(['cart-5:a', 'cart-6:b']);
    // The relay publishes in commit order: once cart-6's hold is announced, one for cart-2 or cart-3 would have been.
    await expect.poll(() => reservationEvents.map((e) => e.reference)).toContain('cart-6');
    expect(reservationEvents.some((e) => e.reference === 'cart-2' || e.reference === 'cart-3')).toBe(false); // nothing changed: nothing announced
  });

  it('answer a holder that holds the last unit with its hold, not REFUSED; a malformed holder is refused', async () => {
    for (const c of ['c1', 'c2', 'c3']) await inventory.reservations.placeHolds([cart(`last-${c}`, `shopper:${c}`, 'a', 'l1')]);
    expect(await stockOf('a', 'l1')).toMatchObject({ reserved: 3, available: 0 });
    expect(await inventory.reservations.placeHolds([cart('last-c1-again', 'shopper:c1', 'a', 'l1')])).toMatchObject({ refused: 0, alreadyHeld: 1 });
    expect(await inventory.reservations.placeHolds([cart('last-c4', 'shopper:c4', 'a', 'l1')])).toMatchObject({ placed: 0, refused: 1 });
    await inventory.reservations.release('last-c2');
    expect(await inventory.reservations.placeHolds([cart('blank-holder', ' ', 'a', 'l1'), cart('long-holder', 'x'.repeat(201), 'a', 'l1')])).toMatchObject({ placed: 0, refused: 2 });
    await expect.poll(() => reservationEvents.filter((e) => e.status === 'REFUSED').map((e) => e.reference)).toEqual(['last-c4', 'blank-holder', 'long-holder']);
  });

  it('of one holder, requested concurrently, place one hold', async () => {
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => inventory.reservations.placeHolds([cart(`conc-${i}`, 'shopper:busy', 'b', i % 2 ? 'l1' : 'w1')])));
    expect(results.reduce((n, r) => n + r.placed, 0)).toBe(1);
    expect(results.reduce((n, r) => n + r.alreadyHeld, 0)).toBe(5);
    const [l1, w1] = [await stockOf('b', 'l1'), await stockOf('b', 'w1')];
    expect(l1.reserved! + w1.reserved!).toBe(1);
  });
});

describe('stock row versions', () => {
  const VERSIONS = `{ stockLevels(first: 10) { edges { node { product { id } location { id } available version } } } }`;

  it('go up with every change to the row, in the statement that makes it, and every stock event carries the version after it', async () => {
    const row = async () => (await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: 'b', locationId: 'l1' } } })).version;
    const start = await row();
    expect((await batch([{ eventId: 'v1', productId: 'b', locationId: 'l1', delta: 2, reason: 'RECEIPT' }])).data!.recordStockEvents.applied).toBe(1);
    expect(await row()).toBe(start + 1);
    const unchanged = await books();
    expect((await batch([{ eventId: 'v-too-many', productId: 'b', locationId: 'l1', delta: -500, reason: 'SALE' }])).data!.recordStockEvents.rejected).toBe(1);
    expect(errorCode(await gql(server.url, RESERVE, { input: { reference: 'v-short', productId: 'b', locationId: 'l1', quantity: 500, ttlSeconds: 60 } }))).toBe('BAD_USER_INPUT');
    expect(await books()).toEqual(unchanged); // refused changes change no version either
    await gql(server.url, RESERVE, { input: { reference: 'v-hold', productId: 'b', locationId: 'l1', quantity: 1, ttlSeconds: 60 } });
    await gql(server.url, RESERVE, { input: { reference: 'v-sold', productId: 'b', locationId: 'l1', quantity: 1, ttlSeconds: 3600 } });
    await gql(server.url, `mutation { setSafetyStock(productId: "b", locationId: "l1", units: 3) { version } }`);
    await gql(server.url, RELEASE, { r: 'v-hold' });
    await batch([{ eventId: 'v2', productId: 'b', locationId: 'l1', delta: -1, reason: 'SALE', reservationReference: 'v-sold' }]);
    await gql(server.url, `mutation { transferStock(input: { eventId: "v3", productId: "b", fromLocationId: "l1", toLocationId: "w1", units: 2 }) { duplicate } }`);
    await inventory.reservations.placeHolds([{ reference: 'v-expire', productId: 'b', locationId: 'l1', quantity: 1, ttlSeconds: 10 }]);
    clock = new Date(clock.getTime() + 11_000);
    try {
      expect(await inventory.reservations.expireDue()).toBe(1);
    } finally {
      clock = new Date(clock.getTime() - 11_000);
    }
    // receipt, two holds, safety stock, release, sale (+ the hold it consumed), transfer out, hold, expiry
    await expect.poll(() => stockEvents.filter((e) => e.row === 'b@l1').length).toBe(10);
    const events = stockEvents.filter((e) => e.row === 'b@l1');
    const versions = events.map((e) => e.version);
    expect(versions).toEqual([...versions].sort((x, y) => x - y));
    expect(new Set(versions.slice(0, 5)).size).toBe(5);
    expect(versions.at(-1)).toBe(await row());
    const levels = (await gql(server.url, VERSIONS)).data!.stockLevels.edges.map((e: { node: { product: { id: string }; location: { id: string }; available: number; version: number } }) => e.node);
    const stored = await db.prisma.stockLevel.findMany();
    for (const n of levels) expect(n.version).toBe(stored.find((s) => s.productId === n.product.id && s.locationId === n.location.id)!.version);
    expect(levels.find((n: { product: { id: string }; location: { id: string } }) => n.product.id === 'b' && n.location.id === 'l1')).toMatchObject({ available: events.at(-1)!.available, version: versions.at(-1) });
  });
});

describe('setSafetyStock', () => {
  const SET = `mutation($p: ID!, $l: ID!, $u: Int!) { setSafetyStock(productId: $p, locationId: $l, units: $u) { product { id } location { id } onHand reserved safetyStock available updatedAt } }`;

  it('moves what can be promised and announces it with the stock after', async () => {
    safetyEvents.length = 0;
    const r = await gql(server.url, SET, { p: 'b', l: 'l1', u: 7 });
    expect(r.errors).toBeUndefined();
    expect(r.data!.setSafetyStock).toMatchObject({ product: { id: 'b' }, location: { id: 'l1' }, onHand: 10, reserved: 0, safetyStock: 7, available: 3 });
    expect(new Date(r.data!.setSafetyStock.updatedAt).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(await stockOf('b', 'l1')).toEqual({ onHand: 10, reserved: 0, safetyStock: 7, available: 3 });
    await expect.poll(() => safetyEvents.length).toBe(1);
    expect(safetyEvents[0]).toMatchObject({ productId: 'b', locationId: 'l1', safetyStockBefore: 2, safetyStock: 7, onHand: 10, reserved: 0, available: 3, occurredAt: clock.toISOString() });
    // Above on hand: nothing can be promised, and holds are refused.
    expect((await gql(server.url, SET, { p: 'b', l: 'l1', u: 50 })).data!.setSafetyStock.available).toBe(0);
    const hold = await gql(server.url, RESERVE, { input: { reference: 'after-safety', productId: 'b', locationId: 'l1', quantity: 1, ttlSeconds: 60 } });
    expect(errorCode(hold)).toBe('BAD_USER_INPUT');
  });

  it('refuses bad units and unknown stock rows and changes nothing', async () => {
    safetyEvents.length = 0;
    const before = await books();
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ p: 'b', l: 'l1', u: -1 }, 'BAD_USER_INPUT', 'units'],
      [{ p: 'b', l: 'l1', u: 1_000_001 }, 'BAD_USER_INPUT', 'units'],
      [{ p: ' ', l: 'l1', u: 1 }, 'BAD_USER_INPUT', 'productId'],
      [{ p: 'a', l: 'w1', u: 1 }, 'NOT_FOUND', undefined],
    ];
    for (const [vars, code, field] of cases) {
      const r = await gql(server.url, SET, vars);
      expect(errorCode(r)).toBe(code);
      if (field) expect(r.errors![0]!.extensions!.field).toBe(field);
    }
    expect(await books()).toEqual(before);
    await settle();
    expect(safetyEvents).toEqual([]);
  });
});

describe('transferStock', () => {
  const TRANSFER = `mutation($i: TransferStockInput!) { transferStock(input: $i) { duplicate
    out { eventId reason delta onHandBefore onHandAfter location { id } }
    in { eventId reason delta onHandBefore onHandAfter location { id } } } }`;
  const transfer = (i: Record<string, unknown>) => gql(server.url, TRANSFER, { i });

  it('moves units between two locations at once, both legs audited, and a replay changes nothing', async () => {
    const r = await transfer({ eventId: 'tr-1', productId: 'b', fromLocationId: 'l1', toLocationId: 'w1', units: 4 });
    expect(r.errors).toBeUndefined();
    expect(r.data!.transferStock).toEqual({
      duplicate: false,
      out: { eventId: 'tr-1:out', reason: 'TRANSFER_OUT', delta: -4, onHandBefore: 10, onHandAfter: 6, location: { id: 'l1' } },
      in: { eventId: 'tr-1:in', reason: 'TRANSFER_IN', delta: 4, onHandBefore: 50, onHandAfter: 54, location: { id: 'w1' } },
    });
    const before = await books();
    const again = await transfer({ eventId: 'tr-1', productId: 'b', fromLocationId: 'l1', toLocationId: 'w1', units: 4 });
    expect(again.data!.transferStock.duplicate).toBe(true);
    expect(again.data!.transferStock.out.onHandAfter).toBe(6);
    expect(await books()).toEqual(before);
  });

  it('is refused whole when the source has too few, or the input is wrong, and changes nothing', async () => {
    const before = await books();
    const short = await transfer({ eventId: 'tr-2', productId: 'b', fromLocationId: 'l1', toLocationId: 'w1', units: 11 });
    expect(errorCode(short)).toBe('BAD_USER_INPUT');
    expect(short.errors![0]!.message).toBe('Cannot transfer 11 of product "b" from location "l1": only 10 on hand');
    expect(short.errors![0]!.extensions).toMatchObject({ field: 'units', available: 10 });
    const cases: [Record<string, unknown>, string, string | undefined][] = [
      [{ eventId: 'tr-3', productId: 'b', fromLocationId: 'l1', toLocationId: 'l1', units: 1 }, 'BAD_USER_INPUT', 'toLocationId'],
      [{ eventId: 'tr-4', productId: 'b', fromLocationId: 'l1', toLocationId: 'w1', units: 0 }, 'BAD_USER_INPUT', 'units'],
      [{ eventId: ' ', productId: 'b', fromLocationId: 'l1', toLocationId: 'w1', units: 1 }, 'BAD_USER_INPUT', 'eventId'],
      [{ eventId: 'tr-5', productId: 'b', fromLocationId: 'l1', toLocationId: 'nowhere', units: 1 }, 'NOT_FOUND', undefined],
      [{ eventId: 'tr-6', productId: 'nothing', fromLocationId: 'l1', toLocationId: 'w1', units: 1 }, 'NOT_FOUND', undefined],
    ];
    for (const [input, code, field] of cases) {
      const r = await transfer(input);
      expect(errorCode(r)).toBe(code);
      if (field) expect(r.errors![0]!.extensions!.field).toBe(field);
    }
    expect(await books()).toEqual(before);
  });

  it('under concurrent transfers never takes the source below zero and keeps the units it moves', async () => {
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => transfer({ eventId: `race-tr-${i}`, productId: 'b', fromLocationId: 'l1', toLocationId: 'w1', units: 3 })),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(3);
    const { stock, adjustments } = await books();
    const at = (l: string) => stock.find((s) => s.productId === 'b' && s.locationId === l)!.onHand;
    expect([at('l1'), at('w1')]).toEqual([1, 59]);
    expect(adjustments).toBe(6); // three transfers, two legs each
  });
});
