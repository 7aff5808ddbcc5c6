// The event bus that carries interactions, stock changes, live offers and model updates between
// the parts of the product. Two implementations with one contract: Redis Streams across processes
// and replicas (redisEventBus.ts), and an in-process bus when no Redis is configured.
//
// Delivery contract (both implementations):
// - every consumer group receives every event published after the group was created, in order;
// - within a group each event goes to one consumer (a work queue); with no group given the
//   subscriber gets a group of its own (a broadcast);
// - an event is acknowledged only after its handler resolves; a handler that throws gets it again.
import { randomUUID } from 'node:crypto';

export interface BusEvent<P = unknown> {
  id: string;
  topic: string;
  type: string;
  payload: P;
  publishedAt: string;
}

export interface SubscribeOptions {
  /** Consumers that share a group split its events; each group gets every event. */
  group?: string;
  /** This consumer's name within the group; keep it stable across restarts to get back what it had not acknowledged. */
  consumer?: string;
  /** For a new group: start from the oldest retained event instead of only new ones. */
  fromStart?: boolean;
}

export type EventHandler<P = unknown> = (event: BusEvent<P>) => Promise<void> | void;
export type Unsubscribe = () => Promise<void>;

export interface OutgoingEvent {
  topic: string;
  type: string;
  payload: unknown;
}

export interface EventBus {
  readonly kind: 'memory' | 'redis';
  publish<P>(topic: string, type: string, payload: P): Promise<BusEvent<P>>;
  /**
   * Publishes events in order with one round trip where the bus allows it. Resolves how many, from
   * the first, were accepted: on a failure the rest of the batch may or may not be; `error` says why.
   */
  publishMany(events: readonly OutgoingEvent[]): Promise<{ published: number; error?: unknown }>;
  subscribe<P>(topic: string, handler: EventHandler<P>, options?: SubscribeOptions): Promise<Unsubscribe>;
  close(): Promise<void>;
}

/** Topics used across the product, in one place so publishers and consumers agree. */
export const Topics = {
  interactions: 'interactions',
  stock: 'stock',
  /** Hold requests from the offers engine to inventory (a work queue for inventory's replicas). */
  stockHolds: 'stock-holds',
  /** Stock changes from point-of-sale and warehouse systems (the bulk feed). */
  stockFeed: 'stock-feed',
  promotions: 'promotions',
  outcomes: 'outcomes',
  modelUpdates: 'model-updates',
} as const;

interface MemoryConsumer {
  handler: EventHandler;
  queue: Promise<void>;
}

interface MemoryGroup {
  consumers: MemoryConsumer[];
  next: number;
}

/** In-process bus: same contract, one process. Handlers run asynchronously, in order per consumer. */
export function createMemoryEventBus(options: { retryDelayMs?: number; onError?: (error: unknown, event: BusEvent) => void } = {}): EventBus {
  const retryDelayMs = options.retryDelayMs ?? 100;
  const topics = new Map<string, Map<string, MemoryGroup>>();
  const history = new Map<string, BusEvent[]>();
  let closed = false;

  const deliver = (consumer: MemoryConsumer, event: BusEvent) => {
    consumer.queue = consumer.queue.then(async () => {
      // Redeliver until the handler accepts it, like an unacknowledged stream entry.
      for (let attempt = 0; !closed; attempt++) {
        try {
          await consumer.handler(event);
          return;
        } catch (error) {
          options.onError?.(error, event);
          await new Promise((r) => setTimeout(r, retryDelayMs * Math.min(2 ** attempt, 50)));
        }
      }
    });
  };

  const bus: EventBus = {
    kind: 'memory',
    async publish(topic, type, payload) {
      if (closed) throw new Error('event bus is closed');
      const event: BusEvent<typeof payload> = { id: randomUUID(), topic, type, payload, publishedAt: new Date().toISOString() };
      const log = history.get(topic) ?? [];
      log.push(event);
      if (log.length > 10_000) log.splice(0, log.length - 10_000);
      history.set(topic, log);
      for (const group of topics.get(topic)?.values() ?? []) {
        if (group.consumers.length === 0) continue;
        const consumer = group.consumers[group.next++ % group.consumers.length]!;
        deliver(consumer, event);
      }
      return event;
    },
    async publishMany(events) {
      let published = 0;
      try {
        for (const e of events) {
          await bus.publish(e.topic, e.type, e.payload);
          published++;
        }
      } catch (error) {
        return { published, error };
      }
      return { published };
    },
    async subscribe(topic, handler, subscribeOptions = {}) {
      const groupName = subscribeOptions.group ?? `solo-${randomUUID()}`;
      const groups = topics.get(topic) ?? new Map<string, MemoryGroup>();
      topics.set(topic, groups);
      const isNewGroup = !groups.has(groupName);
      const group = groups.get(groupName) ?? { consumers: [], next: 0 };
      groups.set(groupName, group);
      const consumer: MemoryConsumer = { handler: handler as EventHandler, queue: Promise.resolve() };
      group.consumers.push(consumer);
      if (isNewGroup && subscribeOptions.fromStart) for (const event of history.get(topic) ?? []) deliver(consumer, event);
      return async () => {
        group.consumers = group.consumers.filter((c) => c !== consumer);
        await consumer.queue;
      };
    },
    async close() {
      closed = true;
      topics.clear();
    },
  };
  return bus;
}
