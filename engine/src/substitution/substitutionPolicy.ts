// Substitutes for an unavailable item: ranks in-stock candidates by the probability that this
// shopper accepts each in place of the original, and learns from every accepted or declined
// substitute. A contextual bandit over candidate replacements: HybridLogisticUCB with the
// SUBSTITUTION_FEATURES of (original, candidate, shopper) as the shared z (what makes any
// replacement acceptable) and each candidate product as an arm (its own intercept: a product that
// shoppers accept more or less often than its features say). The shared weights start from
// SIMILARITY_PRIOR, so a new policy ranks like the similarity baseline.
//
// Hard rules, before any scoring (substitutionExclusion): the original is never its own
// substitute, and a candidate that lacks any dietary flag of the original is never offered.
import { checkVector } from '../linucb/config.ts';
import { HybridLogisticUCB, type HybridLogisticSnapshot } from '../linucb/hybridLogisticUCB.ts';
import { selectSlate } from '../policy/slate.ts';
import type { RandomSource } from '../random.ts';
import { substitutionReasons, type SubstitutionReason } from './reasons.ts';
import { similarityPriorVector } from './similarity.ts';
import { SUBSTITUTION_FEATURES, SUBSTITUTION_FEATURE_DIMENSION, SubstitutionEncoder } from './substitutionFeatures.ts';
import { describe, substitutionExclusion, validateItem, validateShopper, type SubstituteItem, type SubstitutionShopper } from './substitutionInput.ts';

export type SubstitutionExploration = 'ucb' | 'greedy' | 'epsilon-greedy';

export interface SubstitutionPolicyConfig {
  /** How candidates are chosen: 'ucb' ranks by the upper confidence bound (optimism explores); 'greedy' by the point estimate; 'epsilon-greedy' by the point estimate with a uniformly random pick in a slot with probability epsilon. */
  exploration: SubstitutionExploration;
  /** Weight of the confidence width on the logit scale ('ucb' only). */
  alpha: number;
  /** Probability of a random pick per slot ('epsilon-greedy' only). */
  epsilon: number;
  /** Prior variance of each shared weight around its prior mean: smaller trusts the prior longer. */
  priorVariance: number;
  /** Prior variance of each candidate's own intercept: larger lets one product's record move its score sooner. */
  candidatePriorVariance: number;
  /** Where the shared weights start: SIMILARITY_PRIOR, or 0 (a coin flip for everything). */
  prior: 'similarity' | 'zero';
  /** Substitutes returned when rank() is given no limit. */
  limit: number;
  /** Recompute A⁻¹ from A after this many Sherman–Morrison updates. */
  recomputeEvery: number;
}

export const DEFAULT_SUBSTITUTION_POLICY: Readonly<SubstitutionPolicyConfig> = Object.freeze({
  exploration: 'ucb',
  alpha: 0.5,
  epsilon: 0.05,
  priorVariance: 1,
  candidatePriorVariance: 0.25,
  prior: 'similarity',
  limit: 3,
  recomputeEvery: 500,
});

/** The most substitutes one request may ask for. */
export const MAX_SUBSTITUTES = 50;
const EXPLORATIONS: readonly SubstitutionExploration[] = ['ucb', 'greedy', 'epsilon-greedy'];

function check(cond: boolean, message: string): void {
  if (!cond) throw new RangeError(message);
}

export function parseSubstitutionPolicyConfig(input: Partial<SubstitutionPolicyConfig> = {}): SubstitutionPolicyConfig {
  const c = { ...DEFAULT_SUBSTITUTION_POLICY, ...input };
  check(EXPLORATIONS.includes(c.exploration), `exploration must be one of ucb, greedy, epsilon-greedy, got ${describe(c.exploration)}`);
  check(typeof c.alpha === 'number' && Number.isFinite(c.alpha) && c.alpha >= 0, `alpha must be a finite number ≥ 0, got ${describe(c.alpha)}`);
  check(typeof c.epsilon === 'number' && c.epsilon >= 0 && c.epsilon <= 1, `epsilon must be a number from 0 to 1, got ${describe(c.epsilon)}`);
  check(typeof c.priorVariance === 'number' && Number.isFinite(c.priorVariance) && c.priorVariance > 0, `priorVariance must be a finite number > 0, got ${describe(c.priorVariance)}`);
  check(typeof c.candidatePriorVariance === 'number' && Number.isFinite(c.candidatePriorVariance) && c.candidatePriorVariance > 0, `candidatePriorVariance must be a finite number > 0, got ${describe(c.candidatePriorVariance)}`);
  check(c.prior === 'similarity' || c.prior === 'zero', `prior must be similarity or zero, got ${describe(c.prior)}`);
  check(Number.isInteger(c.limit) && c.limit >= 1 && c.limit <= MAX_SUBSTITUTES, `limit must be an integer from 1 to ${MAX_SUBSTITUTES}, got ${describe(c.limit)}`);
  check(Number.isInteger(c.recomputeEvery) && c.recomputeEvery >= 1, `recomputeEvery must be an integer ≥ 1, got ${describe(c.recomputeEvery)}`);
  return { exploration: c.exploration, alpha: c.alpha, epsilon: c.epsilon, priorVariance: c.priorVariance, candidatePriorVariance: c.candidatePriorVariance, prior: c.prior, limit: c.limit, recomputeEvery: c.recomputeEvery };
}

/** One substitute offered in place of the original. */
export interface RankedSubstitute {
  productId: string;
  /** The model's point estimate of P(the shopper accepts it), σ(θᵀz + b): calibrated on past outcomes, without the exploration bonus. */
  acceptProbability: number;
  /** What the slate was ordered by: the upper confidence bound ('ucb') or acceptProbability. */
  score: number;
  /** Probability the policy had of choosing it in its slot, given the slots before (1 unless 'epsilon-greedy'). */
  propensity: number;
  /** True when exploration put it in the slate: under 'ucb', it is not among the `limit` best point estimates; under 'epsilon-greedy', a random pick. */
  explored: boolean;
  /** Why, largest contribution first (see reasons.ts). */
  reasons: SubstitutionReason[];
  /** SUBSTITUTION_FEATURES as encoded at decision time: log them with the decision and pass them to update(). */
  features: number[];
}

export interface SubstitutionRankOptions {
  /** Substitutes to return (default config.limit), 1 to MAX_SUBSTITUTES. */
  limit?: number;
}

/** An outcome logged with the features the policy encoded when it offered the candidate. */
export interface SubstitutionObservation {
  candidateId: string;
  features: ArrayLike<number>;
}

/** An outcome given as the items and shopper themselves (the features are encoded now). */
export interface SubstitutionExample {
  original: SubstituteItem;
  candidate: SubstituteItem;
  shopper: SubstitutionShopper;
}

export interface SubstitutionPolicySnapshot {
  kind: 'substitution-policy';
  /** Feature names in order: a snapshot of another feature set is refused. */
  features: string[];
  config: SubstitutionPolicyConfig;
  model: HybridLogisticSnapshot;
}

const FEATURE_NAMES = SUBSTITUTION_FEATURES.map(([name]) => name);

export class SubstitutionPolicy {
  readonly config: SubstitutionPolicyConfig;
  private model: HybridLogisticUCB;

  /** `random` drives 'epsilon-greedy' picks; pass a seeded one (seededRandom) to replay decisions. */
  constructor(
    config: Partial<SubstitutionPolicyConfig> = {},
    private readonly random: RandomSource,
  ) {
    this.config = parseSubstitutionPolicyConfig(config);
    this.model = new HybridLogisticUCB(this.modelConfig(), this.config.prior === 'similarity' ? similarityPriorVector() : undefined);
  }

  private modelConfig() {
    const c = this.config;
    return { dimension: SUBSTITUTION_FEATURE_DIMENSION, alpha: c.alpha, lambda: 1 / c.priorVariance, armLambda: 1 / c.candidatePriorVariance, recomputeEvery: c.recomputeEvery };
  }

  /** Outcomes learnt so far. */
  get updates(): number {
    return this.model.totalUpdates;
  }

  /** The shared weights θ, by feature name (for inspection and reports). */
  weights(): Record<string, number> {
    const theta = this.model.sharedTheta();
    return Object.fromEntries(FEATURE_NAMES.map((name, i) => [name, theta[i]!]));
  }

  /**
   * Up to `limit` substitutes for the original, best first, among the candidates the hard rules
   * allow (neither the original itself nor a candidate losing a dietary flag of the original).
   * Candidate product ids must be distinct. Fewer than `limit` come back when fewer are allowed.
   */
  rank(original: SubstituteItem, candidates: readonly SubstituteItem[], shopper: SubstitutionShopper, options: SubstitutionRankOptions = {}): RankedSubstitute[] {
    validateItem(original, 'original');
    if (!Array.isArray(candidates)) throw new TypeError(`candidates must be an array, got ${describe(candidates)}`);
    const seen = new Set<string>();
    candidates.forEach((candidate, i) => {
      validateItem(candidate, `candidates[${i}]`);
      if (seen.has(candidate.productId)) throw new RangeError(`candidates[${i}].productId ${JSON.stringify(candidate.productId)} appears more than once`);
      seen.add(candidate.productId);
    });
    validateShopper(shopper);
    const limit = options.limit ?? this.config.limit;
    check(Number.isInteger(limit) && limit >= 1 && limit <= MAX_SUBSTITUTES, `limit must be an integer from 1 to ${MAX_SUBSTITUTES}, got ${describe(limit)}`);

    const allowed = candidates.filter((c) => substitutionExclusion(original, c) === null);
    const n = allowed.length;
    if (n === 0) return [];
    const k = SUBSTITUTION_FEATURE_DIMENSION;
    const encoder = new SubstitutionEncoder(original, shopper);
    const z = new Float64Array(n * k);
    allowed.forEach((c, r) => encoder.encode(c, z, r * k));
    const ids = allowed.map((c) => c.productId);
    const probability = new Float64Array(n);
    const upper = new Float64Array(n);
    this.model.scoreMany(ids, z, k, probability, upper);

    const { exploration, epsilon } = this.config;
    const scores = exploration === 'ucb' ? upper : probability;
    // one group for all: substitutes have no diversity rule, only the slate size
    const picks = selectSlate(scores, new Array(n).fill(0), {
      size: Math.min(limit, n),
      maxPerGroup: limit,
      exploration: exploration === 'epsilon-greedy' ? { kind: 'epsilon-greedy', epsilon } : { kind: 'greedy' },
      random: this.random,
    });
    const greedyTop = exploration === 'ucb' ? topIndexes(probability, limit) : null;
    const theta = this.model.sharedTheta();
    return picks.map((pick) => {
      const r = pick.index;
      const candidate = allowed[r]!;
      return {
        productId: candidate.productId,
        acceptProbability: probability[r]!,
        score: scores[r]!,
        propensity: pick.propensity,
        explored: greedyTop ? !greedyTop.has(r) : pick.explored,
        reasons: substitutionReasons({ theta, z, offset: r * k, original, candidate, shopper, arm: this.model.armStats(candidate.productId) }),
        features: Array.from(z.subarray(r * k, (r + 1) * k)),
      };
    });
  }

  /** The point estimate of P(accept) for one pair, without ranking (e.g. to score a shopper's own pick). */
  acceptProbability(original: SubstituteItem, candidate: SubstituteItem, shopper: SubstitutionShopper): number {
    validateItem(original, 'original');
    validateItem(candidate, 'candidate');
    validateShopper(shopper);
    const z = new SubstitutionEncoder(original, shopper).encode(candidate, new Float64Array(SUBSTITUTION_FEATURE_DIMENSION));
    return this.model.score(candidate.productId, z).probability;
  }

  /**
   * Learns from one offered substitute: accepted or declined. Pass the features logged with the
   * decision (RankedSubstitute.features) or the items and shopper (encoded now; prefer the
   * logged features when the shopper's history may have changed since). Only substitutes the
   * shopper actually considered should be reported: a slate item after the one accepted was not.
   */
  update(outcome: SubstitutionObservation | SubstitutionExample, accepted: boolean): void {
    if (typeof accepted !== 'boolean') throw new TypeError(`accepted must be a boolean, got ${describe(accepted)}`);
    if (typeof outcome !== 'object' || outcome === null) throw new TypeError(`outcome must be an object, got ${describe(outcome)}`);
    let candidateId: string;
    let features: ArrayLike<number>;
    if ('features' in outcome) {
      candidateId = outcome.candidateId;
      if (typeof candidateId !== 'string' || candidateId.length === 0) throw new TypeError(`outcome.candidateId must be a non-empty string, got ${describe(candidateId)}`);
      features = outcome.features;
      if (typeof features !== 'object' || features === null || typeof features.length !== 'number') throw new TypeError(`outcome.features must be an array of ${SUBSTITUTION_FEATURE_DIMENSION} numbers, got ${describe(features)}`);
      checkVector(features, SUBSTITUTION_FEATURE_DIMENSION, 'outcome.features');
    } else {
      const { original, candidate, shopper } = outcome;
      validateItem(original, 'original');
      validateItem(candidate, 'candidate');
      validateShopper(shopper);
      if (candidate.productId === original.productId) throw new RangeError(`candidate must differ from the original, both are ${JSON.stringify(original.productId)}`);
      candidateId = candidate.productId;
      features = new SubstitutionEncoder(original, shopper).encode(candidate, new Float64Array(SUBSTITUTION_FEATURE_DIMENSION));
    }
    this.model.update(candidateId, features, accepted ? 1 : 0);
  }

  snapshot(): SubstitutionPolicySnapshot {
    return { kind: 'substitution-policy', features: [...FEATURE_NAMES], config: { ...this.config }, model: this.model.snapshot() };
  }

  /** A policy that ranks and learns exactly as the one snapshotted (given the same random source state). */
  static restore(snapshot: SubstitutionPolicySnapshot, random: RandomSource): SubstitutionPolicy {
    if (snapshot?.kind !== 'substitution-policy') throw new TypeError(`not a substitution policy snapshot (kind ${JSON.stringify(snapshot?.kind)})`);
    if (!Array.isArray(snapshot.features) || snapshot.features.join(',') !== FEATURE_NAMES.join(',')) throw new RangeError(`snapshot features do not match SUBSTITUTION_FEATURES (${FEATURE_NAMES.length} features)`);
    const policy = new SubstitutionPolicy(snapshot.config, random);
    const model = HybridLogisticUCB.restore(snapshot.model);
    const expected = policy.modelConfig();
    const got = model.config;
    if (got.dimension !== expected.dimension || got.alpha !== expected.alpha || got.lambda !== expected.lambda || got.armLambda !== expected.armLambda || got.recomputeEvery !== expected.recomputeEvery) {
      throw new RangeError('snapshot model config does not match the snapshot policy config');
    }
    policy.model = model;
    return policy;
  }

  /** A short hash of the whole state: two replicas with the same fingerprint rank and learn alike. */
  fingerprint(): string {
    return hash53(JSON.stringify(this.snapshot()));
  }
}

/** Indexes of the `count` largest values (ties to the lower index, as selectSlate breaks them). */
function topIndexes(values: Float64Array, count: number): Set<number> {
  const order = Array.from(values.keys()).sort((a, b) => values[b]! - values[a]! || a - b);
  return new Set(order.slice(0, count));
}

/** cyrb53: a fast 53-bit string hash as 14 hex digits (for equality checks, not security). */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
