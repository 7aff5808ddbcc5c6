// Chooses a slate of `size` items from scored candidates, slot by slot, with at most
// `maxPerGroup` items of one group (category) for diversity, and at most one item per
// `exclusive` key (one offer per product, whatever the promotion). Each pick records the
// probability the policy had of choosing that item in that slot given the slots before it,
// computed over the candidates still eligible (after constraints, diversity and earlier picks).
import type { RandomSource } from '../random.ts';
import type { Exploration } from './exploration.ts';

export interface SlatePick {
  /** Index into the candidate arrays. */
  index: number;
  propensity: number;
  /** True when exploration, not the score order, chose it. */
  explored: boolean;
}

export interface SlateOptions {
  size: number;
  maxPerGroup: number;
  exploration: Exploration;
  random: RandomSource;
  /** Optional key per item: once an item is picked, the others with its key are no longer eligible. */
  exclusive?: ArrayLike<number | string>;
}

/** Map and Set key equality (SameValueZero): NaN equals NaN. */
const sameKey = (a: number | string, b: number | string) => a === b || (a !== a && b !== b);

export function selectSlate(scores: ArrayLike<number>, groups: ArrayLike<number | string>, options: SlateOptions): SlatePick[] {
  const n = scores.length;
  if (groups.length !== n) throw new RangeError(`groups must have one entry per score (${n}), got ${groups.length}`);
  if (!Number.isInteger(options.size) || options.size < 0) throw new RangeError(`size must be an integer ≥ 0, got ${options.size}`);
  if (!Number.isInteger(options.maxPerGroup) || options.maxPerGroup < 1) throw new RangeError(`maxPerGroup must be an integer ≥ 1, got ${options.maxPerGroup}`);
  const exclusive = options.exclusive;
  if (exclusive && exclusive.length !== n) throw new RangeError(`exclusive must have one entry per score (${n}), got ${exclusive.length}`);
  // An item leaves the running for good once it is taken, its exclusive key is used, or its group
  // is full: `closed` records that as it happens, so a slot costs one pass over the scores (no
  // lookup of a group or a key per item and slot).
  const closed = new Uint8Array(n);
  const perGroup = new Map<number | string, number>();
  const picks: SlatePick[] = [];
  const eligible = new Int32Array(n);
  // softmax: exp((score − top) / t) of each eligible item, computed once per slot
  const weights = options.exploration.kind === 'softmax' ? new Float64Array(n) : null;

  while (picks.length < options.size) {
    let m = 0;
    let best = -1;
    let top = 0;
    for (let i = 0; i < n; i++) {
      if (closed[i]) continue;
      eligible[m++] = i;
      // Ties go to the lower index, so the order is deterministic.
      const score = scores[i]!;
      if (best < 0 || score > top) {
        best = i;
        top = score;
      }
    }
    if (best < 0) break;
    const pick = choose(scores, eligible, m, best, weights, options);
    picks.push(pick);
    const index = pick.index;
    closed[index] = 1;
    if (exclusive) {
      const key = exclusive[index]!;
      for (let i = 0; i < n; i++) if (!closed[i] && sameKey(exclusive[i]!, key)) closed[i] = 1;
    }
    const group = groups[index]!;
    const count = (perGroup.get(group) ?? 0) + 1;
    perGroup.set(group, count);
    if (count >= options.maxPerGroup) for (let i = 0; i < n; i++) if (!closed[i] && sameKey(groups[i]!, group)) closed[i] = 1;
  }
  return picks;
}

/** The pick of one slot among eligible[0 … m), the best being `best`. */
function choose(scores: ArrayLike<number>, eligible: Int32Array, m: number, best: number, weights: Float64Array | null, options: SlateOptions): SlatePick {
  const { exploration, random } = options;
  switch (exploration.kind) {
    case 'greedy':
      return { index: best, propensity: 1, explored: false };
    case 'epsilon-greedy': {
      const eps = exploration.epsilon;
      const explore = random.next() < eps;
      const index = explore ? eligible[Math.min(m - 1, Math.floor(random.next() * m))]! : best;
      const propensity = (index === best ? 1 - eps : 0) + eps / m;
      return { index, propensity, explored: index !== best };
    }
    case 'softmax': {
      const t = exploration.temperature;
      const top = scores[best]!;
      const w = weights!;
      let total = 0;
      for (let e = 0; e < m; e++) total += w[e] = Math.exp((scores[eligible[e]!]! - top) / t);
      let u = random.next() * total;
      let at = m - 1;
      for (let e = 0; e < m; e++) {
        u -= w[e]!;
        if (u <= 0) {
          at = e;
          break;
        }
      }
      return { index: eligible[at]!, propensity: w[at]! / total, explored: eligible[at]! !== best };
    }
  }
}
