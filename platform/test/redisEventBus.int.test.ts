import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, describe, expect, it } from 'vitest';
import { createRedisEventBus } from '../src/redisEventBus.ts';
import { eventBusContract } from './eventBusContract.ts';

const url = process.env.REDIS_URL!;
// claimIdleMs well above a handler's time under load: below it, a live consumer's entries are claimed by the other one and handled twice (at least once is the contract; this test asks for exactly once).
const open = () => createRedisEventBus({ url, prefix: `test-${randomUUID()}:`, blockMs: 100, claimIdleMs: 5_000 });

describe('Redis Streams event bus', () => {
  eventBusContract(open, () => `t-${randomUUID()}`);

  it('loses no accepted event when a consumer dies before acknowledging it', async () => {
    const prefix = `test-${randomUUID()}:`;
    const topic = 'crash';
    const stream = `${prefix}stream:${topic}`;
    const bus = await createRedisEventBus({ url, prefix, blockMs: 100 });
    // What a process killed mid-handler leaves behind: worker-1 has read the entry and never acknowledged it.
    await redis.xgroup('CREATE', stream, 'g', '0', 'MKSTREAM');
    await bus.publish(topic, 'job', { n: 1 });
    await redis.xreadgroup('GROUP', 'g', 'worker-1', 'COUNT', 10, 'STREAMS', stream, '>');
    expect(await pendingOf(stream, 'g', 'worker-1')).toBe(1);

    const got: number[] = [];
    await bus.subscribe<{ n: number }>(topic, (e) => void got.push(e.payload.n), { group: 'g', consumer: 'worker-1' });
    await until(() => got.length > 0);
    expect(got).toEqual([1]);
    await bus.close();
  });

  it('finishes the handler in flight at close and acknowledges it, then leaves no consumer and no group of its own', async () => {
    const prefix = `test-${randomUUID()}:`;
    const stream = `${prefix}stream:work`;
    const bus = await createRedisEventBus({ url, prefix, blockMs: 100 });
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const handled: number[] = [];
    await bus.subscribe<{ n: number }>('work', async (e) => {
      await slow;
      handled.push(e.payload.n);
    }, { group: 'shared', consumer: 'replica-1' });
    await bus.subscribe('work', () => undefined); // a broadcast subscriber: a group of its own
    expect(await groupNames(stream)).toHaveLength(2);
    await bus.publish('work', 'job', { n: 1 });
    await until(async () => (await pendingOf(stream, 'shared', 'replica-1')) === 1);
    const closing = bus.close();
    release();
    await closing;
    expect(handled).toEqual([1]);
    expect(await groupNames(stream)).toEqual(['shared']); // the broadcast group is gone; the work queue stays
    expect(await consumersOf(stream, 'shared')).toEqual([]); // acknowledged, so replica-1 had nothing left to hand over
  });

  it('keeps a stopped consumer that still holds entries, so that another can claim them', async () => {
    const prefix = `test-${randomUUID()}:`;
    const stream = `${prefix}stream:work`;
    const bus = await createRedisEventBus({ url, prefix, blockMs: 100 });
    const stop = await bus.subscribe('work', () => Promise.reject(new Error('not now')), { group: 'shared', consumer: 'replica-1' });
    await bus.publish('work', 'job', { n: 1 });
    await until(async () => (await pendingOf(stream, 'shared', 'replica-1')) === 1);
    await stop();
    expect((await consumersOf(stream, 'shared')).map((c) => c.name)).toEqual(['replica-1']);
    await bus.close();
  });

  it('sweeps what a crashed process left: its idle broadcast groups and its idle consumers with nothing pending', async () => {
    const prefix = `test-${randomUUID()}:`;
    const stream = `${prefix}stream:work`;
    const staleMs = 1_000;
    // A crashed process: a broadcast group and a work-queue consumer with nothing pending, and one holding an entry.
    const crashedSolo = `solo-${(Date.now() - 10 * staleMs).toString(36)}-${randomUUID()}`;
    await redis.xgroup('CREATE', stream, crashedSolo, '$', 'MKSTREAM');
    await redis.xreadgroup('GROUP', crashedSolo, 'c-dead', 'COUNT', 1, 'STREAMS', stream, '>');
    await redis.xgroup('CREATE', stream, 'shared', '$');
    await redis.xreadgroup('GROUP', 'shared', 'dead-idle', 'COUNT', 1, 'STREAMS', stream, '>');
    await redis.xadd(stream, '*', 'type', 'job', 'payload', '{}');
    await redis.xreadgroup('GROUP', 'shared', 'dead-holding', 'COUNT', 1, 'STREAMS', stream, '>');
    await new Promise((r) => setTimeout(r, staleMs + 200));

    const bus = await createRedisEventBus({ url, prefix, blockMs: 100, staleMs, claimIdleMs: 60_000 });
    await bus.subscribe('work', () => undefined); // its own fresh group must survive the sweep
    await bus.subscribe('work', () => undefined, { group: 'shared', consumer: 'live' });
    const groups = await groupNames(stream);
    expect(groups).not.toContain(crashedSolo);
    expect(groups).toHaveLength(2);
    expect((await consumersOf(stream, 'shared')).map((c) => c.name).sort()).toEqual(['dead-holding', 'live']);
    await bus.close();
    expect(await groupNames(stream)).toEqual(['shared']);
  });
});

const redis = new Redis(url);
afterAll(() => redis.disconnect());

async function until(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const field = (fields: unknown[], name: string) => fields[fields.indexOf(name) + 1];

async function groupNames(stream: string): Promise<string[]> {
  return ((await redis.xinfo('GROUPS', stream)) as unknown[][]).map((g) => String(field(g, 'name')));
}

async function consumersOf(stream: string, group: string): Promise<{ name: string; pending: number }[]> {
  return ((await redis.xinfo('CONSUMERS', stream, group)) as unknown[][]).map((c) => ({ name: String(field(c, 'name')), pending: Number(field(c, 'pending')) }));
}

async function pendingOf(stream: string, group: string, consumer: string): Promise<number> {
  return (await consumersOf(stream, group)).find((c) => c.name === consumer)?.pending ?? 0;
}
