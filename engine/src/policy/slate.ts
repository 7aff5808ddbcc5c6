// Chooses a slate of `size` items from scored candidates, slot by slot, with at most
// `maxPerGroup` items of one group (category) for diversity, and at most one item per
// `exclusive` key (one offer per product, whatever the promotion). Each pick records the
// probability the policy had of choosing that item in that slot given the slots before it,
// computed over the candidates still eligible (after constraints, diversity, budgets and earlier
// picks). With `budgets`, an item stops being eligible once the picks before it have spent what
// its budget has left (a promotion's money or units), so a slate never asks a budget for more than
// it can pay, and the logged propensities are those of the slate that can be served.
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
  budgets?: SlateBudgets;
}

/** Budgets the items draw on: each pick spends `cost` money and one unit of its item's budget. */
export interface SlateBudgets {
  /** Per item: the budget it draws on, or null for none. */
  key: ArrayLike<string | null>;
  /** Per item: the money one pick of it spends (a promotion's discount). */
  cost: ArrayLike<number>;
  /** What each budget has left before this slate: money and units, null where it has no such limit. */
  left: ReadonlyMap<string, { amount: number | null; units: number | null }>;
}

/** Sums of money in floating point (cents that do not add up exactly) are compared with this slack. */
const MONEY_TOLERANCE = 1e-9;

/** Map and Set key equality (SameValueZero): NaN equals NaN. */
const sameKey = (a: number | string, b: number | string) => a === b || (a !== a && b !== b);

export function selectSlate(scores: ArrayLike<number>, groups: ArrayLike<number | string>, options: SlateOptions): SlatePick[] {
  const n = scores.length;
  if (groups.length !== n) throw new RangeError(`groups must have one entry per score (${n}), got ${groups.length}`);
  if (!Number.isInteger(options.size) || options.size < 0) throw new RangeError(`size must be an integer ≥ 0, got ${options.size}`);
  if (!Number.isInteger(options.maxPerGroup) || options.maxPerGroup < 1) throw new RangeError(`maxPerGroup must be an integer ≥ 1, got ${options.maxPerGroup}`);
  const exclusive = options.exclusive;
  if (exclusive && exclusive.length !== n) throw new RangeError(`exclusive must have one entry per score (${n}), got ${exclusive.length}`);
  const budgets = options.budgets;
  if (budgets && (budgets.key.length !== n || budgets.cost.length !== n)) throw new RangeError(`budgets must have one key and one cost per score (${n}), got ${budgets.key.length} and ${budgets.cost.length}`);
  const spent = budgets ? new Map<string, { amount: number; units: number }>() : null;
  // An item leaves the running for good once it is taken, its exclusive key is used, or its group
  // is full: `closed` records that as it happens, so a slot costs one pass over the scores (no
  // lookup of a group or a key per item and slot).
  const closed = new Uint8Array(n);
  const perGroup = new Map<number | string, number>();
  const picks: SlatePick[] = [];
  const eligible = new Int32Array(n);
  // softmax: exp((score − top) / t) of each eligible item, computed once per slot
  const weights = options.exploration.kind === 'softmax' ? new Float64Array(n) : null;
  if (budgets) {
    // An item its budget cannot pay even once is never eligible.
    for (let i = 0; i < n; i++) {
      const key = budgets.key[i] ?? null;
      const left = key === null ? undefined : budgets.left.get(key);
      if (left && ((left.units !== null && left.units < 1) || (left.amount !== null && left.amount + MONEY_TOLERANCE < budgets.cost[i]!))) closed[i] = 1;
    }
  }

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
    const budget = budgets?.key[index] ?? null;
    if (budget !== null) {
      // What the budget has after this pick; items of it that it can no longer pay leave the running.
      const used = spent!.get(budget) ?? { amount: 0, units: 0 };
      used.amount += budgets!.cost[index]!;
      used.units += 1;
      spent!.set(budget, used);
      const left = budgets!.left.get(budget);
      const amount = left?.amount == null ? Number.POSITIVE_INFINITY : left.amount - used.amount;
      const units = left?.units == null ? Number.POSITIVE_INFINITY : left.units - used.units;
      for (let i = 0; i < n; i++) if (!closed[i] && budgets!.key[i] === budget && (units < 1 || amount + MONEY_TOLERANCE < budgets!.cost[i]!)) closed[i] = 1;
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
