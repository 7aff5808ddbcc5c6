import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOutboxRelay, type Database, type OutboxRelay } from '@retail/db';
import { createMemoryEventBus, Topics, type BusEvent, type EventBus, type RunningServer } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { createServer, INTERACTION_RECORDED, type InteractionRecordedPayload } from '../src/index.ts';

let db: Database;
let bus: EventBus;
let outbox: OutboxRelay;
let server: RunningServer;
const events: BusEvent<InteractionRecordedPayload>[] = [];

const RECORD = `mutation($input: RecordInteractionInput!) { recordInteraction(input: $input) {
  id type channel device sessionId product { id } query location { id } latitude longitude value rating occurredAt } }`;
const record = (input: Record<string, unknown>, url = server.url) => gql(url, RECORD, { input });
const count = () => db.prisma.interaction.count();
const view = { customerId: 'c1', type: 'VIEW', channel: 'WEB', device: 'MOBILE', productId: 'p1' };

async function eventually<T>(read: () => T | undefined, timeoutMs = 2_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}

beforeAll(async () => {
  db = await openTestDatabase();
  await db.prisma.customer.createMany({
    data: [
      { id: 'c1', email: 'ann@example.com', firstName: 'Ann', lastName: 'Lee' },
      { id: 'c2', email: 'bob@example.com', firstName: 'Bob', lastName: 'Roe' },
    ],
  });
  bus = createMemoryEventBus();
  await bus.subscribe<InteractionRecordedPayload>(Topics.interactions, (e) => void events.push(e));
  outbox = startOutboxRelay(db, bus, { pollMs: 20 });
  server = await createServer({ db, outbox }).listen(0);
});

afterAll(async () => {
  await server?.stop();
  await outbox?.stop();
  await bus?.close();
  await db?.close();
});

describe('recordInteraction', () => {
  it('stores an interaction, returns it shaped for GraphQL and publishes interaction.recorded', async () => {
    const occurredAt = new Date(Date.now() - 60_000).toISOString();
    const before = await count();
    const r = await record({
      customerId: 'c1', type: 'PURCHASE', channel: 'STORE', device: 'IN_STORE', sessionId: ' s-1 ', productId: 'p1', locationId: 'store-1',
      latitude: 53.8, longitude: -1.55, value: 19.99, occurredAt, idempotencyKey: 'purchase-1',
    });
    expect(r.errors).toBeUndefined();
    const stored = r.data!.recordInteraction;
    expect(stored).toEqual({
      id: expect.stringMatching(/^\d+$/), type: 'PURCHASE', channel: 'STORE', device: 'IN_STORE', sessionId: 's-1', product: { id: 'p1' },
      query: null, location: { id: 'store-1' }, latitude: 53.8, longitude: -1.55, value: 19.99, rating: null, occurredAt,
    });
    expect(await count()).toBe(before + 1);
    const row = await db.prisma.interaction.findUniqueOrThrow({ where: { id: BigInt(stored.id) } });
    expect(row).toMatchObject({ customerId: 'c1', idempotencyKey: 'purchase-1', lat: 53.8, lon: -1.55 });
    expect(row.value!.toNumber()).toBe(19.99);

    const event = await eventually(() => events.find((e) => e.payload.id === stored.id));
    expect(event.topic).toBe(Topics.interactions);
    expect(event.type).toBe(INTERACTION_RECORDED);
    expect(event.payload).toEqual({
      id: stored.id, idempotencyKey: 'purchase-1', customerId: 'c1', type: 'PURCHASE', channel: 'STORE', device: 'IN_STORE', sessionId: 's-1',
      productId: 'p1', query: null, locationId: 'store-1', latitude: 53.8, longitude: -1.55, value: 19.99, rating: null, occurredAt,
    });
  });

  it('accepts each type with what it needs, defaulting occurredAt to now', async () => {
    const started = Date.now();
    const ok = [
      { customerId: 'c2', type: 'SEARCH', channel: 'APP', device: 'MOBILE', query: 'red apples' },
      { customerId: 'c2', type: 'REVIEW', channel: 'WEB', device: 'DESKTOP', productId: 'p2', rating: 5 },
      { customerId: 'c2', type: 'CHECKOUT_START', channel: 'WEB', device: 'DESKTOP', value: 0 },
      { customerId: 'c2', type: 'SERVICE_CONTACT', channel: 'CALL_CENTRE', device: 'PHONE' },
      { ...view, occurredAt: new Date(Date.now() + 4 * 60_000).toISOString() }, // within the 5 minutes of clock skew allowed
    ];
    for (const input of ok) {
      const r = await record(input);
      expect(r.errors, JSON.stringify(input)).toBeUndefined();
      expect(r.data!.recordInteraction.type).toBe(input.type);
    }
    const search = await db.prisma.interaction.findFirstOrThrow({ where: { customerId: 'c2', type: 'SEARCH' } });
    expect(search.query).toBe('red apples');
    expect(search.occurredAt.getTime()).toBeGreaterThanOrEqual(started - 1000);
    expect(search.occurredAt.getTime()).toBeLessThanOrEqual(Date.now() + 1000);
  });

  const badInputs: [string, Record<string, unknown>, string | undefined][] = [
    ['VIEW without productId', { ...view, productId: undefined }, 'input.productId'],
    ['ADD_TO_CART without productId', { ...view, type: 'ADD_TO_CART', productId: null }, 'input.productId'],
    ['REMOVE_FROM_CART with a blank productId', { ...view, type: 'REMOVE_FROM_CART', productId: '   ' }, 'input.productId'],
    ['PURCHASE without productId', { ...view, type: 'PURCHASE', productId: undefined, value: 5 }, 'input.productId'],
    ['REVIEW without productId', { ...view, type: 'REVIEW', productId: undefined, rating: 3 }, 'input.productId'],
    ['productId too long', { ...view, productId: 'p'.repeat(201) }, 'input.productId'],
    ['SEARCH without query', { ...view, type: 'SEARCH', productId: undefined }, 'input.query'],
    ['SEARCH with a blank query', { ...view, type: 'SEARCH', query: ' \t ' }, 'input.query'],
    ['query too long', { ...view, type: 'SEARCH', query: 'q'.repeat(501) }, 'input.query'],
    ['REVIEW without rating', { ...view, type: 'REVIEW' }, 'input.rating'],
    ['rating 0', { ...view, type: 'REVIEW', rating: 0 }, 'input.rating'],
    ['rating 6', { ...view, type: 'REVIEW', rating: 6 }, 'input.rating'],
    ['rating on a VIEW', { ...view, rating: 3 }, 'input.rating'],
    ['negative value', { ...view, type: 'PURCHASE', value: -0.01 }, 'input.value'],
    ['value beyond DECIMAL(12,2)', { ...view, type: 'PURCHASE', value: 1e12 }, 'input.value'],
    ['latitude without longitude', { ...view, latitude: 10 }, 'input.longitude'],
    ['longitude without latitude', { ...view, longitude: 10 }, 'input.latitude'],
    ['latitude out of range', { ...view, latitude: 90.5, longitude: 0 }, 'input.latitude'],
    ['longitude out of range', { ...view, latitude: 0, longitude: -180.01 }, 'input.longitude'],
    ['occurredAt more than 5 minutes ahead', { ...view, occurredAt: new Date(Date.now() + 6 * 60_000).toISOString() }, 'input.occurredAt'],
    ['blank sessionId', { ...view, sessionId: '' }, 'input.sessionId'],
    ['sessionId too long', { ...view, sessionId: 's'.repeat(201) }, 'input.sessionId'],
    ['blank customerId', { ...view, customerId: ' ' }, 'input.customerId'],
    ['blank locationId', { ...view, locationId: '' }, 'input.locationId'],
    ['blank idempotencyKey', { ...view, idempotencyKey: '  ' }, 'input.idempotencyKey'],
    ['idempotencyKey too long', { ...view, idempotencyKey: 'k'.repeat(201) }, 'input.idempotencyKey'],
    // Refused by the DateTime scalar while coercing variables: the message names the path.
    ['occurredAt not a date', { ...view, occurredAt: 'yesterday' }, undefined],
    ['occurredAt not a calendar date', { ...view, occurredAt: '2026-02-31T10:00:00Z' }, undefined],
    ['occurredAt without a zone', { ...view, occurredAt: '2026-02-01T10:00:00' }, undefined],
    ['unknown channel', { ...view, channel: 'FAX' }, undefined],
  ];

  it.each(badInputs)('refuses %s with BAD_USER_INPUT and stores nothing', async (_, input, field) => {
    const before = await count();
    const published = events.length;
    const r = await record(input);
    expect(r.data?.recordInteraction ?? null).toBeNull();
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    if (field) expect(r.errors![0]!.extensions!.field).toBe(field);
    else expect(r.errors![0]!.message).toContain('input.');
    expect(await count()).toBe(before);
    expect(events.length).toBe(published);
  });

  it('answers NOT_FOUND for an unknown customer and stores nothing', async () => {
    const before = await count();
    const r = await record({ ...view, customerId: 'nobody', idempotencyKey: 'nobody-1' });
    expect(errorCode(r)).toBe('NOT_FOUND');
    expect(r.errors![0]!.message).toContain('nobody');
    expect(await count()).toBe(before);
  });

  it('is idempotent by key: retries, even concurrent ones, return the first record', async () => {
    const before = await count();
    const published = () => events.filter((e) => e.payload.idempotencyKey === 'retry-1').length;
    const first = await record({ ...view, idempotencyKey: 'retry-1', value: 1 });
    const again = await record({ ...view, idempotencyKey: 'retry-1', value: 2 }); // a retry returns the first record as stored
    expect(again.data!.recordInteraction).toEqual(first.data!.recordInteraction);
    expect(again.data!.recordInteraction.value).toBe(1);

    const racing = await Promise.all(Array.from({ length: 8 }, () => record({ ...view, idempotencyKey: 'race-1' })));
    for (const r of racing) expect(r.errors).toBeUndefined();
    expect(new Set(racing.map((r) => r.data!.recordInteraction.id)).size).toBe(1);
    expect(await count()).toBe(before + 2);
    await eventually(() => (published() >= 1 ? true : undefined));
    await new Promise((r) => setTimeout(r, 50));
    expect(published()).toBe(1);
    expect(events.filter((e) => e.payload.idempotencyKey === 'race-1')).toHaveLength(1);
  });

  it('settles a lost insert race on the unique key by returning the winner', async () => {
    // The first idempotency lookup misses while a competing request stores the same key, as when
    // two retries run at once: our insert then hits the unique index.
    let winnerId: bigint | undefined;
    const interaction = new Proxy(db.prisma.interaction, {
      get(target, prop) {
        const value = Reflect.get(target, prop, target);
        if (prop !== 'findUnique' || winnerId !== undefined) return typeof value === 'function' ? value.bind(target) : value;
        return async () => {
          winnerId = (await db.prisma.interaction.create({ data: { customerId: 'c1', type: 'VIEW', channel: 'APP', device: 'TABLET', productId: 'p9', idempotencyKey: 'race-2' } })).id;
          return null;
        };
      },
    });
    const prisma = new Proxy(db.prisma, { get: (target, prop) => (prop === 'interaction' ? interaction : Reflect.get(target, prop, target)) });
    const racing = await createServer({ db: { ...db, prisma }, outbox }).listen(0);
    try {
      const before = await count();
      const published = events.length;
      const r = await record({ ...view, idempotencyKey: 'race-2' }, racing.url);
      expect(r.errors).toBeUndefined();
      expect(r.data!.recordInteraction).toMatchObject({ id: String(winnerId), channel: 'APP', product: { id: 'p9' } });
      expect(await count()).toBe(before + 1); // only the winner's row
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events.length).toBe(published); // the loser stored nothing, so it announces nothing
    } finally {
      await racing.stop();
    }
  });

  it("refuses a key already used for another customer's interaction", async () => {
    await record({ ...view, idempotencyKey: 'shared-1' });
    const before = await count();
    const r = await record({ ...view, customerId: 'c2', idempotencyKey: 'shared-1' });
    expect(errorCode(r)).toBe('CONFLICT');
    expect(await count()).toBe(before);
  });

  it('keeps the event in the outbox while the bus is down and publishes it once the bus is back', async () => {
    let busUp = false;
    const flaky: EventBus = {
      ...bus,
      publish: (topic, type, payload) => (busUp ? bus.publish(topic, type, payload) : Promise.reject(new Error('redis is down'))),
      publishMany: (events) => (busUp ? bus.publishMany(events) : Promise.resolve({ published: 0, error: new Error('redis is down') })),
    };
    const failures: unknown[] = [];
    const flakyOutbox = startOutboxRelay(db, flaky, { pollMs: 20, onError: (e) => void failures.push(e) });
    const other = await createServer({ db, outbox: flakyOutbox }).listen(0);
    try {
      await outbox.stop(); // only the flaky relay may publish during this test
      const before = await count();
      const r = await record({ ...view, idempotencyKey: 'unpublished-1' }, other.url);
      expect(r.errors).toBeUndefined();
      const id = r.data!.recordInteraction.id;
      expect(await count()).toBe(before + 1);
      await eventually(() => (failures.length > 0 ? true : undefined));
      expect(events.some((e) => e.payload.id === id)).toBe(false);
      const [row] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL');
      expect(row!.n).toBe(1);
      busUp = true;
      const event = await eventually(() => events.find((e) => e.payload.id === id));
      expect(event.type).toBe(INTERACTION_RECORDED);
    } finally {
      await other.stop();
      await flakyOutbox.stop();
      outbox = startOutboxRelay(db, bus, { pollMs: 20 });
    }
  });
});
