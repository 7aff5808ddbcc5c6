import { describe, expect, it } from 'vitest';
import { parseExploration, seededRandom, selectSlate, type Exploration } from '../src/index.ts';

const scores = [0.9, 0.8, 0.7, 0.2, 0.1];
const groups = ['a', 'a', 'b', 'b', 'c'];

describe('slate selection', () => {
  it('greedy takes the best items, at most maxPerGroup per group, each with propensity 1', () => {
    const picks = selectSlate(scores, groups, { size: 3, maxPerGroup: 1, exploration: { kind: 'greedy' }, random: seededRandom(1) });
    expect(picks).toEqual([
      { index: 0, propensity: 1, explored: false },
      { index: 2, propensity: 1, explored: false },
      { index: 4, propensity: 1, explored: false },
    ]);
  });

  it('takes at most one item per exclusive key (one offer per product), and checks its length', () => {
    const picks = selectSlate(scores, groups, { size: 3, maxPerGroup: 2, exploration: { kind: 'greedy' }, random: seededRandom(1), exclusive: ['p1', 'p1', 'p2', 'p3', 'p3'] });
    expect(picks.map((p) => p.index)).toEqual([0, 2, 3]);
    expect(() => selectSlate(scores, groups, { size: 1, maxPerGroup: 1, exploration: { kind: 'greedy' }, random: seededRandom(1), exclusive: ['p1'] })).toThrow('exclusive must have one entry per score (5), got 1');
  });

  it('stops when diversity leaves nothing eligible', () => {
    expect(selectSlate(scores, groups, { size: 5, maxPerGroup: 1, exploration: { kind: 'greedy' }, random: seededRandom(1) })).toHaveLength(3);
  });

  for (const exploration of [{ kind: 'epsilon-greedy', epsilon: 0.3 }, { kind: 'softmax', temperature: 0.2 }] as Exploration[]) {
    it(`${exploration.kind}: the logged propensities match the observed choice frequencies, slot by slot`, () => {
      const rng = seededRandom(123);
      const runs = 40_000;
      const counts = new Map<string, number>();
      const logged = new Map<string, number>();
      for (let r = 0; r < runs; r++) {
        const picks = selectSlate(scores, groups, { size: 2, maxPerGroup: 1, exploration, random: rng });
        const key0 = `0:${picks[0]!.index}`;
        counts.set(key0, (counts.get(key0) ?? 0) + 1);
        logged.set(key0, picks[0]!.propensity);
        // the second slot's propensity is conditional on the first pick
        const key1 = `1:${picks[0]!.index}:${picks[1]!.index}`;
        counts.set(key1, (counts.get(key1) ?? 0) + 1);
        logged.set(key1, picks[1]!.propensity);
      }
      let total0 = 0;
      for (const [key, n] of counts) {
        if (key.startsWith('0:')) {
          expect(n / runs).toBeCloseTo(logged.get(key)!, 1);
          total0 += logged.get(key)!;
        } else {
          const first = key.split(':')[1]!;
          const given = counts.get(`0:${first}`)!;
          if (given > 2000) expect(n / given).toBeCloseTo(logged.get(key)!, 1);
        }
      }
      expect(total0).toBeCloseTo(1, 6); // every first-slot outcome was seen, and their propensities sum to 1
    });
  }

  it('never spends more of a budget than it has left: items it can no longer pay leave the running', () => {
    // Items 0, 1 and 3 draw on budget X (2 units, 10 money); item 2 on none.
    const budgets = { key: ['X', 'X', null, 'X', null], cost: [4, 7, 0, 4, 0], left: new Map([['X', { amount: 10, units: 2 }]]) };
    const greedy = selectSlate(scores, groups, { size: 5, maxPerGroup: 5, exploration: { kind: 'greedy' }, random: seededRandom(1), budgets });
    // 0 (spends 4, 6 left) → 1 costs 7: out; 3 costs 4: in (2 units spent) → only unbudgeted items after that.
    expect(greedy.map((p) => p.index)).toEqual([0, 2, 3, 4]);
    expect(selectSlate(scores, groups, { size: 5, maxPerGroup: 5, exploration: { kind: 'greedy' }, random: seededRandom(1), budgets: { ...budgets, left: new Map([['X', { amount: null, units: 1 }]]) } }).map((p) => p.index)).toEqual([0, 2, 4]);
    // A budget that cannot pay an item once never offers it; budgets it does not list do not limit.
    expect(selectSlate(scores, groups, { size: 5, maxPerGroup: 5, exploration: { kind: 'greedy' }, random: seededRandom(1), budgets: { ...budgets, left: new Map([['X', { amount: 3.99, units: null }]]) } }).map((p) => p.index)).toEqual([2, 4]);
    expect(selectSlate(scores, groups, { size: 5, maxPerGroup: 5, exploration: { kind: 'greedy' }, random: seededRandom(1), budgets: { ...budgets, left: new Map() } })).toHaveLength(5);
    expect(() => selectSlate(scores, groups, { size: 1, maxPerGroup: 1, exploration: { kind: 'greedy' }, random: seededRandom(1), budgets: { ...budgets, cost: [1] } })).toThrow('budgets must have one key and one cost per score (5), got 5 and 1');
  });

  it('softmax under a budget: the propensities are over what the budget can still pay, and match the choice frequencies', () => {
    const budgets = { key: ['X', 'X', 'X', null, null], cost: [1, 1, 1, 0, 0], left: new Map([['X', { amount: null, units: 1 }]]) };
    const rng = seededRandom(5);
    const exploration: Exploration = { kind: 'softmax', temperature: 0.3 };
    const runs = 30_000;
    const counts = new Map<string, number>();
    const logged = new Map<string, number>();
    for (let r = 0; r < runs; r++) {
      const picks = selectSlate(scores, groups, { size: 2, maxPerGroup: 5, exploration, random: rng, budgets });
      expect(picks.filter((p) => p.index <= 2).length).toBeLessThanOrEqual(1); // one unit: at most one of X's items
      const key = `${picks[0]!.index}:${picks[1]!.index}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
      logged.set(key, picks[0]!.propensity * picks[1]!.propensity);
    }
    let total = 0;
    for (const [key, n] of counts) {
      expect(n / runs).toBeCloseTo(logged.get(key)!, 1.5);
      total += logged.get(key)!;
    }
    expect(total).toBeCloseTo(1, 6); // every possible slate was seen, and their probabilities sum to 1
  });

  it('is reproducible from its seed', () => {
    const run = () => selectSlate(scores, groups, { size: 3, maxPerGroup: 2, exploration: { kind: 'softmax', temperature: 0.5 }, random: seededRandom(77) });
    expect(run()).toEqual(run());
  });

  it('rejects bad options with exact messages', () => {
    expect(() => parseExploration({ kind: 'epsilon-greedy', epsilon: 1.5 })).toThrow('epsilon must be a number from 0 to 1, got 1.5');
    expect(() => parseExploration({ kind: 'softmax', temperature: 0 })).toThrow('temperature must be a finite number > 0, got 0');
    expect(() => parseExploration({ kind: 'thompson' } as never)).toThrow('exploration kind must be one of greedy, epsilon-greedy, softmax, got "thompson"');
    expect(() => selectSlate([1, 2], ['a'], { size: 1, maxPerGroup: 1, exploration: { kind: 'greedy' }, random: seededRandom(1) })).toThrow('groups must have one entry per score (2), got 1');
  });
});
