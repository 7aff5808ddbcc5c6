// rankOffers: the decision for one request. Hard constraints first (removed candidates are never
// scored or explored), then an upper-confidence score on the documented features, minus the
// shadow price of each promotion's budget, plus soft terms (overstock boost, under-performer
// penalty), then a diverse slate (at most one offer per product) with per-slot propensities, and
// a rationale for each chosen offer.
//
// The hot path works on all candidates at once, with the per-candidate algorithm's numbers to the
// last bit (engine/test/rankFastPath.test.ts): the customer's and the context's features are
// encoded once per request (FeatureEncoder), the conversion model scores the whole batch
// (HybridLogisticUCB.scoreMany), and the working arrays are kept between requests.
//
// Two models:
// - `conversion` (default): P(purchase) of each offer by a hybrid LinUCB with a logistic link
//   (shared features SHARED_FEATURES plus a per-offer intercept); the score is the offer's value
//   (its margin after discount, in reward units) × the optimistic purchase probability. It learns
//   reward ÷ value, so an expensive item's rare purchase and a cheap item's frequent one inform
//   the same model, and the margin, which is known, is never estimated.
// - `disjoint`: one ridge model of the reward per offer on the 32 FEATURES (Li et al. 2010, alg. 1).
import { DisjointLinUCB, type DisjointLinUCBSnapshot } from '../linucb/disjointLinUCB.ts';
import { HybridLogisticUCB, type HybridLogisticSnapshot } from '../linucb/hybridLogisticUCB.ts';
import type { LinUCBConfig } from '../linucb/config.ts';
import type { RandomSource } from '../random.ts';
import {
  encodeOfferFeatures,
  encodeSharedFeatures,
  FeatureEncoder,
  FEATURE_DIMENSION,
  FEATURES,
  SHARED_FEATURE_DIMENSION,
  SHARED_FEATURES,
  type ContextFeatures,
  type CustomerFeatures,
  type OfferFeatures,
} from '../features/offerFeatures.ts';
import { violatedConstraint, type ConstrainedCandidate, type ConstraintContext, type RemovalReason } from './constraints.ts';
import { shadowPrice, DEFAULT_PACING, type BudgetState, type PacingConfig } from './budgetPacing.ts';
import { parseExploration, type Exploration } from './exploration.ts';
import { selectSlate, type SlateBudgets } from './slate.ts';
import { parseRewardConfig, type RewardConfig } from './reward.ts';

export type PolicyMode = 'learning' | 'exploit' | 'best-sellers';
export type PolicyModel = 'conversion' | 'disjoint';

export interface ConversionModelConfig {
  /** Prior precision of each offer's intercept (see HybridLogisticConfig.armLambda). */
  armLambda: number;
  /** Purchase probability the model assumes before any outcome (the prior of its bias). */
  baseRate: number;
  /**
   * What the model assumes a shared feature does to the purchase logit before any outcome, by
   * SHARED_FEATURES name (the bias excepted: that is baseRate); unnamed features start at 0
   * (default PROMOTION_PRIOR).
   */
  priorEffects?: Readonly<Record<string, number>>;
}

/**
 * A discount's pull before the model has seen one. Shoppers buy more at a lower price: across
 * 1,851 published estimates the mean price elasticity is −2.6 (Bijmolt, van Heerde & Pieters,
 * J. Marketing Research 2005), and at purchase probabilities of a few percent the logit moves as
 * ln P does, so a discount share d adds about 2.6·d. Without it a fresh model sees no gain from a
 * discount, only the margin it costs, and never offers a promotion; outcomes then correct it (who
 * responds more, whether the badge itself draws).
 */
export const PROMOTION_PRIOR: Readonly<Record<string, number>> = Object.freeze({ discount: 2.6 });

export type OfferPolicySnapshot = DisjointLinUCBSnapshot | HybridLogisticSnapshot;

export interface ChannelPolicy {
  exploration: Exploration;
  /** How long to wait for an outcome before the offer earns the default reward. */
  rewardWaitMs: number;
  /**
   * How long after a decision a purchase of a product it showed is credited to it (last touch),
   * however it is reported; at least rewardWaitMs. Default: the longer of rewardWaitMs and a day.
   */
  attributionWindowMs?: number;
}

/** Attribution window of a channel that does not set one (never shorter than its reward wait). */
export const DEFAULT_ATTRIBUTION_WINDOW_MS = 86_400_000;

export interface OfferPolicyConfig {
  /** α (on the logit scale for `conversion`), λ and the re-anchoring period of either model. */
  linucb: Omit<LinUCBConfig, 'dimension'>;
  model: PolicyModel;
  conversion: ConversionModelConfig;
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
  /** Score removed per unit of stockout risk (0..1) before the next receipt. */
  stockoutPenalty: number;
  /** A promotion is withheld (STOCKOUT_RISK) from items at least this likely to run out before the next receipt. */
  maxPromotedStockoutRisk: number;
}

export const DEFAULT_POLICY: OfferPolicyConfig = {
  linucb: { alpha: 0.5, lambda: 1, recomputeEvery: 500 },
  model: 'conversion',
  conversion: { armLambda: 5, baseRate: 0.05, priorEffects: PROMOTION_PRIOR },
  mode: 'learning',
  channels: {
    // The UCB bonus does the exploring; the slate's own randomisation is kept small, there to give
    // every eligible offer a non-zero propensity (off-policy evaluation). Scores are in reward units.
    WEB: { exploration: { kind: 'softmax', temperature: 0.01 }, rewardWaitMs: 30 * 60_000 },
    APP: { exploration: { kind: 'softmax', temperature: 0.01 }, rewardWaitMs: 30 * 60_000 },
    STORE: { exploration: { kind: 'epsilon-greedy', epsilon: 0.02 }, rewardWaitMs: 4 * 3_600_000 },
    // An email is read days after it was sent: its purchases are credited for a week.
    EMAIL: { exploration: { kind: 'epsilon-greedy', epsilon: 0.05 }, rewardWaitMs: 3 * 86_400_000, attributionWindowMs: 7 * 86_400_000 },
  },
  defaultChannel: { exploration: { kind: 'epsilon-greedy', epsilon: 0.02 }, rewardWaitMs: 3_600_000 },
  maxPerCategory: 2,
  frequencyCap: 3,
  safetyLevel: 0,
  pacing: DEFAULT_PACING,
  reward: parseRewardConfig(),
  overstockBoost: 0.05,
  underperformerPenalty: 0.05,
  stockoutPenalty: 0.05,
  maxPromotedStockoutRisk: 0.5,
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
  /** 0..1: P(demand exceeds what is available before the next receipt); 0 when unknown. */
  stockoutRisk?: number;
  /** Days the stock lasts at the forecast demand (null: no demand expected); for the rationale only. */
  daysOfCover?: number | null;
}

export interface RankRequest {
  customer: CustomerFeatures;
  context: ContextFeatures;
  candidates: readonly RankCandidate[];
  limit: number;
  now: number;
  exposures: ReadonlyMap<string, number>;
  /**
   * What each promotion's budget has left (money, units; null where it has no such limit), keyed by
   * promotion id: the slate then spends at most that, each offer of a promotion costing its
   * discount and one unit. Absent: each offer is only judged on its own (the hard constraint).
   */
  budgetsLeft?: ReadonlyMap<string, { amount: number | null; units: number | null }>;
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
  /** What a purchase of this offer earns, in reward units: (price − discount − unit cost) / scale. */
  value: number;
  /** Estimated purchase probability (`conversion` model), else null. */
  purchaseProbability: number | null;
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

/** The working arrays of one OfferPolicy.rank: n numbers each (probabilities NaN, the rest 0), and n × d features (not cleared). */
interface RankArrays {
  features: Float64Array;
  scores: Float64Array;
  means: Float64Array;
  bonuses: Float64Array;
  costs: Float64Array;
  values: Float64Array;
  probabilities: Float64Array;
}

/** Where OfferPolicy.rank keeps its working arrays between requests, so a request allocates little. */
class RankScratch {
  private capacity = 0;
  private numbers = new Float64Array(0);
  private features = new Float64Array(0);

  arrays(n: number, featureCount: number): RankArrays {
    if (n > this.capacity) {
      this.capacity = n;
      this.numbers = new Float64Array(6 * n);
    }
    if (featureCount > this.features.length) this.features = new Float64Array(featureCount);
    const c = this.capacity;
    const view = (i: number) => this.numbers.subarray(i * c, i * c + n).fill(0);
    return { features: this.features.subarray(0, featureCount), scores: view(0), means: view(1), bonuses: view(2), costs: view(3), values: view(4), probabilities: view(5).fill(Number.NaN) };
  }
}

/** The slate's budgets of the eligible candidates: an offer of a promotion listed in `left` spends its discount and a unit. */
function slateBudgets(left: NonNullable<RankRequest['budgetsLeft']>, candidates: readonly RankCandidate[], eligible: readonly number[]): SlateBudgets {
  const key: (string | null)[] = new Array(eligible.length);
  const cost = new Float64Array(eligible.length);
  for (let e = 0; e < eligible.length; e++) {
    const c = candidates[eligible[e]!]!;
    key[e] = c.promotionId !== null && left.has(c.promotionId) ? c.promotionId : null;
    cost[e] = c.constraint.discount;
  }
  return { key, cost, left };
}

const MODES: readonly PolicyMode[] = ['learning', 'exploit', 'best-sellers'];

function checkMode(mode: unknown): asserts mode is PolicyMode {
  if (!MODES.includes(mode as PolicyMode)) throw new RangeError(`mode must be learning, exploit or best-sellers, got ${JSON.stringify(mode)}`);
}

export class OfferPolicy {
  private settings: OfferPolicyConfig;
  private model: DisjointLinUCB | HybridLogisticUCB;
  private readonly scratch = new RankScratch();
  private ranking = false;

  constructor(config: Partial<OfferPolicyConfig> = {}, private readonly random: RandomSource) {
    const merged = { ...DEFAULT_POLICY, ...config };
    for (const ch of [...Object.values(merged.channels), merged.defaultChannel]) {
      parseExploration(ch.exploration);
      if (!(Number.isFinite(ch.rewardWaitMs) && ch.rewardWaitMs >= 0)) throw new RangeError(`rewardWaitMs must be a finite number ≥ 0, got ${ch.rewardWaitMs}`);
      if (ch.attributionWindowMs !== undefined && !(Number.isFinite(ch.attributionWindowMs) && ch.attributionWindowMs >= ch.rewardWaitMs)) {
        throw new RangeError(`attributionWindowMs must be a finite number ≥ rewardWaitMs (${ch.rewardWaitMs}), got ${ch.attributionWindowMs}`);
      }
    }
    checkMode(merged.mode);
    if (!['conversion', 'disjoint'].includes(merged.model)) throw new RangeError(`model must be conversion or disjoint, got ${JSON.stringify(merged.model)}`);
    if (!(Number.isInteger(merged.maxPerCategory) && merged.maxPerCategory >= 1)) throw new RangeError(`maxPerCategory must be an integer ≥ 1, got ${merged.maxPerCategory}`);
    if (!(Number.isInteger(merged.frequencyCap) && merged.frequencyCap >= 1)) throw new RangeError(`frequencyCap must be an integer ≥ 1, got ${merged.frequencyCap}`);
    if (!(merged.maxPromotedStockoutRisk > 0 && merged.maxPromotedStockoutRisk <= 1)) throw new RangeError(`maxPromotedStockoutRisk must be in (0, 1], got ${merged.maxPromotedStockoutRisk}`);
    if (!(Number.isFinite(merged.stockoutPenalty) && merged.stockoutPenalty >= 0)) throw new RangeError(`stockoutPenalty must be a number ≥ 0, got ${merged.stockoutPenalty}`);
    const conversion = { ...DEFAULT_POLICY.conversion, ...merged.conversion };
    if (!(Number.isFinite(conversion.baseRate) && conversion.baseRate > 0 && conversion.baseRate < 1)) throw new RangeError(`baseRate must be a number between 0 and 1 (exclusive), got ${conversion.baseRate}`);
    for (const [name, effect] of Object.entries(conversion.priorEffects ?? {})) {
      if (name === 'bias' || !SHARED_FEATURES.some(([feature]) => feature === name)) throw new RangeError(`priorEffects: ${JSON.stringify(name)} is not a shared feature other than the bias`);
      if (!Number.isFinite(effect)) throw new RangeError(`priorEffects.${name} must be a finite number, got ${effect}`);
    }
    this.settings = { ...merged, conversion, reward: parseRewardConfig(merged.reward) };
    this.model = this.freshModel();
  }

  get config(): Readonly<OfferPolicyConfig> {
    return this.settings;
  }

  /**
   * The kill switch at run time: `exploit` stops exploring, `best-sellers` stops using the model,
   * `learning` resumes. The model keeps learning from outcomes in every mode.
   */
  setMode(mode: PolicyMode): void {
    checkMode(mode);
    this.settings = { ...this.settings, mode };
  }

  private freshModel(): DisjointLinUCB | HybridLogisticUCB {
    const { linucb, conversion } = this.config;
    if (this.config.model === 'disjoint') return new DisjointLinUCB({ dimension: FEATURE_DIMENSION, ...linucb });
    const prior = new Float64Array(SHARED_FEATURE_DIMENSION);
    prior[0] = Math.log(conversion.baseRate / (1 - conversion.baseRate)); // feature 0 is the bias
    for (const [name, effect] of Object.entries(conversion.priorEffects ?? {})) prior[SHARED_FEATURES.findIndex(([feature]) => feature === name)] = effect;
    return new HybridLogisticUCB({ dimension: SHARED_FEATURE_DIMENSION, alpha: linucb.alpha, lambda: linucb.lambda, armLambda: conversion.armLambda, recomputeEvery: linucb.recomputeEvery }, prior);
  }

  /**
   * Length of the logged feature vectors (RankedOffer.features): the 32 FEATURES (`disjoint`), or
   * the 42 SHARED_FEATURES followed by the offer's value in reward units (`conversion`), so the
   * vector logged with a decision is all update() needs.
   */
  get featureDimension(): number {
    return this.config.model === 'disjoint' ? FEATURE_DIMENSION : SHARED_FEATURE_DIMENSION + 1;
  }

  get modelVersion(): string {
    return this.config.model === 'disjoint' ? `linucb-d${FEATURE_DIMENSION}-u${this.model.totalUpdates}` : `hybrid-logistic-k${SHARED_FEATURE_DIMENSION}-u${this.model.totalUpdates}`;
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

  /** The channel's two delays: when an offer's reward is made final, and how long its purchases are credited to it. */
  channelDelays(channel: string): { rewardWaitMs: number; attributionWindowMs: number } {
    const { rewardWaitMs, attributionWindowMs } = this.channelPolicy(channel);
    return { rewardWaitMs, attributionWindowMs: attributionWindowMs ?? Math.max(rewardWaitMs, DEFAULT_ATTRIBUTION_WINDOW_MS) };
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
      maxPromotedStockoutRisk: this.config.maxPromotedStockoutRisk,
    };
    // The hard constraints, as applyHardConstraints applies them (the removals in candidate order).
    const eligible: number[] = [];
    const removed: RankResult['removed'] = [];
    for (let index = 0; index < candidates.length; index++) {
      const c = candidates[index]!;
      const reason = violatedConstraint(c.constraint, constraintContext);
      if (reason) removed.push({ offerId: c.offerId, reason });
      else eligible.push(index);
    }
    const n = eligible.length;
    const d = this.featureDimension;
    const mode = this.config.mode;
    // The working arrays come from the policy's scratch, reused from one request to the next (a
    // nested call, from a random source that ranks, gets its own).
    const nested = this.ranking;
    const work = (nested ? new RankScratch() : this.scratch).arrays(n, mode === 'best-sellers' ? 0 : n * d);
    this.ranking = true;
    try {
      return this.rankEligible(request, eligible, removed, work);
    } finally {
      this.ranking = nested;
    }
  }

  /** rank() after the hard constraints: features, scores, the slate and its rationale. */
  private rankEligible(request: RankRequest, eligible: readonly number[], removed: RankResult['removed'], work: RankArrays): RankResult {
    const { candidates, context } = request;
    const { features, scores, means, bonuses, costs, values, probabilities } = work;
    const n = eligible.length;
    const d = this.featureDimension;
    const mode = this.config.mode;
    const model = this.model;
    const conversion = model instanceof HybridLogisticUCB;
    const groups: string[] = new Array(n);
    const products: string[] = new Array(n);
    const scale = this.config.reward.scale;
    // the customer's and the context's features once for the request (only when there is something to encode)
    const encoder = mode === 'best-sellers' || n === 0 ? null : new FeatureEncoder(request.customer, context, conversion);
    for (let e = 0; e < n; e++) {
      const c = candidates[eligible[e]!]!;
      const k = c.constraint;
      values[e] = (k.price - k.discount - k.unitCost) / scale;
      groups[e] = c.offer.categoryId;
      products[e] = c.productId;
      if (mode === 'best-sellers') scores[e] = c.popularity; // features are encoded for the chosen offers only, below
      else this.encodeWith(encoder!, c, values[e]!, features, e * d);
    }
    if (mode !== 'best-sellers') {
      if (conversion) {
        // P(purchase) and its upper bound of every candidate in one batch (bit for bit model.score)
        const offerIds: string[] = new Array(n);
        for (let e = 0; e < n; e++) offerIds[e] = candidates[eligible[e]!]!.offerId;
        model.scoreMany(offerIds, features, d, probabilities, bonuses, n); // bonuses holds the upper bounds for now
      }
      const { overstockBoost, underperformerPenalty, stockoutPenalty, pacing } = this.config;
      for (let e = 0; e < n; e++) {
        const c = candidates[eligible[e]!]!;
        const discount = c.constraint.discount;
        // The budget's shadow price times the discount this offer is expected to spend (as reward units).
        const lambda = c.budget ? shadowPrice(c.budget, request.now, pacing) : 0;
        let expectedSpend: number;
        if (conversion) {
          const p = probabilities[e]!;
          const upper = bonuses[e]!;
          const value = Math.max(0, values[e]!);
          means[e] = value * p;
          bonuses[e] = mode === 'exploit' ? 0 : value * (upper - p);
          expectedSpend = p * (discount / scale);
        } else {
          const s = (model as DisjointLinUCB).score(c.offerId, features, e * d);
          means[e] = s.mean;
          bonuses[e] = mode === 'exploit' ? 0 : s.bonus;
          expectedSpend = Math.max(0, s.mean) * (discount / scale);
        }
        costs[e] = lambda === Number.POSITIVE_INFINITY ? Number.POSITIVE_INFINITY : lambda * expectedSpend;
        const soft = overstockBoost * c.overstock - (c.underperforming ? underperformerPenalty : 0) - stockoutPenalty * (c.stockoutRisk ?? 0);
        scores[e] = means[e]! + bonuses[e]! - costs[e]! + soft;
      }
    }
    const exploration: Exploration = mode === 'learning' ? this.channelPolicy(context.channel).exploration : { kind: 'greedy' };
    const budgets = request.budgetsLeft ? slateBudgets(request.budgetsLeft, candidates, eligible) : undefined;
    const picks = selectSlate(scores, groups, { size: request.limit, maxPerGroup: this.config.maxPerCategory, exploration, random: this.random, exclusive: products, ...(budgets ? { budgets } : {}) });
    const offers = picks.map((pick, position): RankedOffer => {
      const c = candidates[eligible[pick.index]!]!;
      const x = mode === 'best-sellers' ? this.encode(request, c, values[pick.index]!, new Float64Array(d)) : features.slice(pick.index * d, (pick.index + 1) * d);
      const p = probabilities[pick.index]!;
      return {
        candidate: c,
        position,
        score: scores[pick.index]!,
        expectedReward: mode === 'best-sellers' ? 0 : means[pick.index]! * scale,
        value: values[pick.index]!,
        purchaseProbability: Number.isNaN(p) ? null : p,
        explorationBonus: bonuses[pick.index]!,
        budgetCost: costs[pick.index]!,
        propensity: pick.propensity,
        explored: pick.explored,
        features: x,
        topContributions: mode === 'best-sellers' ? [] : this.contributions(c.offerId, x, 3),
      };
    });
    return { offers, removed, eligibleCount: n, mode };
  }

  /** encode() with a request's FeatureEncoder, into out[offset … offset + featureDimension). */
  private encodeWith(encoder: FeatureEncoder, c: RankCandidate, value: number, out: Float64Array, offset: number): void {
    encoder.encode(c.offer, c.popularity, out, offset);
    if (this.config.model !== 'disjoint') out[offset + SHARED_FEATURE_DIMENSION] = value;
  }

  /** Writes the logged feature vector of one candidate (see featureDimension). */
  private encode(request: RankRequest, c: RankCandidate, value: number, x: Float64Array): Float64Array {
    if (this.config.model === 'disjoint') return encodeOfferFeatures(request.customer, request.context, c.offer, x);
    encodeSharedFeatures(request.customer, request.context, c.offer, c.popularity, x);
    x[SHARED_FEATURE_DIMENSION] = value;
    return x;
  }

  /**
   * θᵢ·xᵢ per feature for this arm, largest magnitude first (the `top` largest, or all): in reward
   * units for `disjoint` (the pooled model for a new arm), on the logit scale of P(purchase) for
   * `conversion` (the shared θ).
   */
  contributions(offerId: string, x: ArrayLike<number>, top = Number.POSITIVE_INFINITY): FeatureContribution[] {
    const model = this.model;
    const names: readonly (readonly [string, string])[] = model instanceof DisjointLinUCB ? FEATURES : SHARED_FEATURES;
    const theta = model instanceof DisjointLinUCB ? (model.armStats(offerId)?.theta ?? model.pooledTheta()) : model.sharedTheta();
    const out: FeatureContribution[] = [];
    // insertion into a list kept sorted by magnitude, at most `top` long
    for (let i = 1; i < names.length; i++) {
      const contribution = theta[i]! * x[i]!; // i = 0 is the bias
      if (contribution === 0) continue;
      const size = Math.abs(contribution);
      if (out.length >= top && size <= Math.abs(out[out.length - 1]!.contribution)) continue;
      let at = out.length;
      while (at > 0 && Math.abs(out[at - 1]!.contribution) < size) at--;
      out.splice(at, 0, { feature: names[i]![0], contribution });
      if (out.length > top) out.pop();
    }
    return out;
  }

  /**
   * Learns from one offer's outcome: `features` are the ones logged with the decision
   * (RankedOffer.features), `reward` in reward units (rewardOf). The `conversion` model learns
   * reward ÷ value (the last logged number), clipped to [0, 1]: 1 for a purchase, partial credit
   * for a click or an add-to-cart; an offer worth nothing (value ≤ 0) teaches it nothing.
   */
  update(offerId: string, features: ArrayLike<number>, reward: number): void {
    const model = this.model;
    if (model instanceof DisjointLinUCB) {
      model.update(offerId, features, reward);
      return;
    }
    const k = SHARED_FEATURE_DIMENSION;
    if (features.length !== k + 1) throw new RangeError(`features must have length ${k + 1} (the shared features and the offer's value, as logged with the decision), got ${features.length}`);
    if (!Number.isFinite(reward)) throw new RangeError(`reward must be a finite number, got ${reward}`);
    const value = features[k]!;
    if (!Number.isFinite(value)) throw new RangeError(`features[${k}] (the offer's value) must be a finite number, got ${value}`);
    if (value <= 0) return;
    const z = features instanceof Float64Array ? features.subarray(0, k) : Float64Array.from({ length: k }, (_, i) => features[i]!);
    model.update(offerId, z, Math.min(1, Math.max(0, reward / value)));
  }

  snapshot(): OfferPolicySnapshot {
    return this.model.snapshot();
  }

  restore(snapshot: OfferPolicySnapshot): void {
    const expected = this.config.model === 'disjoint' ? 'disjoint-linucb' : 'hybrid-logistic-ucb';
    if (snapshot?.kind !== expected) throw new TypeError(`this policy's model is ${this.config.model} and needs a ${expected} snapshot, got kind ${JSON.stringify(snapshot?.kind)}`);
    this.model = snapshot.kind === 'disjoint-linucb' ? DisjointLinUCB.restore(snapshot) : HybridLogisticUCB.restore(snapshot);
  }
}
