import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { createRedisEventBus } from '../src/redisEventBus.ts';
import { eventBusContract } from './eventBusContract.ts';

const url = process.env.REDIS_URL!;
const open = () => createRedisEventBus({ url, prefix: `test-${randomUUID()}:`, blockMs: 100, claimIdleMs: 200 });

describe('Redis Streams event bus', () => {
  eventBusContract(open, () => `t-${randomUUID()}`);

  it('loses no accepted event when a consumer dies before acknowledging it', async () => {
    const prefix = `test-${randomUUID()}:`;
    const topic = 'crash';
    const first = await createRedisEventBus({ url, prefix, blockMs: 100 });
    let release!: () => void;
    const stuck = new Promise<void>((r) => (release = r));
    let started = false;
    await first.subscribe(topic, async () => {
      started = true;
      await stuck; // the process "dies" while handling
    }, { group: 'g', consumer: 'worker-1' });
    await first.publish(topic, 'job', { n: 1 });
    while (!started) await new Promise((r) => setTimeout(r, 10));
    const closing = first.close(); // dies without acknowledging
    release();
    await closing;

    const second = await createRedisEventBus({ url, prefix, blockMs: 100 });
    const got: number[] = [];
    await second.subscribe<{ n: number }>(topic, (e) => void got.push(e.payload.n), { group: 'g', consumer: 'worker-1' });
    const deadline = Date.now() + 5_000;
    while (got.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(got).toEqual([1]);
    await second.close();
  });
});
