// The delivery contract every EventBus implementation must keep, run against each of them.
import { expect, it } from 'vitest';
import type { BusEvent, EventBus } from '../src/eventBus.ts';

const until = async (check: () => boolean, timeoutMs = 5_000) => {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for delivery');
    await new Promise((r) => setTimeout(r, 10));
  }
};

export function eventBusContract(open: () => Promise<EventBus>, topicPrefix: () => string) {
  it('broadcasts every event, in order, to every subscriber without a group', async () => {
    const bus = await open();
    const topic = `${topicPrefix()}-broadcast`;
    const a: number[] = [];
    const b: number[] = [];
    await bus.subscribe<{ n: number }>(topic, (e) => void a.push(e.payload.n));
    await bus.subscribe<{ n: number }>(topic, (e) => void b.push(e.payload.n));
    for (let n = 0; n < 20; n++) await bus.publish(topic, 'count', { n });
    await until(() => a.length === 20 && b.length === 20);
    expect(a).toEqual([...Array(20).keys()]);
    expect(b).toEqual(a);
    await bus.close();
  });

  it('publishes a batch in order across topics, interleaved with single events, and counts it', async () => {
    const bus = await open();
    const [t1, t2] = [`${topicPrefix()}-many-1`, `${topicPrefix()}-many-2`];
    const one: number[] = [];
    const two: number[] = [];
    await bus.subscribe<{ n: number }>(t1, (e) => void one.push(e.payload.n));
    await bus.subscribe<{ n: number }>(t2, (e) => void two.push(e.payload.n));
    await bus.publish(t1, 'count', { n: -1 });
    const batch = Array.from({ length: 50 }, (_, n) => ({ topic: n % 3 === 0 ? t2 : t1, type: 'count', payload: { n } }));
    expect(await bus.publishMany(batch)).toEqual({ published: 50 });
    expect(await bus.publishMany([])).toEqual({ published: 0 });
    await bus.publish(t1, 'count', { n: 99 });
    await until(() => one.length === 35 && two.length === 17);
    expect(one).toEqual([-1, ...batch.filter((e) => e.topic === t1).map((e) => e.payload.n), 99]);
    expect(two).toEqual(batch.filter((e) => e.topic === t2).map((e) => e.payload.n));
    await bus.close();
  });

  it('splits a group’s events between its consumers, each event once', async () => {
    const bus = await open();
    const topic = `${topicPrefix()}-group`;
    const seen: { consumer: string; n: number }[] = [];
    for (const consumer of ['x', 'y']) {
      await bus.subscribe<{ n: number }>(topic, async (e) => {
        await new Promise((r) => setTimeout(r, 5)); // let the other consumer take some
        seen.push({ consumer, n: e.payload.n });
      }, { group: 'workers', consumer });
    }
    for (let n = 0; n < 40; n++) await bus.publish(topic, 'job', { n });
    await until(() => seen.length === 40);
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.map((s) => s.n).sort((p, q) => p - q)).toEqual([...Array(40).keys()]);
    expect(new Set(seen.map((s) => s.consumer)).size).toBe(2);
    await bus.close();
  });

  it('delivers an event again when its handler fails, and keeps order behind it', async () => {
    const bus = await open();
    const topic = `${topicPrefix()}-retry`;
    const handled: number[] = [];
    let failuresLeft = 2;
    await bus.subscribe<{ n: number }>(topic, (e: BusEvent<{ n: number }>) => {
      if (e.payload.n === 1 && failuresLeft > 0) {
        failuresLeft--;
        throw new Error('transient');
      }
      handled.push(e.payload.n);
    }, { group: 'retrying', consumer: 'only' });
    for (let n = 0; n < 3; n++) await bus.publish(topic, 'job', { n });
    await until(() => handled.length === 3, 10_000);
    expect(handled).toEqual([0, 1, 2]);
    expect(failuresLeft).toBe(0);
    await bus.close();
  });
}
