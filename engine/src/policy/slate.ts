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

export function selectSlate(scores: ArrayLike<number>, groups: ArrayLike<number | string>, options: SlateOptions): SlatePick[] {
  const n = scores.length;
  if (groups.length !== n) throw new RangeError(`groups must have one entry per score (${n}), got ${groups.length}`);
  if (!Number.isInteger(options.size) || options.size < 0) throw new RangeError(`size must be an integer ≥ 0, got ${options.size}`);
  if (!Number.isInteger(options.maxPerGroup) || options.maxPerGroup < 1) throw new RangeError(`maxPerGroup must be an integer ≥ 1, got ${options.maxPerGroup}`);
  const exclusive = options.exclusive;
  if (exclusive && exclusive.length !== n) throw new RangeError(`exclusive must have one entry per score (${n}), got ${exclusive.length}`);
  const usedKeys = new Set<number | string>();
  const taken = new Uint8Array(n);
  const perGroup = new Map<number | string, number>();
  const picks: SlatePick[] = [];
  const eligible: number[] = [];

  while (picks.length < options.size) {
    eligible.length = 0;
    let best = -1;
    for (let i = 0; i < n; i++) {
      if (taken[i] || (perGroup.get(groups[i]!) ?? 0) >= options.maxPerGroup) continue;
      if (exclusive && usedKeys.has(exclusive[i]!)) continue;
      eligible.push(i);
      // Ties go to the lower index, so the order is deterministic.
      if (best < 0 || scores[i]! > scores[best]!) best = i;
    }
    if (best < 0) break;
    const pick = choose(scores, eligible, best, options);
    picks.push(pick);
    taken[pick.index] = 1;
    if (exclusive) usedKeys.add(exclusive[pick.index]!);
    perGroup.set(groups[pick.index]!, (perGroup.get(groups[pick.index]!) ?? 0) + 1);
  }
  return picks;
}

function choose(scores: ArrayLike<number>, eligible: number[], best: number, options: SlateOptions): SlatePick {
  const { exploration, random } = options;
  const m = eligible.length;
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
      let total = 0;
      for (const i of eligible) total += Math.exp((scores[i]! - top) / t);
      let u = random.next() * total;
      let index = eligible[m - 1]!;
      for (const i of eligible) {
        u -= Math.exp((scores[i]! - top) / t);
        if (u <= 0) {
          index = i;
          break;
        }
      }
      return { index, propensity: Math.exp((scores[index]! - top) / t) / total, explored: index !== best };
    }
  }
}
