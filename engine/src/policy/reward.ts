// The business value of an outcome, defined in one place. A purchase is worth its margin; a click
// or an add-to-cart earns partial credit; a dismissal may cost a little; an offer that got no
// outcome within the channel's wait time earns the default. The model learns value / scale, so
// rewards stay near [0, 1] whatever the currency.

export type OutcomeKind = 'IMPRESSION' | 'CLICK' | 'ADD_TO_CART' | 'PURCHASE' | 'DISMISS';

export interface RewardConfig {
  /** Money per reward unit: rewards are divided by it before they reach the model. */
  scale: number;
  clickValue: number;
  addToCartValue: number;
  dismissValue: number;
  /** What an offer earns when nothing but its impression came back in time. */
  defaultValue: number;
}

export const DEFAULT_REWARD: RewardConfig = { scale: 10, clickValue: 0.3, addToCartValue: 1, dismissValue: -0.1, defaultValue: 0 };

export function parseRewardConfig(input: Partial<RewardConfig> = {}): RewardConfig {
  const c = { ...DEFAULT_REWARD, ...input };
  if (!(Number.isFinite(c.scale) && c.scale > 0)) throw new RangeError(`scale must be a finite number > 0, got ${c.scale}`);
  for (const key of ['clickValue', 'addToCartValue', 'dismissValue', 'defaultValue'] as const) {
    if (!Number.isFinite(c[key])) throw new RangeError(`${key} must be a finite number, got ${c[key]}`);
  }
  return c;
}

/** Money value of one outcome; `margin` is the purchase's margin (price paid − unit cost) × quantity. */
export function outcomeValue(kind: OutcomeKind, config: RewardConfig, margin = 0): number {
  switch (kind) {
    case 'PURCHASE':
      return margin;
    case 'ADD_TO_CART':
      return config.addToCartValue;
    case 'CLICK':
      return config.clickValue;
    case 'DISMISS':
      return config.dismissValue;
    case 'IMPRESSION':
      return config.defaultValue;
  }
}

/** The reward the model learns for an offer: its best outcome so far, in reward units. */
export function rewardOf(kinds: readonly { kind: OutcomeKind; margin?: number }[], config: RewardConfig): number {
  if (kinds.length === 0) return config.defaultValue / config.scale;
  let best = Number.NEGATIVE_INFINITY;
  for (const o of kinds) best = Math.max(best, outcomeValue(o.kind, config, o.margin));
  return best / config.scale;
}
