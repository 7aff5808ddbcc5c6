// The POS/WMS feed on real Redis Streams and Postgres: two inventory replicas, one consuming at a
// time (the lease), events applied in stream order, replays ignored, a malformed batch set aside,
// and the other replica taking over when the holder stops. Runs when DATABASE_URL and REDIS_URL are set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOutboxRelay, type OutboxRelay } from '@retail/db';
import { createRedisEventBus, STOCK_FEED_BATCH, Topics, type EventBus, type RunningServer, type StockFeedEvent } from '@retail/platform';
import { openScratchPostgres, type ScratchDatabase } from '@retail/test-support/database';
import { createServer, type InventoryServer } from '../src/index.ts';
import { STOCK_FEED_REJECTED } from '../src/stockFeedConsumer.ts';

let db: ScratchDatabase;
let bus: EventBus;
let outbox: OutboxRelay;
const replicas: { inventory: InventoryServer; server: RunningServer | null }[] = [];
const rejected: unknown[] = [];

const onHand = async (productId: string) => (await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId, locationId: 'l1' } } })).onHand;
const sale = (eventId: string, productId: string, units: number): StockFeedEvent => ({ eventId, productId, locationId: 'l1', delta: -units, reason: 'SALE' });
const receipt = (eventId: string, productId: string, units: number): StockFeedEvent => ({ eventId, productId, locationId: 'l1', delta: units, reason: 'RECEIPT' });
const send = (events: StockFeedEvent[]) => bus.publish(Topics.stockFeed, STOCK_FEED_BATCH, { events });

beforeAll(async () => {
  db = await openScratchPostgres();
  bus = await createRedisEventBus({ url: process.env.REDIS_URL!, prefix: `test-${db.url.split('/').pop()}:` });
  await bus.subscribe(Topics.stockFeed, (e) => {
    if (e.type === STOCK_FEED_REJECTED) rejected.push(e.payload);
  });
  await db.prisma.location.create({ data: { id: 'l1', code: 'S-001', name: 'Downtown', type: 'STORE', city: 'Springfield', region: 'North', lat: 0, lon: 0 } });
  await db.prisma.stockLevel.createMany({ data: [{ productId: 'p', locationId: 'l1', onHand: 0 }, { productId: 'q', locationId: 'l1', onHand: 0 }] });
  outbox = startOutboxRelay(db, bus, { pollMs: 20 });
  for (const replicaId of ['inv-a', 'inv-b']) {
    const inventory = createServer({ db, outbox, bus, replicaId, feedLeaseMs: 600 });
    replicas.push({ inventory, server: await inventory.listen(0) });
  }
});

afterAll(async () => {
  for (const r of replicas) await r.server?.stop();
  await outbox?.stop();
  await bus?.close();
  await db?.close();
});

describe('the stock feed on Redis Streams', () => {
  it('is consumed by one replica at a time, in stream order, replays ignored', async () => {
    await expect.poll(() => replicas.filter((r) => r.inventory.feed!.consuming).length).toBe(1);
    // Order matters: each sale is only possible after the receipt before it in the stream.
    for (let i = 0; i < 20; i++) await send([receipt(`r${i}`, 'p', 2), sale(`s${i}`, 'p', 2), receipt(`t${i}`, 'q', 1)]);
    await send([receipt('r0', 'p', 2), sale('s1', 'p', 2)]); // replays
    await expect.poll(() => db.prisma.stockAdjustment.count(), { timeout: 20_000 }).toBe(60);
    expect(await onHand('p')).toBe(0);
    expect(await onHand('q')).toBe(20);
    expect(rejected).toEqual([]);
  });

  it('sets a malformed batch aside and goes on with the next', async () => {
    await send([{ ...receipt('m1', 'q', 1), delta: -1 }]);
    await send([receipt('m2', 'q', 1)]);
    await expect.poll(() => onHand('q'), { timeout: 10_000 }).toBe(21);
    expect(rejected).toHaveLength(1);
    expect(rejected[0]).toMatchObject({ reason: 'events[0] (m1): A RECEIPT adds stock: delta must be positive, got -1' });
  });

  it('passes to the other replica when the holder stops, without losing what was sent meanwhile', async () => {
    const holder = replicas.find((r) => r.inventory.feed!.consuming)!;
    await holder.server!.stop();
    holder.server = null;
    for (let i = 0; i < 5; i++) await send([receipt(`late${i}`, 'q', 1)]);
    const other = replicas.find((r) => r !== holder)!;
    await expect.poll(() => other.inventory.feed!.consuming, { timeout: 10_000 }).toBe(true);
    await expect.poll(() => onHand('q'), { timeout: 20_000 }).toBe(26);
  });
});
