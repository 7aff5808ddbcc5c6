import { describe, expect, it } from 'vitest';
import { enqueueEvent, startOutboxRelay } from '@retail/db';
import { openTestDatabase } from '@retail/test-support/database';

/** A bus that takes events one at a time and stops at the first failure, as the in-process bus does. */
const oneByOne = (publish: (topic: string, type: string, payload: unknown) => Promise<void>) => ({
  async publishMany(events: readonly { topic: string; type: string; payload: unknown }[]) {
    let published = 0;
    try {
      for (const e of events) {
        await publish(e.topic, e.type, e.payload);
        published++;
      }
    } catch (error) {
      return { published, error };
    }
    return { published };
  },
});

describe('transactional outbox', () => {
  it('publishes committed events in order, never rolled-back ones, and marks them published', async () => {
    const db = await openTestDatabase();
    const published: { topic: string; type: string; payload: unknown }[] = [];
    const relay = startOutboxRelay(db, oneByOne(async (topic, type, payload) => void published.push({ topic, type, payload })), { pollMs: 10 });
    try {
      for (let n = 0; n < 5; n++) await db.prisma.$transaction((tx) => enqueueEvent(tx, 't', 'counted', { n }));
      await expect(
        db.prisma.$transaction(async (tx) => {
          await enqueueEvent(tx, 't', 'counted', { n: 99 });
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      relay.wake();
      await relay.drain();
      expect(published.map((p) => (p.payload as { n: number }).n)).toEqual([0, 1, 2, 3, 4]);
      const [row] = await db.sql.query<{ pending: number; done: number }>(
        'SELECT count(*) FILTER (WHERE "publishedAt" IS NULL)::int AS pending, count(*) FILTER (WHERE "publishedAt" IS NOT NULL)::int AS done FROM "OutboxEvent"',
      );
      expect(row).toEqual({ pending: 0, done: 5 });
    } finally {
      await relay.stop();
      await db.close();
    }
  });

  it('keeps an event whose publish failed and sends it later, once', async () => {
    const db = await openTestDatabase();
    let up = false;
    const published: unknown[] = [];
    const relay = startOutboxRelay(db, oneByOne(async (_t, _ty, payload) => (up ? void published.push(payload) : Promise.reject(new Error('down')))), { pollMs: 10 });
    try {
      await db.prisma.$transaction((tx) => enqueueEvent(tx, 't', 'x', { id: 1 }));
      await new Promise((r) => setTimeout(r, 100));
      expect(published).toEqual([]);
      up = true;
      await relay.drain();
      await new Promise((r) => setTimeout(r, 50));
      expect(published).toEqual([{ id: 1 }]);
    } finally {
      await relay.stop();
      await db.close();
    }
  });

  it('hands a batch publisher a whole batch, marks the accepted prefix and sends the rest later', async () => {
    const db = await openTestDatabase();
    const batches: number[][] = [];
    let acceptOnce = 3; // the first batch: the bus takes 3 events, then fails
    const relay = startOutboxRelay(db, {
      publishMany: async (events) => {
        const ns = events.map((e) => (e.payload as { n: number }).n);
        batches.push(ns);
        if (acceptOnce >= 0 && acceptOnce < ns.length) {
          const published = acceptOnce;
          acceptOnce = -1;
          return { published, error: new Error('connection lost') };
        }
        return { published: ns.length };
      },
    }, { pollMs: 10_000 });
    try {
      await db.prisma.$transaction(async (tx) => {
        for (let n = 0; n < 8; n++) await enqueueEvent(tx, 't', 'counted', { n });
      });
      relay.wake();
      await relay.drain();
      expect(batches).toEqual([[0, 1, 2, 3, 4, 5, 6, 7], [3, 4, 5, 6, 7]]);
    } finally {
      await relay.stop();
      await db.close();
    }
  });
});
