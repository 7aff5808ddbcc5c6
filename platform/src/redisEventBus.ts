// Redis Streams implementation of the event bus. One stream per topic, one consumer group per
// subscribing group. Entries are acknowledged (XACK) only after the handler resolves, so an event
// accepted by Redis survives a consumer crash: on restart the consumer first reads back its own
// pending entries, and entries left pending by a dead consumer are claimed after `claimIdleMs`.
import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import type { BusEvent, EventBus, EventHandler, SubscribeOptions } from './eventBus.ts';

export interface RedisEventBusOptions {
  url: string;
  /** Prefix for stream keys, so several deployments can share one Redis. */
  prefix?: string;
  /** Approximate number of entries kept per stream. */
  maxLength?: number;
  /** How long a pending entry of another consumer must sit idle before it is claimed. */
  claimIdleMs?: number;
  blockMs?: number;
  onError?: (error: unknown, event?: BusEvent) => void;
}

type StreamEntry = [id: string, fields: string[]];

export async function createRedisEventBus(options: RedisEventBusOptions): Promise<EventBus> {
  const prefix = options.prefix ?? 'retail:';
  const maxLength = options.maxLength ?? 100_000;
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const blockMs = options.blockMs ?? 1_000;
  const publisher = new Redis(options.url, { maxRetriesPerRequest: 3, lazyConnect: true });
  await publisher.connect();
  const readers = new Set<{ stop: () => Promise<void> }>();
  const key = (topic: string) => `${prefix}stream:${topic}`;

  const decode = (topic: string, [id, fields]: StreamEntry): BusEvent => {
    const map: Record<string, string> = {};
    for (let i = 0; i < fields.length; i += 2) map[fields[i]!] = fields[i + 1]!;
    return { id, topic, type: map.type ?? '', payload: JSON.parse(map.payload ?? 'null'), publishedAt: map.publishedAt ?? '' };
  };

  return {
    kind: 'redis',
    async publish(topic, type, payload) {
      const publishedAt = new Date().toISOString();
      const id = await publisher.xadd(key(topic), 'MAXLEN', '~', String(maxLength), '*', 'type', type, 'payload', JSON.stringify(payload), 'publishedAt', publishedAt);
      return { id: id!, topic, type, payload, publishedAt };
    },

    // One pipeline: the XADDs go out together and Redis applies them in order.
    async publishMany(events) {
      if (events.length === 0) return { published: 0 };
      const publishedAt = new Date().toISOString();
      const pipeline = publisher.pipeline();
      for (const e of events) pipeline.xadd(key(e.topic), 'MAXLEN', '~', String(maxLength), '*', 'type', e.type, 'payload', JSON.stringify(e.payload), 'publishedAt', publishedAt);
      let results: [Error | null, unknown][] | null;
      try {
        results = await pipeline.exec();
      } catch (error) {
        return { published: 0, error };
      }
      let published = 0;
      for (const [error] of results ?? []) {
        if (error) return { published, error };
        published++;
      }
      return published === events.length ? { published } : { published, error: new Error('Redis answered part of the pipeline') };
    },

    async subscribe<P>(topic: string, handler: EventHandler<P>, subscribeOptions: SubscribeOptions = {}) {
      const stream = key(topic);
      const group = subscribeOptions.group ?? `solo-${randomUUID()}`;
      const consumer = subscribeOptions.consumer ?? `c-${randomUUID()}`;
      try {
        await publisher.xgroup('CREATE', stream, group, subscribeOptions.fromStart ? '0' : '$', 'MKSTREAM');
      } catch (error) {
        if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
      }
      const reader = new Redis(options.url, { maxRetriesPerRequest: null, lazyConnect: true });
      await reader.connect();
      let running = true;

      const handle = async (entries: StreamEntry[]): Promise<boolean> => {
        for (const entry of entries) {
          if (!running) return false;
          const event = decode(topic, entry) as BusEvent<P>;
          try {
            await handler(event);
            await reader.xack(stream, group, entry[0]);
          } catch (error) {
            options.onError?.(error, event);
            return false; // keep order: stop here, the entry stays pending and is read again
          }
        }
        return true;
      };

      const loop = (async () => {
        let backlog = true; // first drain what this consumer had read but not acknowledged
        let lastClaim = 0;
        while (running) {
          try {
            if (backlog) {
              const res = (await reader.xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'STREAMS', stream, '0')) as [string, StreamEntry[]][] | null;
              const entries = res?.[0]?.[1] ?? [];
              if (entries.length === 0) backlog = false;
              else if (!(await handle(entries))) await sleep(200);
              continue;
            }
            if (Date.now() - lastClaim > claimIdleMs) {
              lastClaim = Date.now();
              const claimed = (await reader.xautoclaim(stream, group, consumer, claimIdleMs, '0-0', 'COUNT', 100)) as [string, StreamEntry[]];
              if (claimed[1].length > 0) { backlog = true; continue; }
            }
            const res = (await reader.xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'BLOCK', blockMs, 'STREAMS', stream, '>')) as [string, StreamEntry[]][] | null;
            const entries = res?.[0]?.[1] ?? [];
            if (entries.length > 0 && !(await handle(entries))) backlog = true;
          } catch (error) {
            if (!running) break;
            options.onError?.(error);
            await sleep(500);
          }
        }
      })();

      const entry = {
        async stop() {
          running = false;
          reader.disconnect();
          await loop;
          if (!subscribeOptions.group) await publisher.xgroup('DESTROY', stream, group).catch(() => undefined);
        },
      };
      readers.add(entry);
      return async () => {
        readers.delete(entry);
        await entry.stop();
      };
    },

    async close() {
      await Promise.all([...readers].map((r) => r.stop()));
      readers.clear();
      publisher.disconnect();
    },
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
