// Redis Streams implementation of the event bus. One stream per topic, one consumer group per
// subscribing group. Entries are acknowledged (XACK) only after the handler resolves, so an event
// accepted by Redis survives a consumer crash: on restart the consumer first reads back its own
// pending entries, and entries left pending by a dead consumer are claimed after `claimIdleMs`.
//
// What a process leaves in Redis is bounded. A subscription without a group reads through a group
// of its own (`solo-<created>-<id>`, a broadcast); a clean stop destroys it, and a consumer in a
// shared group (a work queue) deletes itself when it holds no pending entry (with some, it stays
// so that another consumer can claim them). After a crash, the next subscriber to the stream
// sweeps: solo groups whose consumers have all been idle for `staleMs` are destroyed, and consumers
// of shared groups idle that long with nothing pending are deleted. Live consumers read at least
// every `blockMs`, so they are never idle that long.
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
  /** How long a consumer must have been idle before the sweep counts it as left behind by a dead process. */
  staleMs?: number;
  onError?: (error: unknown, event?: BusEvent) => void;
  /** The connection to Redis was lost (it is retried) or came back. */
  onConnection?: (state: 'lost' | 'restored', error?: unknown) => void;
}

type StreamEntry = [id: string, fields: string[]];

const SOLO_PREFIX = 'solo-';
const CONNECT_TIMEOUT_MS = 5_000;

/** Per-subscription group of a broadcast subscriber; its name carries its creation time for the sweep. */
const soloGroupName = () => `${SOLO_PREFIX}${Date.now().toString(36)}-${randomUUID()}`;

/** When a solo group was made (0 for names from before the time was part of them). */
function soloGroupCreatedAt(group: string): number {
  const match = /^solo-([0-9a-z]+)-[0-9a-f]{8}-/.exec(group);
  return match ? parseInt(match[1]!, 36) : 0;
}

/**
 * A client that fails fast on its first connection (a bad REDIS_URL must not retry forever at
 * start) and reconnects with backoff once it has been up. The cause of a failed connect comes
 * from the 'error' event; ioredis' own rejection only says "Connection is closed".
 */
async function connect(url: string, role: { blocking: boolean }, onConnection?: RedisEventBusOptions['onConnection']): Promise<Redis> {
  let up = false;
  let lastError: unknown = null;
  let lost = false;
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: CONNECT_TIMEOUT_MS,
    maxRetriesPerRequest: role.blocking ? null : 3,
    retryStrategy: (times) => (up ? Math.min(times * 200, 2_000) : null),
  });
  client.on('error', (error) => {
    lastError = error;
    if (up && !lost) {
      lost = true;
      onConnection?.('lost', error);
    }
  });
  client.on('ready', () => {
    if (lost) onConnection?.('restored');
    lost = false;
  });
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    client.disconnect();
    throw lastError ?? error;
  }
  up = true;
  return client;
}

export async function createRedisEventBus(options: RedisEventBusOptions): Promise<EventBus> {
  const prefix = options.prefix ?? 'retail:';
  const maxLength = options.maxLength ?? 100_000;
  const claimIdleMs = options.claimIdleMs ?? 30_000;
  const blockMs = options.blockMs ?? 1_000;
  const staleMs = Math.max(options.staleMs ?? 5 * 60_000, blockMs * 10);
  const publisher = await connect(options.url, { blocking: false }, options.onConnection);
  const readers = new Set<{ stop: () => Promise<void> }>();
  const key = (topic: string) => `${prefix}stream:${topic}`;

  const decode = (topic: string, [id, fields]: StreamEntry): BusEvent => {
    const map: Record<string, string> = {};
    for (let i = 0; i < fields.length; i += 2) map[fields[i]!] = fields[i + 1]!;
    return { id, topic, type: map.type ?? '', payload: JSON.parse(map.payload ?? 'null'), publishedAt: map.publishedAt ?? '' };
  };

  /** Removes what dead processes left on this stream (see the header). */
  const sweep = async (stream: string): Promise<void> => {
    const groups = (await publisher.xinfo('GROUPS', stream)) as unknown[][];
    for (const fields of groups) {
      const group = String(field(fields, 'name'));
      const consumers = ((await publisher.xinfo('CONSUMERS', stream, group)) as unknown[][]).map((c) => ({
        name: String(field(c, 'name')),
        pending: Number(field(c, 'pending')),
        idle: Number(field(c, 'idle')),
      }));
      if (group.startsWith(SOLO_PREFIX)) {
        const old = Date.now() - soloGroupCreatedAt(group) > staleMs;
        if (old && consumers.every((c) => c.idle > staleMs)) await publisher.xgroup('DESTROY', stream, group);
      } else {
        for (const c of consumers) if (c.pending === 0 && c.idle > staleMs) await publisher.xgroup('DELCONSUMER', stream, group, c.name);
      }
    }
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
      const solo = !subscribeOptions.group;
      const group = subscribeOptions.group ?? soloGroupName();
      const consumer = subscribeOptions.consumer ?? `c-${randomUUID()}`;
      const ensureGroup = async () => {
        try {
          await publisher.xgroup('CREATE', stream, group, subscribeOptions.fromStart ? '0' : '$', 'MKSTREAM');
        } catch (error) {
          if (!String((error as Error).message).includes('BUSYGROUP')) throw error;
        }
      };
      await ensureGroup();
      await sweep(stream).catch((error) => options.onError?.(error));
      const reader = await connect(options.url, { blocking: true }, options.onConnection);
      let running = true;
      // Only a blocked read is cut short at stop; a handler in flight finishes and is acknowledged.
      // No read starts once stopping (e.g. after a sweep): it would block for blockMs and take
      // entries this consumer will not handle, which keeps it in its group until they are claimed.
      let reading = false;
      const read = async <T>(command: () => Promise<T>): Promise<T> => {
        if (!running) throw new Error('subscription stopped');
        reading = true;
        try {
          return await command();
        } finally {
          reading = false;
        }
      };

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
        let lastSweep = Date.now();
        while (running) {
          try {
            if (backlog) {
              const res = (await read(() => reader.xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'STREAMS', stream, '0'))) as [string, StreamEntry[]][] | null;
              const entries = res?.[0]?.[1] ?? [];
              if (entries.length === 0) backlog = false;
              else if (!(await handle(entries))) await sleep(200);
              continue;
            }
            if (Date.now() - lastClaim > claimIdleMs) {
              lastClaim = Date.now();
              const claimed = (await read(() => reader.xautoclaim(stream, group, consumer, claimIdleMs, '0-0', 'COUNT', 100))) as [string, StreamEntry[]];
              if (claimed[1].length > 0) { backlog = true; continue; }
            }
            if (Date.now() - lastSweep > staleMs) {
              lastSweep = Date.now();
              await sweep(stream);
            }
            const res = (await read(() => reader.xreadgroup('GROUP', group, consumer, 'COUNT', 100, 'BLOCK', blockMs, 'STREAMS', stream, '>'))) as [string, StreamEntry[]][] | null;
            const entries = res?.[0]?.[1] ?? [];
            if (entries.length > 0 && !(await handle(entries))) backlog = true;
          } catch (error) {
            if (!running) break;
            options.onError?.(error);
            // The group is gone (Redis restarted empty, or it was removed): make it again.
            if (String((error as Error).message).includes('NOGROUP')) await ensureGroup().catch(() => undefined);
            await sleep(500);
          }
        }
      })();

      let stopped: Promise<void> | null = null;
      const stopReading = async () => {
        running = false;
        if (reading) reader.disconnect();
        await loop;
        reader.disconnect();
        if (solo) await publisher.xgroup('DESTROY', stream, group).catch(() => undefined);
        else await leaveGroup(publisher, stream, group, consumer).catch(() => undefined);
      };
      const entry = { stop: () => (stopped ??= stopReading()) };
      readers.add(entry);
      return async () => {
        readers.delete(entry);
        await entry.stop();
      };
    },

    async close() {
      const stopping = [...readers];
      readers.clear();
      await Promise.all(stopping.map((r) => r.stop()));
      // QUIT lets the replies in flight arrive; a Redis that is gone gets a second to answer.
      await Promise.race([publisher.quit().catch(() => undefined), sleep(1_000)]);
      publisher.disconnect();
    },
  };
}

/** Deletes this consumer from a shared group unless it still holds entries another consumer must claim. */
async function leaveGroup(client: Redis, stream: string, group: string, consumer: string): Promise<void> {
  const pending = (await client.xpending(stream, group, '-', '+', 1, consumer)) as unknown[];
  if (pending.length === 0) await client.xgroup('DELCONSUMER', stream, group, consumer);
}

/** A field of an XINFO reply (a flat [name, value, …] list). */
function field(fields: unknown[], name: string): unknown {
  const at = fields.indexOf(name);
  return at >= 0 ? fields[at + 1] : undefined;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
