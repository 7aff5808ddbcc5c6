// rankOffers: the decision for one request. Hard constraints first (removed candidates are never
// scored or explored), then LinUCB scores on the documented features, minus the shadow price of
// each promotion's budget, plus soft terms (overstock boost, under-performer penalty), then a
// diverse slate with per-slot propensities, and a rationale for each chosen offer.
import { DisjointLinUCB, type DisjointLinUCBSnapshot } from '../linucb/disjointLinUCB.ts';
import type { LinUCBConfig } from '../linucb/config.ts';
import type { RandomSource } from '../random.ts';
import { encodeOfferFeatures, FEATURE_DIMENSION, FEATURES, type ContextFeatures, type CustomerFeatures, type OfferFeatures } from '../features/offerFeatures.ts';
import { applyHardConstraints, type ConstrainedCandidate, type ConstraintContext, type RemovalReason } from './constraints.ts';
import { shadowPrice, DEFAULT_PACING, type BudgetState, type PacingConfig } from './budgetPacing.ts';
import { parseExploration, type Exploration } from './exploration.ts';
import { selectSlate } from './slate.ts';
import { parseRewardConfig, type RewardConfig } from './reward.ts';

export type PolicyMode = 'learning' | 'exploit' | 'best-sellers';

export interface ChannelPolicy {
  exploration: Exploration;
  /** How long to wait for an outcome before the offer earns the default reward. */
  rewardWaitMs: number;
}

export interface OfferPolicyConfig {
  linucb: Omit<LinUCBConfig, 'dimension'>;
  /** Kill switch: `exploit` stops exploring, `best-sellers` ignores the model. */
  mode: PolicyMode;
  channels: Record<string, ChannelPolicy>;
  defaultChannel: ChannelPolicy;
  maxPerCategory: number;
  frequencyCap: number;
  safetyLevel: number;
  pacing: PacingConfig;
  reward: RewardConfig;
  /** Score added per unit of overstock signal (0..1) on a candidate. */
  overstockBoost: number;
  /** Score removed from a candidate flagged as under-performing. */
  underperformerPenalty: number;
}

export const DEFAULT_POLICY: OfferPolicyConfig = {
  linucb: { alpha: 0.5, lambda: 1, recomputeEvery: 500 },
  mode: 'learning',
  channels: {
    WEB: { exploration: { kind: 'softmax', temperature: 0.05 }, rewardWaitMs: 30 * 60_000 },
    APP: { exploration: { kind: 'softmax', temperature: 0.05 }, rewardWaitMs: 30 * 60_000 },
    STORE: { exploration: { kind: 'epsilon-greedy', epsilon: 0.05 }, rewardWaitMs: 4 * 3_600_000 },
    EMAIL: { exploration: { kind: 'epsilon-greedy', epsilon: 0.1 }, rewardWaitMs: 3 * 86_400_000 },
  },
  defaultChannel: { exploration: { kind: 'epsilon-greedy', epsilon: 0.05 }, rewardWaitMs: 3_600_000 },
  maxPerCategory: 2,
  frequencyCap: 3,
  safetyLevel: 0,
  pacing: DEFAULT_PACING,
  reward: parseRewardConfig(),
  overstockBoost: 0.05,
  underperformerPenalty: 0.05,
};

export interface RankCandidate {
  offerId: string;
  productId: string;
  promotionId: string | null;
  offer: OfferFeatures;
  constraint: ConstrainedCandidate;
  budget: BudgetState | null;
  /** Units sold per day lately, for the best-sellers rule. */
  popularity: number;
  /** 0..1: how overstocked the item is (forecast well below stock). */
  overstock: number;
  underperforming: boolean;
}

export interface RankRequest {
  customer: CustomerFeatures;
  context: ContextFeatures;
  candidates: readonly RankCandidate[];
  limit: number;
  now: number;
  exposures: ReadonlyMap<string, number>;
}

export interface FeatureContribution {
  feature: string;
  contribution: number;
}

export interface RankedOffer {
  candidate: RankCandidate;
  position: number;
  score: number;
  /** Expected reward in money (model mean × reward scale). */
  expectedReward: number;
  explorationBonus: number;
  budgetCost: number;
  propensity: number;
  explored: boolean;
  features: Float64Array;
  topContributions: FeatureContribution[];
}

export interface RankResult {
  offers: RankedOffer[];
  removed: { offerId: string; reason: RemovalReason }[];
  eligibleCount: number;
  mode: PolicyMode;
}

export class OfferPolicy {
  readonly config: OfferPolicyConfig;
  private model: DisjointLinUCB;

  constructor(config: Partial<OfferPolicyConfig> = {}, private readonly random: RandomSource) {
    const merged = { ...DEFAULT_POLICY, ...config };
    for (const ch of [...Object.values(merged.channels), merged.defaultChannel]) parseExploration(ch.exploration);
    if (!['learning', 'exploit', 'best-sellers'].includes(merged.mode)) throw new RangeError(`mode must be learning, exploit or best-sellers, got ${JSON.stringify(merged.mode)}`);
    if (!(Number.isInteger(merged.maxPerCategory) && merged.maxPerCategory >= 1)) throw new RangeError(`maxPerCategory must be an integer ≥ 1, got ${merged.maxPerCategory}`);
    if (!(Number.isInteger(merged.frequencyCap) && merged.frequencyCap >= 1)) throw new RangeError(`frequencyCap must be an integer ≥ 1, got ${merged.frequencyCap}`);
    this.config = { ...merged, reward: parseRewardConfig(merged.reward) };
    this.model = new DisjointLinUCB({ dimension: FEATURE_DIMENSION, ...this.config.linucb });
  }

  get modelVersion(): string {
    return `linucb-d${FEATURE_DIMENSION}-u${this.model.totalUpdates}`;
  }

  get updates(): number {
    return this.model.totalUpdates;
  }

  get armCount(): number {
    return this.model.armCount;
  }

  channelPolicy(channel: string): ChannelPolicy {
    return this.config.channels[channel] ?? this.config.defaultChannel;
  }

  rank(request: RankRequest): RankResult {
    if (!(Number.isInteger(request.limit) && request.limit >= 1 && request.limit <= 50)) throw new RangeError(`limit must be an integer from 1 to 50, got ${request.limit}`);
    const { candidates, context } = request;
    const constraintContext: ConstraintContext = {
      now: request.now,
      channel: context.channel,
      safetyLevel: this.config.safetyLevel,
      exposures: request.exposures,
      frequencyCap: this.config.frequencyCap,
    };
    const { eligible, removed } = applyHardConstraints(candidates.map((c) => c.constraint), constraintContext);
    const d = FEATURE_DIMENSION;
    const features = new Float64Array(eligible.length * d);
    const scores = new Float64Array(eligible.length);
    const means = new Float64Array(eligible.length);
    const bonuses = new Float64Array(eligible.length);
    const costs = new Float64Array(eligible.length);
    const groups: string[] = new Array(eligible.length);
    const mode = this.config.mode;
    const scale = this.config.reward.scale;
    for (let e = 0; e < eligible.length; e++) {
      const c = candidates[eligible[e]!]!;
      const x = features.subarray(e * d, (e + 1) * d);
      encodeOfferFeatures(request.customer, context, c.offer, x);
      groups[e] = c.offer.categoryId;
      if (mode === 'best-sellers') {
        scores[e] = c.popularity;
        continue;
      }
      const s = this.model.score(c.offerId, x);
      means[e] = s.mean;
      bonuses[e] = mode === 'exploit' ? 0 : s.bonus;
      // The budget's shadow price times the discount this offer is expected to spend (as reward units).
      const lambda = c.budget ? shadowPrice(c.budget, request.now, this.config.pacing) : 0;
      const expectedSpend = Math.max(0, s.mean) * (c.constraint.discount / scale);
      costs[e] = lambda === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : lambda * expectedSpend;
      const soft = this.config.overstockBoost * c.overstock - (c.underperforming ? this.config.underperformerPenalty : 0);
      scores[e] = s.mean + bonuses[e]! - costs[e]! + soft;
    }
    const exploration: Exploration = mode === 'learning' ? this.channelPolicy(context.channel).exploration : { kind: 'greedy' };
    const picks = selectSlate(scores, groups, { size: request.limit, maxPerGroup: this.config.maxPerCategory, exploration, random: this.random });
    const offers = picks.map((pick, position): RankedOffer => {
      const c = candidates[eligible[pick.index]!]!;
      const x = Float64Array.from(features.subarray(pick.index * d, (pick.index + 1) * d));
      return {
        candidate: c,
        position,
        score: scores[pick.index]!,
        expectedReward: mode === 'best-sellers' ? 0 : means[pick.index]! * scale,
        explorationBonus: bonuses[pick.index]!,
        budgetCost: costs[pick.index]!,
        propensity: pick.propensity,
        explored: pick.explored,
        features: x,
        topContributions: mode === 'best-sellers' ? [] : this.contributions(c.offerId, x).slice(0, 3),
      };
    });
    return { offers, removed: removed.map((r) => ({ offerId: candidates[r.index]!.offerId, reason: r.reason })), eligibleCount: eligible.length, mode };
  }

  /** θᵢ·xᵢ per feature for this arm (the pooled model for a new arm), largest magnitude first. */
  contributions(offerId: string, x: Float64Array): FeatureContribution[] {
    const theta = this.model.armStats(offerId)?.theta ?? this.model.pooledTheta();
    return FEATURES.map(([feature], i) => ({ feature, contribution: theta[i]! * x[i]! }))
      .filter((f) => f.feature !== 'bias' && f.contribution !== 0)
      .sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  }

  /** Learns from one offer's outcome: `features` are the ones logged with the decision. */
  update(offerId: string, features: ArrayLike<number>, reward: number): void {
    this.model.update(offerId, features, reward);
  }

  snapshot(): DisjointLinUCBSnapshot {
    return this.model.snapshot();
  }

  restore(snapshot: DisjointLinUCBSnapshot): void {
    this.model = DisjointLinUCB.restore(snapshot);
  }
}
