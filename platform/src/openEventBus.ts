import { createMemoryEventBus, type EventBus } from './eventBus.ts';
import { createRedisEventBus } from './redisEventBus.ts';
import type { Logger } from './log.ts';

/** Redis Streams when a URL is configured, the in-process bus otherwise. */
export async function openEventBus(redisUrl: string | undefined, log?: Logger, streamPrefix?: string): Promise<EventBus> {
  const onError = (error: unknown, event?: { topic: string; id: string }) =>
    log?.warn('event handler failed; the event will be delivered again', { error: String(error), topic: event?.topic, eventId: event?.id });
  const onConnection = (state: 'lost' | 'restored', error?: unknown) =>
    state === 'lost' ? log?.warn('Redis connection lost (REDIS_URL); retrying', { error: String(error) }) : log?.info('Redis connection restored');
  return redisUrl ? createRedisEventBus({ url: redisUrl, onError, onConnection, prefix: streamPrefix }) : createMemoryEventBus({ onError });
}
