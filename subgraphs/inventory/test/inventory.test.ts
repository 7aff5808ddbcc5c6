import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startOutboxRelay, type Database, type OutboxRelay } from '@retail/db';
import { createMemoryEventBus, Topics, type BusEvent, type EventBus, type RunningServer } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { leastQueries } from '@retail/test-support/queryCount';
import { createServer, STOCK_ADJUSTED, type StockAdjustedEvent } from '../src/index.ts';

let db: Database;
let bus: EventBus;
let outbox: OutboxRelay;
let server: RunningServer;
const events: BusEvent<StockAdjustedEvent>[] = [];

const ADJUST = `mutation($p: ID!, $l: ID!, $d: Int!, $r: StockChangeReason!, $e: ID) {
  adjustStock(productId: $p, locationId: $l, delta: $d, reason: $r, eventId: $e) {
    id eventId product { id } location { code } delta reason onHandBefore onHandAfter actor occurredAt
    stock { onHand reserved safetyStock available location { id } }
  }
}`;

const adjust = (vars: { p: string; l: string; d: number; r: string; e?: string | null }, headers?: Record<string, string>) =>
  gql(server.url, ADJUST, vars, headers);

/** Everything a refused change must leave untouched. */
async function snapshot() {
  const [stock, adjustments] = await Promise.all([
    db.prisma.stockLevel.findMany({ orderBy: [{ productId: 'asc' }, { locationId: 'asc' }] }),
    db.prisma.stockAdjustment.findMany({ orderBy: { id: 'asc' } }),
  ]);
  return { stock, adjustments, events: events.length };
}

const settle = () => new Promise((r) => setTimeout(r, 20)); // memory bus delivers asynchronously

beforeAll(async () => {
  db = await openTestDatabase();
  bus = createMemoryEventBus();
  await bus.subscribe<StockAdjustedEvent>(Topics.stock, (e) => {
    events.push(e);
  });
  await db.prisma.location.createMany({
    data: [
      { id: 'l1', code: 'S-001', name: 'Downtown', type: 'STORE', city: 'Springfield', region: 'North', lat: 40.1, lon: -75.2, timezone: 'America/New_York' },
      { id: 'l2', code: 'S-002', name: 'Mall', type: 'STORE', city: 'Shelbyville', region: 'North', lat: 40.3, lon: -75.5 },
      { id: 'w1', code: 'W-001', name: 'Central DC', type: 'WAREHOUSE', city: 'Capital City', region: 'Central', lat: 39.9, lon: -76 },
    ],
  });
  await db.prisma.stockLevel.createMany({
    data: [
      { productId: 'p1', locationId: 'l1', onHand: 10, reserved: 2, safetyStock: 3 },
      { productId: 'p1', locationId: 'l2', onHand: 1, reserved: 1, safetyStock: 5 }, // short: available clamps to 0 here
      { productId: 'p1', locationId: 'w1', onHand: 100, reserved: 10, safetyStock: 0 },
      { productId: 'p2', locationId: 'l1', onHand: 4 },
      { productId: 'race', locationId: 'l1', onHand: 10 },
      { productId: 'bad', locationId: 'l1', onHand: 5 },
      { productId: 'idem', locationId: 'l1', onHand: 5 },
      { productId: 'burst', locationId: 'l1', onHand: 7 },
    ],
  });
  outbox = startOutboxRelay(db, bus, { pollMs: 10 });
  server = await createServer({ db, outbox }).listen(0);
});

afterAll(async () => {
  await server?.stop();
  await outbox?.stop();
  await bus?.close();
  await db?.close();
});

describe('locations', () => {
  it('resolves a location, lists them by type, and answers null for an unknown id', async () => {
    const r = await gql(server.url, `{ location(id: "l1") { id code name type city region latitude longitude timezone }
      missing: location(id: "nope") { id } stores: locations(type: STORE) { code } all: locations { code } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.location).toEqual({ id: 'l1', code: 'S-001', name: 'Downtown', type: 'STORE', city: 'Springfield', region: 'North', latitude: 40.1, longitude: -75.2, timezone: 'America/New_York' });
    expect(r.data!.missing).toBeNull();
    expect(r.data!.stores.map((l: any) => l.code)).toEqual(['S-001', 'S-002']);
    expect(r.data!.all.map((l: any) => l.code)).toEqual(['S-001', 'S-002', 'W-001']);
  });

  it('resolves Location references for the gateway in one query', async () => {
    const request = () => gql(server.url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Location { id code } } }', {
      r: ['l1', 'w1', 'nope'].map((id) => ({ __typename: 'Location', id })),
    });
    const r = await request();
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities).toEqual([{ id: 'l1', code: 'S-001' }, { id: 'w1', code: 'W-001' }, null]);
    expect(await leastQueries(db, request)).toBe(1);
  });
});

describe('Product.availability', () => {
  it('sums over locations, clamping available per location, and narrows to one location', async () => {
    const r = await gql(server.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id
        all: availability { onHand reserved safetyStock available byLocation { location { code } onHand reserved safetyStock available updatedAt } }
        one: availability(locationId: "l1") { onHand reserved safetyStock available byLocation { location { code } } } } } }`,
      { r: [{ __typename: 'Product', id: 'p1' }] });
    expect(r.errors).toBeUndefined();
    const [p1] = r.data!._entities;
    // available: (10-2-3) + max(0, 1-1-5) + (100-10-0) = 5 + 0 + 90
    expect(p1.all).toMatchObject({ onHand: 111, reserved: 13, safetyStock: 8, available: 95 });
    expect(p1.all.byLocation.map((s: any) => [s.location.code, s.onHand, s.reserved, s.safetyStock, s.available])).toEqual([
      ['S-001', 10, 2, 3, 5],
      ['S-002', 1, 1, 5, 0],
      ['W-001', 100, 10, 0, 90],
    ]);
    expect(new Date(p1.all.byLocation[0].updatedAt).toISOString()).toBe(p1.all.byLocation[0].updatedAt);
    expect(p1.one).toEqual({ onHand: 10, reserved: 2, safetyStock: 3, available: 5, byLocation: [{ location: { code: 'S-001' } }] });
  });

  it('answers zeros for a product it does not stock, or a location without the product', async () => {
    const r = await gql(server.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id
        availability { onHand reserved safetyStock available byLocation { onHand } } elsewhere: availability(locationId: "w1") { onHand byLocation { onHand } } } } }`,
      { r: [{ __typename: 'Product', id: 'unknown' }, { __typename: 'Product', id: 'p2' }] });
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities[0]).toEqual({ id: 'unknown', availability: { onHand: 0, reserved: 0, safetyStock: 0, available: 0, byLocation: [] }, elsewhere: { onHand: 0, byLocation: [] } });
    expect(r.data!._entities[1].availability.onHand).toBe(4);
    expect(r.data!._entities[1].elsewhere).toEqual({ onHand: 0, byLocation: [] });
  });

  it('makes one stock query and one location query for every product of a request', async () => {
    const request = () => gql(server.url, `query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id
        availability { available byLocation { location { code } } } atStore: availability(locationId: "l1") { available } } } }`,
      { r: ['p1', 'p2', 'unknown', 'race'].map((id) => ({ __typename: 'Product', id })) });
    const r = await request();
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities.map((e: any) => e.id)).toEqual(['p1', 'p2', 'unknown', 'race']);
    expect(await leastQueries(db, request)).toBe(2);
  });
});

describe('Mutation.adjustStock', () => {
  beforeEach(settle);

  it('applies a change, audits it with the viewer as actor, and publishes stock.adjusted after commit', async () => {
    const seen = events.length;
    const r = await adjust({ p: 'p2', l: 'l1', d: -3, r: 'SALE', e: 'pos-1' }, { 'x-viewer-id': 'clerk-7' });
    expect(r.errors).toBeUndefined();
    const a = r.data!.adjustStock;
    expect(a).toMatchObject({ eventId: 'pos-1', product: { id: 'p2' }, location: { code: 'S-001' }, delta: -3, reason: 'SALE', onHandBefore: 4, onHandAfter: 1, actor: 'clerk-7' });
    expect(a.stock).toEqual({ onHand: 1, reserved: 0, safetyStock: 0, available: 1, location: { id: 'l1' } });
    const row = await db.prisma.stockAdjustment.findUniqueOrThrow({ where: { id: a.id } });
    expect(row).toMatchObject({ onHandFrom: 4, onHandTo: 1, actor: 'clerk-7', reason: 'SALE' });
    await settle();
    expect(events.length).toBe(seen + 1);
    expect(events.at(-1)).toMatchObject({
      topic: Topics.stock,
      type: STOCK_ADJUSTED,
      payload: { adjustmentId: a.id, eventId: 'pos-1', productId: 'p2', locationId: 'l1', delta: -3, reason: 'SALE', onHandBefore: 4, onHandAfter: 1, available: 1, actor: 'clerk-7' },
    });
  });

  it('creates the stock row when a known product first arrives at a location', async () => {
    const r = await adjust({ p: 'p2', l: 'w1', d: 50, r: 'RECEIPT' });
    expect(r.errors).toBeUndefined();
    expect(r.data!.adjustStock).toMatchObject({ onHandBefore: 0, onHandAfter: 50, actor: null, eventId: null, stock: { onHand: 50, available: 50 } });
    expect((await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: 'p2', locationId: 'w1' } } })).onHand).toBe(50);
  });

  it('allows COUNT_CORRECTION either way, down to exactly zero', async () => {
    const up = await adjust({ p: 'p2', l: 'w1', d: 5, r: 'COUNT_CORRECTION' });
    expect(up.data!.adjustStock.onHandAfter).toBe(55);
    const down = await adjust({ p: 'p2', l: 'w1', d: -55, r: 'COUNT_CORRECTION' });
    expect(down.data!.adjustStock).toMatchObject({ onHandBefore: 55, onHandAfter: 0 });
  });

  it('sees its own earlier changes within one request', async () => {
    const r = await gql(server.url, `mutation {
      a: adjustStock(productId: "p2", locationId: "w1", delta: 2, reason: RECEIPT) { onHandAfter stock { onHand } }
      b: adjustStock(productId: "p2", locationId: "w1", delta: 3, reason: RECEIPT) { onHandAfter stock { onHand } } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data).toEqual({ a: { onHandAfter: 2, stock: { onHand: 2 } }, b: { onHandAfter: 5, stock: { onHand: 5 } } });
  });

  it('is idempotent by eventId: a replay returns the first adjustment and changes nothing', async () => {
    const first = await adjust({ p: 'idem', l: 'l1', d: -2, r: 'SALE', e: 'evt-idem' });
    expect(first.errors).toBeUndefined();
    await settle();
    const before = await snapshot();
    const replay = await adjust({ p: 'idem', l: 'l1', d: -2, r: 'SALE', e: 'evt-idem' });
    expect(replay.errors).toBeUndefined();
    expect(replay.data!.adjustStock.id).toBe(first.data!.adjustStock.id);
    expect(replay.data!.adjustStock).toMatchObject({ onHandBefore: 5, onHandAfter: 3 });
    await settle();
    expect(await snapshot()).toEqual(before); // no stock change, no audit row, no event
  });

  it('settles concurrent replays of one eventId to a single change', async () => {
    const results = await Promise.all(Array.from({ length: 5 }, () => adjust({ p: 'burst', l: 'l1', d: 1, r: 'RETURN', e: 'evt-burst' })));
    expect(results.every((r) => !r.errors)).toBe(true);
    expect(new Set(results.map((r) => r.data!.adjustStock.id)).size).toBe(1);
    expect(await db.prisma.stockAdjustment.count({ where: { eventId: 'evt-burst' } })).toBe(1);
    expect((await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: 'burst', locationId: 'l1' } } })).onHand).toBe(8);
  });

  it('never oversells: 20 concurrent sales of 1 against 10 on hand → exactly 10 succeed', async () => {
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => adjust({ p: 'race', l: 'l1', d: -1, r: 'SALE', e: `race-${i}` })));
    const ok = results.filter((r) => !r.errors);
    const refused = results.filter((r) => r.errors);
    expect(ok).toHaveLength(10);
    expect(refused).toHaveLength(10);
    expect(refused.every((r) => errorCode(r) === 'BAD_USER_INPUT' && r.errors![0]!.extensions!.available === 0)).toBe(true);
    expect(ok.map((r) => r.data!.adjustStock.onHandAfter).sort((a: number, b: number) => a - b)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect((await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: 'race', locationId: 'l1' } } })).onHand).toBe(0);
    expect(await db.prisma.stockAdjustment.count({ where: { productId: 'race' } })).toBe(10);
  });

  describe('refuses bad input and changes nothing', () => {
    const cases: [string, { p: string; l: string; d: number; r: string; e?: string }, string, Record<string, unknown>?][] = [
      ['a zero delta', { p: 'bad', l: 'l1', d: 0, r: 'COUNT_CORRECTION' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['a delta above 1,000,000', { p: 'bad', l: 'l1', d: 1_000_001, r: 'RECEIPT' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['a delta below -1,000,000', { p: 'bad', l: 'l1', d: -1_000_001, r: 'COUNT_CORRECTION' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['a positive SALE', { p: 'bad', l: 'l1', d: 1, r: 'SALE' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['a positive TRANSFER_OUT', { p: 'bad', l: 'l1', d: 1, r: 'TRANSFER_OUT' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['a positive DAMAGE', { p: 'bad', l: 'l1', d: 1, r: 'DAMAGE' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['a negative RECEIPT', { p: 'bad', l: 'l1', d: -1, r: 'RECEIPT' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['a negative RETURN', { p: 'bad', l: 'l1', d: -1, r: 'RETURN' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['a negative TRANSFER_IN', { p: 'bad', l: 'l1', d: -1, r: 'TRANSFER_IN' }, 'BAD_USER_INPUT', { field: 'delta' }],
      ['an eventId over 200 characters', { p: 'bad', l: 'l1', d: -1, r: 'SALE', e: 'x'.repeat(201) }, 'BAD_USER_INPUT', { field: 'eventId' }],
      ['an empty eventId', { p: 'bad', l: 'l1', d: -1, r: 'SALE', e: '' }, 'BAD_USER_INPUT', { field: 'eventId' }],
      ['an unknown location', { p: 'bad', l: 'nowhere', d: 1, r: 'RECEIPT' }, 'NOT_FOUND', { type: 'Location', id: 'nowhere' }],
      ['a product with no stock anywhere', { p: 'ghost', l: 'l1', d: 1, r: 'RECEIPT' }, 'NOT_FOUND', { type: 'Product', id: 'ghost' }],
      ['more than is on hand', { p: 'bad', l: 'l1', d: -6, r: 'SALE', e: 'too-many' }, 'BAD_USER_INPUT', { available: 5 }],
      ['any sale where the product has no row', { p: 'bad', l: 'l2', d: -1, r: 'DAMAGE' }, 'BAD_USER_INPUT', { available: 0 }],
    ];

    it.each(cases)('%s', async (_, vars, code, extensions) => {
      await settle();
      const before = await snapshot();
      const r = await adjust(vars);
      expect(r.data?.adjustStock ?? null).toBeNull();
      expect(errorCode(r)).toBe(code);
      if (extensions) expect(r.errors![0]!.extensions).toMatchObject(extensions);
      await settle();
      expect(await snapshot()).toEqual(before);
    });

    it('a refused change does not burn its eventId', async () => {
      expect(errorCode(await adjust({ p: 'bad', l: 'l1', d: -6, r: 'SALE', e: 'retry-me' }))).toBe('BAD_USER_INPUT');
      const r = await adjust({ p: 'bad', l: 'l1', d: -5, r: 'SALE', e: 'retry-me' });
      expect(r.data!.adjustStock).toMatchObject({ onHandBefore: 5, onHandAfter: 0 });
    });

    it('rejects a non-integer delta before it reaches the resolver', async () => {
      const before = await snapshot();
      expect(errorCode(await adjust({ p: 'bad', l: 'l1', d: 1.5, r: 'RECEIPT' }))).toBe('BAD_USER_INPUT');
      expect(errorCode(await adjust({ p: 'bad', l: 'l1', d: 1, r: 'STOLEN' }))).toBe('BAD_USER_INPUT');
      expect(await snapshot()).toEqual(before);
    });
  });
});

describe('InventoryService.adjustStock under a replay race', () => {
  it('rolls back the loser of a same-eventId race whole and returns the winner', async () => {
    const { InventoryService } = await import('../src/inventoryService.ts');
    const service = new InventoryService(db, outbox);
    await db.prisma.stockLevel.create({ data: { productId: 'twin', locationId: 'w1', onHand: 3 } });
    // Issued in one tick, every call passes the replay pre-check before any transaction commits.
    const results = await Promise.all(Array.from({ length: 4 }, () => service.adjustStock({ productId: 'twin', locationId: 'w1', delta: -1, reason: 'SALE', eventId: 'twin-1' })));
    expect(new Set(results.map((r) => r.adjustment.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect((await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: 'twin', locationId: 'w1' } } })).onHand).toBe(2);
    expect(await db.prisma.stockAdjustment.count({ where: { eventId: 'twin-1' } })).toBe(1);
  });
});
