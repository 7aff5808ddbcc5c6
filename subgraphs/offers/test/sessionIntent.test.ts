import { describe, expect, it } from 'vitest';
import { INTENTS, type SessionSummary } from '@retail/engine';
import type { InteractionRecordedPayload } from '@retail/platform';
import { SessionIntentTracker, type SessionIntentOptions } from '../src/intent/sessionIntent.ts';

const T0 = Date.parse('2026-11-23T12:00:00.000Z');
const MINUTE = 60_000;
const IDLE = 30 * MINUTE;

type Step = [type: string, minute: number, productId?: string | null];

let nextId = 0;
/** Events of one session, `minute` after T0 each. */
function events(sessionId: string | null, steps: Step[], customerId = 'c1'): InteractionRecordedPayload[] {
  return steps.map(([type, minute, productId = null]) => ({
    id: `ev-${++nextId}`,
    idempotencyKey: null,
    customerId,
    type,
    channel: 'WEB',
    device: 'DESKTOP',
    sessionId,
    productId,
    query: type === 'SEARCH' ? 'red shoes' : null,
    locationId: null,
    latitude: null,
    longitude: null,
    value: null,
    rating: null,
    occurredAt: new Date(T0 + minute * MINUTE).toISOString(),
  }));
}

/** The summary rebuilt from the whole event list at once, independently of the tracker's folding. */
function referenceSummary(list: InteractionRecordedPayload[]): SessionSummary {
  const unique = [...new Map(list.map((e) => [e.id, e])).values()];
  const of = (type: string) => unique.filter((e) => e.type === type);
  const times = unique.map((e) => Date.parse(e.occurredAt));
  const viewed = of('VIEW').map((e) => e.productId);
  const touched = unique.filter((e) => ['VIEW', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'PURCHASE'].includes(e.type) && e.productId !== null);
  return {
    views: viewed.length,
    searches: of('SEARCH').length,
    addToCarts: of('ADD_TO_CART').length,
    removeFromCarts: of('REMOVE_FROM_CART').length,
    checkoutStarts: of('CHECKOUT_START').length,
    distinctProducts: new Set(touched.map((e) => e.productId)).size,
    repeatViews: viewed.length - new Set(viewed).size,
    minutes: (Math.max(...times) - Math.min(...times)) / MINUTE,
  };
}

/** A tracker on a hand-driven clock. */
function trackerAt(options: SessionIntentOptions = {}) {
  const clock = { now: T0 };
  const tracker = new SessionIntentTracker({ now: () => clock.now, ...options });
  return { tracker, clock };
}

const feed = (tracker: SessionIntentTracker, list: InteractionRecordedPayload[]) => list.forEach((e) => tracker.observe(e));

/** Deterministic shuffle (LCG), so a failure reproduces. */
function shuffled<T>(list: T[], seed: number): T[] {
  const out = [...list];
  let s = seed;
  for (let i = out.length - 1; i > 0; i--) {
    s = (s * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

const SHOPPING: Step[] = [
  ['SEARCH', 0],
  ['VIEW', 1, 'p1'],
  ['VIEW', 2, 'p2'],
  ['VIEW', 4, 'p1'],
  ['ADD_TO_CART', 5, 'p2'],
  ['VIEW', 7, 'p1'],
  ['REMOVE_FROM_CART', 8, 'p2'],
  ['ADD_TO_CART', 10, 'p3'],
  ['VIEW', 11, 'p3'],
  ['SEARCH', 12],
  ['REVIEW', 17, 'p9'],
];

const CART_HEAVY: SessionSummary = { views: 2, searches: 0, addToCarts: 3, removeFromCarts: 0, checkoutStarts: 0, distinctProducts: 3, repeatViews: 0, minutes: 4 };

describe('SessionIntentTracker: session summaries', () => {
  it('folds a hand-written sequence into the expected summary', () => {
    const { tracker } = trackerAt();
    const list = events('s1', SHOPPING);
    feed(tracker, list);
    const intent = tracker.intentOf('s1')!;
    expect(intent.summary).toEqual(referenceSummary(list));
    // By hand: p1 viewed 3× (2 repeats), p2 once, p3 carted before its view (not a repeat), p9 only reviewed.
    expect(intent.summary).toEqual({ views: 5, searches: 2, addToCarts: 2, removeFromCarts: 1, checkoutStarts: 0, distinctProducts: 3, repeatViews: 2, minutes: 17 });
    expect(intent.events).toBe(11);
    expect(INTENTS).toContain(intent.predicted);
    const p = intent.probabilities;
    expect(p.browsing + p.researching + p.readyToBuy).toBeCloseTo(1, 12);
    expect(tracker.intentOf('unknown')).toBeNull();
    expect(tracker.latestSessionOf('c1')).toBe('s1');
    expect(tracker.latestSessionOf('nobody')).toBeNull();
  });

  it('counts a redelivered event once', () => {
    const { tracker } = trackerAt();
    const list = events('s1', SHOPPING);
    feed(tracker, list.flatMap((e) => [e, { ...e }]));
    feed(tracker, [list[1]!, list[4]!]);
    expect(tracker.intentOf('s1')!.summary).toEqual(referenceSummary(list));
    expect(tracker.intentOf('s1')!.events).toBe(list.length);
    expect(tracker.stats()).toMatchObject({ eventsObserved: list.length, eventsDuplicate: list.length + 2 });
  });

  it('gives the same summary whatever the arrival order', () => {
    const list = events('s1', SHOPPING);
    for (const seed of [1, 2, 3]) {
      const { tracker } = trackerAt();
      const order = shuffled(list, seed);
      feed(tracker, order);
      expect(order.map((e) => e.id)).not.toEqual(list.map((e) => e.id));
      expect(tracker.intentOf('s1')!.summary).toEqual(referenceSummary(list));
    }
    // The first event arriving last still stretches the span back to it.
    const { tracker } = trackerAt();
    feed(tracker, [...list.slice(1), list[0]!]);
    expect(tracker.intentOf('s1')!.summary.minutes).toBe(17);
  });

  it('drops malformed events and events of a session long gone', () => {
    const { tracker } = trackerAt();
    const [good] = events('s1', [['VIEW', 40, 'p1']]);
    tracker.observe(good!);
    tracker.observe({ ...good!, id: 'bad-time', occurredAt: 'yesterday' });
    tracker.observe({ ...good!, id: '' });
    tracker.observe(events('s1', [['VIEW', 0, 'p2']])[0]!); // 40 minutes before the session began
    expect(tracker.intentOf('s1')!.events).toBe(1);
    expect(tracker.stats()).toMatchObject({ eventsObserved: 1, eventsMalformed: 2, eventsLate: 1 });
  });

  it('keeps a rolling pseudo-session per customer for events without a session id', () => {
    const { tracker } = trackerAt();
    feed(tracker, events(null, [['VIEW', 0, 'p1'], ['VIEW', 10, 'p1'], ['SEARCH', 20]], 'c7'));
    expect(tracker.latestSessionOf('c7')).toBe('customer:c7');
    expect(tracker.intentOf('customer:c7')!.summary).toMatchObject({ views: 2, repeatViews: 1, searches: 1, minutes: 20 });
    // 30 minutes without an event: the old pseudo-session ends (and trains), a new one begins.
    feed(tracker, events(null, [['VIEW', 50, 'p5']], 'c7'));
    expect(tracker.intentOf('customer:c7')!.summary).toEqual({ views: 1, searches: 0, addToCarts: 0, removeFromCarts: 0, checkoutStarts: 0, distinctProducts: 1, repeatViews: 0, minutes: 0 });
    expect(tracker.stats()).toMatchObject({ sessionsObserved: 2, sessionsResolved: 1, sessionsTrained: 1, sessionsLive: 1, modelUpdates: 3 });
  });

  it('names the session with the latest event as the customer’s latest', () => {
    const { tracker } = trackerAt();
    feed(tracker, events('later', [['VIEW', 20, 'p1']], 'c2'));
    feed(tracker, events('earlier', [['VIEW', 5, 'p1']], 'c2'));
    expect(tracker.latestSessionOf('c2')).toBe('later');
    feed(tracker, events('earlier', [['VIEW', 25, 'p2']], 'c2'));
    expect(tracker.latestSessionOf('c2')).toBe('earlier');
  });
});

describe('SessionIntentTracker: learning', () => {
  it('trains once when a purchase resolves the session', () => {
    const { tracker } = trackerAt();
    feed(tracker, events('s1', [['VIEW', 0, 'p1'], ['VIEW', 1, 'p2'], ['ADD_TO_CART', 2, 'p2']]));
    expect(tracker.stats()).toMatchObject({ sessionsLive: 1, sessionsTrained: 0, modelUpdates: 0 });
    feed(tracker, events('s1', [['PURCHASE', 4, 'p2']]));
    // The three earlier checkpoints, each labelled READY_TO_BUY at once.
    expect(tracker.stats()).toMatchObject({ sessionsLive: 0, sessionsResolved: 1, sessionsTrained: 1, modelUpdates: 3 });
    feed(tracker, events('s1', [['PURCHASE', 4, 'p1'], ['VIEW', 6, 'p3']]));
    expect(tracker.stats()).toMatchObject({ sessionsResolved: 1, sessionsTrained: 1, modelUpdates: 3 });
    expect(tracker.intentOf('s1')!.summary).toMatchObject({ views: 3, distinctProducts: 3 });
  });

  it('resolves at checkout start and thins a long session to at most maxCheckpoints updates', () => {
    const { tracker } = trackerAt();
    const views: Step[] = Array.from({ length: 40 }, (_, i) => ['VIEW', i * 0.5, `p${i % 7}`]);
    feed(tracker, events('long', [...views, ['ADD_TO_CART', 21, 'p1'], ['CHECKOUT_START', 22]]));
    const { modelUpdates, sessionsTrained } = tracker.stats();
    expect(sessionsTrained).toBe(1);
    expect(modelUpdates).toBeGreaterThanOrEqual(4);
    expect(modelUpdates).toBeLessThanOrEqual(8);
  });

  it('raises P(READY_TO_BUY) of a cart-heavy session after many buying sessions', () => {
    const { tracker, clock } = trackerAt();
    const before = tracker.predict(CART_HEAVY).probabilities.readyToBuy;
    for (let i = 0; i < 300; i++) {
      clock.now += MINUTE;
      feed(tracker, events(`buy-${i}`, [['VIEW', i, 'p1'], ['ADD_TO_CART', i + 1, 'p1'], ['ADD_TO_CART', i + 2, 'p2'], ['VIEW', i + 3, 'p3'], ['ADD_TO_CART', i + 4, 'p3'], ['PURCHASE', i + 6, 'p1']], `c${i}`));
      feed(tracker, events(`look-${i}`, [['VIEW', i, 'p4'], ['VIEW', i + 2, 'p5']], `d${i}`));
    }
    clock.now += IDLE;
    tracker.sweep();
    const after = tracker.predict(CART_HEAVY).probabilities.readyToBuy;
    expect(tracker.stats()).toMatchObject({ sessionsTrained: 600, sessionsLive: 0, modelUpdates: 300 * 5 + 300 * 2 });
    expect(after).toBeGreaterThan(before);
    expect(after).toBeGreaterThan(0.9);
    expect(tracker.predict({ ...CART_HEAVY, addToCarts: 0, distinctProducts: 2 }).predicted).toBe('BROWSING');
  });

  it('resolves idle sessions on sweep, and lazily when another event arrives', () => {
    const { tracker, clock } = trackerAt();
    feed(tracker, events('idle', [['VIEW', 0, 'p1'], ['SEARCH', 1], ['SEARCH', 2]]));
    clock.now += 10 * MINUTE;
    feed(tracker, events('other', [['VIEW', 10, 'p1']], 'c2'));
    expect(tracker.sweep(T0 + IDLE - 1)).toBe(0);
    expect(tracker.stats()).toMatchObject({ sessionsLive: 2, sessionsTrained: 0 });
    expect(tracker.sweep(T0 + IDLE)).toBe(1);
    expect(tracker.stats()).toMatchObject({ sessionsLive: 1, sessionsTrained: 1, modelUpdates: 3 });
    expect(tracker.sweep(T0 + IDLE)).toBe(0);
    // Still answerable after it ended: the host may ask for it a little later.
    expect(tracker.intentOf('idle')!.summary.searches).toBe(2);

    clock.now = T0 + 10 * MINUTE + IDLE;
    feed(tracker, events('third', [['VIEW', 45, 'p1']], 'c3'));
    expect(tracker.stats()).toMatchObject({ sessionsLive: 1, sessionsResolved: 2, sessionsTrained: 2, modelUpdates: 4 });
  });

  it('trains the least recently active session when it is evicted at maxSessions', () => {
    const { tracker, clock } = trackerAt({ maxSessions: 2 });
    feed(tracker, events('a', [['VIEW', 0, 'p1'], ['ADD_TO_CART', 1, 'p1']], 'ca'));
    clock.now += MINUTE;
    feed(tracker, events('b', [['VIEW', 1, 'p1']], 'cb'));
    clock.now += MINUTE;
    feed(tracker, events('a', [['VIEW', 2, 'p2']], 'ca')); // a is now the more recently active
    clock.now += MINUTE;
    feed(tracker, events('c', [['VIEW', 3, 'p1']], 'cc'));
    expect(tracker.intentOf('b')).toBeNull();
    expect(tracker.latestSessionOf('cb')).toBeNull();
    expect(tracker.intentOf('a')).not.toBeNull();
    expect(tracker.stats()).toMatchObject({ sessionsTracked: 2, sessionsLive: 2, sessionsResolved: 1, sessionsTrained: 1, modelUpdates: 1 });
  });
});

describe('SessionIntentTracker: snapshot and configuration', () => {
  it('restores a snapshot that predicts identically', () => {
    const { tracker, clock } = trackerAt();
    for (let i = 0; i < 50; i++) feed(tracker, events(`s${i}`, [['SEARCH', i], ['VIEW', i + 1, 'p1'], ['VIEW', i + 2, 'p1'], ...(i % 3 === 0 ? ([['ADD_TO_CART', i + 3, 'p1'], ['PURCHASE', i + 4, 'p1']] as Step[]) : [])], `c${i}`));
    clock.now += IDLE;
    tracker.sweep();
    const restored = SessionIntentTracker.restore(JSON.parse(JSON.stringify(tracker.snapshot())), { now: () => clock.now });
    expect(restored.priorIntent()).toEqual(tracker.priorIntent());
    expect(restored.predict(CART_HEAVY)).toEqual(tracker.predict(CART_HEAVY));
    const probe = events('probe', SHOPPING);
    feed(tracker, probe);
    feed(restored, probe);
    expect(restored.intentOf('probe')).toEqual(tracker.intentOf('probe'));
    const { sessionsObserved, sessionsResolved, sessionsTrained, modelUpdates } = tracker.stats();
    expect(restored.stats()).toMatchObject({ sessionsObserved, sessionsResolved, sessionsTrained, modelUpdates, sessionsLive: 1 });
    expect(() => SessionIntentTracker.restore({ kind: 'other' } as never)).toThrow(new TypeError('not a session intent snapshot (kind "other")'));
    expect(() => SessionIntentTracker.restore({ ...tracker.snapshot(), sessionsTrained: -1 })).toThrow(new RangeError('sessionsTrained must be a non-negative integer, got -1'));
  });

  it('rejects bad configuration with exact messages', () => {
    const bad = (options: Record<string, unknown>) => () => new SessionIntentTracker(options as SessionIntentOptions);
    expect(bad({ sessionIdleMs: 0 })).toThrow(new RangeError('sessionIdleMs must be a positive finite number, got 0'));
    expect(bad({ sessionIdleMs: -5 })).toThrow(new RangeError('sessionIdleMs must be a positive finite number, got -5'));
    expect(bad({ sessionIdleMs: Number.NaN })).toThrow(new RangeError('sessionIdleMs must be a positive finite number, got NaN'));
    expect(bad({ sessionIdleMs: Number.POSITIVE_INFINITY })).toThrow(new RangeError('sessionIdleMs must be a positive finite number, got Infinity'));
    expect(bad({ sessionIdleMs: '60000' })).toThrow(new RangeError('sessionIdleMs must be a positive finite number, got "60000"'));
    expect(bad({ maxSessions: 0 })).toThrow(new RangeError('maxSessions must be a positive integer, got 0'));
    expect(bad({ maxSessions: 2.5 })).toThrow(new RangeError('maxSessions must be a positive integer, got 2.5'));
    expect(bad({ maxCheckpoints: -1 })).toThrow(new RangeError('maxCheckpoints must be a positive integer, got -1'));
    expect(bad({ maxEventIdsPerSession: null })).toThrow(new RangeError('maxEventIdsPerSession must be a positive integer, got null'));
    expect(bad({ maxProductsPerSession: 0 })).toThrow(new RangeError('maxProductsPerSession must be a positive integer, got 0'));
    expect(bad({ now: 5 })).toThrow(new TypeError('now must be a function, got 5'));
    expect(bad({ model: { learningRate: 0 } })).toThrow(new RangeError('learningRate must be a finite number > 0, got 0'));
    expect(() => new SessionIntentTracker()).not.toThrow();
  });
});
