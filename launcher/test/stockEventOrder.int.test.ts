// Stock events out of order, for real: outbox relays over one Postgres database publish side by
// side onto Redis Streams, so a row's later change can overtake an earlier one that another relay
// still holds (it claimed the row with FOR UPDATE SKIP LOCKED and is publishing it). The offers
// read model must end at the newest stock of every row however the events arrive, and a reload of
// stockLevels meanwhile must not bring back an older one either. (On the embedded database a
// relay's transaction holds the only connection, so no relay can overtake another: the problem,
// and this test, need Postgres.) Runs when DATABASE_URL and REDIS_URL are set.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD, startOutboxRelay, type EventPublisher, type OutboxRelay } from '@retail/db';
import { STOCK_ADJUSTED, STOCK_RESERVATION_CHANGED, STOCK_SAFETY_CHANGED, Topics, type StockAdjustedEvent } from '@retail/platform';
import { openScratchPostgres, type ScratchDatabase } from '@retail/test-support/database';
import { gql } from '@retail/test-support/graphql';
import { startStack, type RunningStack } from '../src/index.ts';

let db: ScratchDatabase;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const ADJUST = `mutation($p: ID!, $l: ID!, $d: Int!, $r: StockChangeReason!) { adjustStock(productId: $p, locationId: $l, delta: $d, reason: $r) { id } }`;
const RESERVE = `mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id } }`;
const RELEASE = `mutation($r: ID!) { releaseStockReservation(reference: $r) { id } }`;
const SAFETY = `mutation($p: ID!, $l: ID!, $u: Int!) { setSafetyStock(productId: $p, locationId: $l, units: $u) { available } }`;

/** Store stock rows with a few units and no holds: the rows a test changes. */
async function storeRows(n: number, skip = 0) {
  const rows = await db.sql.query<{ productId: string; locationId: string }>(
    `SELECT s."productId", s."locationId" FROM "StockLevel" s JOIN "Location" l ON l.id = s."locationId"
     WHERE l.type = 'STORE' AND s."onHand" BETWEEN 6 AND 40 AND s.reserved = 0 ORDER BY s."productId", s."locationId" LIMIT $1 OFFSET $2`,
    [n, skip],
  );
  expect(rows).toHaveLength(n);
  return rows;
}

const rowOf = async (productId: string, locationId: string) =>
  (await db.sql.query<{ onHand: number; reserved: number; safetyStock: number; version: number }>('SELECT "onHand", reserved, "safetyStock", version FROM "StockLevel" WHERE "productId" = $1 AND "locationId" = $2', [productId, locationId]))[0]!;

/** A stack on the shared database with a Redis stream prefix of its own; `refreshMs`: how often its read model reloads. */
async function stackWith(refreshMs: number): Promise<RunningStack> {
  const stack = await startStack({
    db,
    redisUrl: process.env.REDIS_URL!,
    eventStreamPrefix: `stock-order-${randomBytes(4).toString('hex')}:`,
    offersLearning: { catalogRefreshMs: refreshMs, pollMs: 3_600_000, closeEveryMs: 3_600_000, snapshotEveryMs: 3_600_000 },
  });
  await stack.offers.catalog();
  return stack;
}

/** Waits for `times` reloads of the read model (each puts a new catalogue in place); the last of them started after this call. */
async function reloads(stack: RunningStack, times: number): Promise<void> {
  let current = await stack.offers.catalog();
  for (let i = 0; i < times; i++) {
    const before = current;
    await expect.poll(async () => (current = await stack.offers.catalog()) !== before, { timeout: 10_000 }).toBe(true);
  }
}

function callOn(stack: RunningStack) {
  return async (query: string, variables: Record<string, unknown>) => {
    const r = await gql(stack.subgraphs.inventory.url, query, variables);
    expect(r.errors).toBeUndefined();
  };
}

beforeAll(async () => {
  db = await openScratchPostgres();
  await seedWorld(db, SMALL_WORLD);
}, 240_000);

afterAll(async () => {
  await db?.close();
});

describe('a stock event overtaken by the next change of its row', () => {
  let stack: RunningStack;
  const relays: OutboxRelay[] = [];

  beforeAll(async () => {
    stack = await stackWith(3_600_000); // no reload: only the events move the read model
    await stack.outbox.stop(); // this test's two relays take over
  }, 120_000);

  afterAll(async () => {
    for (const r of relays) await r.stop();
    await stack?.stop();
  });

  it('is dropped by the read model: a sold-out item stays sold out', async () => {
    const [row, marker] = await storeRows(2);
    const { productId: p, locationId: l } = row!;
    const call = callOn(stack);
    const catalog = await stack.offers.catalog();
    // Relay A claims the receipt and holds it (its rows stay locked) until it is let go.
    let claimed!: () => void;
    const receiptClaimed = new Promise<void>((r) => (claimed = r));
    let letGo!: () => void;
    const released = new Promise<void>((r) => (letGo = r));
    let published!: () => void;
    const receiptPublished = new Promise<void>((r) => (published = r));
    const holding: EventPublisher = {
      async publishMany(events) {
        claimed();
        await released;
        const result = await stack.bus.publishMany(events);
        published();
        return result;
      },
    };
    relays.push(startOutboxRelay(db, holding, { pollMs: 2 }));
    await call(ADJUST, { p, l, d: 2, r: 'RECEIPT' });
    await receiptClaimed;
    const receipt = await rowOf(p, l);

    // Relay B publishes the next change, the sale of everything, while A still holds the receipt.
    relays.push(startOutboxRelay(db, stack.bus, { pollMs: 2 }));
    await call(ADJUST, { p, l, d: -receipt.onHand, r: 'SALE' });
    const sold = await rowOf(p, l);
    await expect.poll(() => catalog.stockVersion(p, l), { timeout: 10_000 }).toBe(sold.version);
    expect(catalog.availableAt(p, l)).toBe(0);

    // A publishes the receipt now, after the sale; a change of another row after it tells when the
    // read model has read past it (one stream, read in order).
    letGo();
    await receiptPublished;
    await call(ADJUST, { p: marker!.productId, l: marker!.locationId, d: 1, r: 'RECEIPT' });
    const markerRow = await rowOf(marker!.productId, marker!.locationId);
    await expect.poll(() => catalog.stockVersion(marker!.productId, marker!.locationId), { timeout: 10_000 }).toBe(markerRow.version);
    expect({ available: catalog.availableAt(p, l), version: catalog.stockVersion(p, l) }).toEqual({ available: 0, version: sold.version });
  }, 60_000);
});

describe('two relays publishing side by side while the read model reloads', () => {
  let stack: RunningStack;
  let slowRelay: OutboxRelay;
  /** Every stock event as it arrived here (a consumer of the same stream as the read model). */
  const arrivals: { row: string; version: number }[] = [];
  let firstOutboxId = '0';

  beforeAll(async () => {
    stack = await stackWith(300); // reloads stockLevels every 300 ms, while the events fly
    // The second relay: the real relay on the real bus, 40 ms slower per batch (a busy replica).
    const slowBus: EventPublisher = {
      async publishMany(events) {
        await sleep(40);
        return stack.bus.publishMany(events);
      },
    };
    slowRelay = startOutboxRelay(db, slowBus, { pollMs: 1, batchSize: 2 });
    await stack.bus.subscribe<StockAdjustedEvent>(Topics.stock, (e) => {
      if (e.type === STOCK_ADJUSTED || e.type === STOCK_RESERVATION_CHANGED || e.type === STOCK_SAFETY_CHANGED) arrivals.push({ row: `${e.payload.productId}@${e.payload.locationId}`, version: e.payload.version });
    });
    const [last] = await db.sql.query<{ id: string | null }>('SELECT max(id)::text AS id FROM "OutboxEvent"');
    firstOutboxId = last?.id ?? '0';
  }, 120_000);

  afterAll(async () => {
    await slowRelay?.stop();
    await stack?.stop();
  });

  it('leave the read model at the newest stock of every row, each sold out by its last change', async () => {
    const rows = await storeRows(8, 2);
    const call = callOn(stack);
    // Events that arrived with a version older than one of the same row before them.
    const overtaken = () => {
      const newest = new Map<string, number>();
      let n = 0;
      for (const a of arrivals) {
        if ((newest.get(a.row) ?? -1) > a.version) n++;
        newest.set(a.row, Math.max(newest.get(a.row) ?? -1, a.version));
      }
      return n;
    };
    const everythingArrived = async () => {
      await stack.outbox.drain(); // nothing committed is left unpublished, by either relay
      const [written] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "OutboxEvent" WHERE topic = $1 AND id > $2::bigint`, [Topics.stock, firstOutboxId]);
      await expect.poll(() => arrivals.length, { timeout: 20_000 }).toBeGreaterThanOrEqual(written!.n);
    };
    // Every row at once, each through every kind of change (on hand, holds, safety stock), in rounds
    // until one relay has overtaken the other (which relay claims a row first is up to the timing).
    for (let round = 0; round < 6 && (round === 0 || overtaken() === 0); round++) {
      await Promise.all(
        rows.map(async ({ productId: p, locationId: l }, k) => {
          for (let step = 0; step < 4; step++) {
            const reference = `order-${round}-${k}-${step}`;
            await Promise.all([call(ADJUST, { p, l, d: 3, r: 'RECEIPT' }), call(RESERVE, { i: { reference, productId: p, locationId: l, quantity: 1, ttlSeconds: 600 } })]);
            await call(SAFETY, { p, l, u: step % 2 });
            await Promise.all([call(ADJUST, { p, l, d: -1, r: 'SALE' }), call(RELEASE, { r: reference })]);
          }
        }),
      );
      await everythingArrived();
    }
    expect(overtaken()).toBeGreaterThan(0);
    // The last change of every row sells it out.
    await Promise.all(
      rows.map(async ({ productId: p, locationId: l }) => {
        await call(SAFETY, { p, l, u: 0 });
        await call(ADJUST, { p, l, d: -(await rowOf(p, l)).onHand, r: 'SALE' });
      }),
    );
    await everythingArrived();
    await reloads(stack, 2); // the second began after every event had arrived

    const catalog = await stack.offers.catalog();
    for (const { productId: p, locationId: l } of rows) {
      const stored = await rowOf(p, l);
      expect({ row: `${p}@${l}`, onHand: stored.onHand, reserved: stored.reserved }).toEqual({ row: `${p}@${l}`, onHand: 0, reserved: 0 });
      expect({ row: `${p}@${l}`, available: catalog.availableAt(p, l), version: catalog.stockVersion(p, l) }).toEqual({ row: `${p}@${l}`, available: 0, version: stored.version });
    }
  }, 120_000);
});
