import { describe, expect, it } from 'vitest';
import { IntentModel, INTENTS, labelSession, seededRandom, type Intent, type SessionSummary } from '../src/index.ts';

/** A synthetic session stream whose intent drives its events (the model never sees the intent). */
function session(rng: { next(): number }, intent: Intent): SessionSummary {
  const n = (mean: number) => Math.floor(rng.next() * 2 * mean);
  switch (intent) {
    case 'BROWSING':
      return { views: 1 + n(3), searches: n(0.3), addToCarts: 0, removeFromCarts: 0, checkoutStarts: 0, distinctProducts: 1 + n(3), repeatViews: 0, minutes: 1 + n(3) };
    case 'RESEARCHING':
      return { views: 4 + n(6), searches: 2 + n(3), addToCarts: n(0.4), removeFromCarts: n(0.3), checkoutStarts: 0, distinctProducts: 3 + n(4), repeatViews: 1 + n(3), minutes: 5 + n(10) };
    case 'READY_TO_BUY':
      return { views: 1 + n(2), searches: n(1), addToCarts: 1 + n(1), removeFromCarts: 0, checkoutStarts: rng.next() < 0.5 ? 1 : 0, distinctProducts: 1 + n(1), repeatViews: n(1), minutes: 2 + n(4) };
  }
}

describe('intent model', () => {
  it('returns a probability distribution over the three intents', () => {
    const p = new IntentModel().predict({ views: 3, searches: 1, addToCarts: 0, removeFromCarts: 0, checkoutStarts: 0, distinctProducts: 2, repeatViews: 0, minutes: 4 });
    expect(p.browsing + p.researching + p.readyToBuy).toBeCloseTo(1, 12);
    for (const v of Object.values(p)) expect(v).toBeGreaterThan(0);
  });

  it('learns online to tell the intents apart better than its prior', () => {
    const rng = seededRandom(4);
    const model = new IntentModel({ learningRate: 0.05 });
    const accuracy = () => {
      const test = seededRandom(999);
      let right = 0;
      for (let i = 0; i < 3000; i++) {
        const intent = INTENTS[Math.floor(test.next() * 3)]!;
        const p = model.predict(session(test, intent));
        const guess = INTENTS[[p.browsing, p.researching, p.readyToBuy].indexOf(Math.max(p.browsing, p.researching, p.readyToBuy))]!;
        if (guess === intent) right++;
      }
      return right / 3000;
    };
    const before = accuracy();
    for (let i = 0; i < 20_000; i++) {
      const intent = INTENTS[Math.floor(rng.next() * 3)]!;
      model.update(session(rng, intent), intent);
    }
    const after = accuracy();
    expect(after).toBeGreaterThan(0.8);
    expect(after).toBeGreaterThan(before);
  });

  it('labels sessions from what they did', () => {
    const base = { views: 2, searches: 0, addToCarts: 0, removeFromCarts: 0, checkoutStarts: 0, distinctProducts: 2, repeatViews: 0, minutes: 3, purchased: false };
    expect(labelSession(base)).toBe('BROWSING');
    expect(labelSession({ ...base, searches: 3 })).toBe('RESEARCHING');
    expect(labelSession({ ...base, purchased: true })).toBe('READY_TO_BUY');
  });

  it('restores from a snapshot and predicts identically; rejects bad input', () => {
    const model = new IntentModel();
    const rng = seededRandom(8);
    for (let i = 0; i < 100; i++) model.update(session(rng, 'RESEARCHING'), 'RESEARCHING');
    const restored = IntentModel.restore(JSON.parse(JSON.stringify(model.snapshot())));
    const s = session(rng, 'BROWSING');
    expect(restored.predict(s)).toEqual(model.predict(s));
    expect(() => model.update(s, 'HUNGRY' as Intent)).toThrow('intent must be one of BROWSING, RESEARCHING, READY_TO_BUY, got "HUNGRY"');
    expect(() => new IntentModel({ learningRate: 0 })).toThrow('learningRate must be a finite number > 0, got 0');
  });
});
