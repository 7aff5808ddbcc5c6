// The ground truth of substitutions: the probability that a shopper accepts a candidate product in
// place of one that is unavailable. It reads the world's hidden truth (the shopper's price
// sensitivity and brand-tier affinity, the candidate's latent appeal) plus three substitution
// traits per shopper drawn here, from a stream of their own, so every existing generator's output
// is unchanged:
//   brand loyalty      the pull of the original's brand; price-driven shoppers care less for it,
//   size strictness    how much a different pack size puts them off,
//   dietary strictness how much losing a dietary flag of the original puts them off.
// Log-odds of acceptance (coefficients in SUBSTITUTION_MODEL):
//   intercept + category term (same category / same department / another department)
//   + brand loyalty × [same brand]
//   − size strictness × |log₂(candidate size / original size)|   (sizes of one kind; a fixed penalty across kinds)
//   − (tradeUp.base + tradeUp.perSensitivity × s) × ln(candidate price / original price)   when dearer
//   + (tradeDown.base + tradeDown.perSensitivity × s) × ln(original price / candidate price) when cheaper
//     (a cheaper item pleases a price-sensitive shopper and worries the others)
//   − dietary strictness × number of the original's dietary flags the candidate lacks
//   + appeal × the candidate's latent appeal + brandTier × brand-tier affinity × (candidate tier − original tier)
// A learner sees only part of this: the CRM price sensitivity is a noisy reading of s, appeal shows
// through ratings and sales, brand loyalty and size strictness are per shopper and hidden.
import { customerIndexOf, OracleInputError, productIndexOf } from './oracle.ts';
import { createRandom, sigmoid } from './random.ts';
import type { World } from './world.ts';

export const SUBSTITUTION_MODEL = {
  intercept: -1.8,
  category: { same: 1.0, sameDepartment: 0, otherDepartment: -2.5 },
  /** Brand loyalty = exp(ln median + perSensitivity × (s − 0.5) + N(0, sd)). */
  brandLoyalty: { median: 0.9, perSensitivity: -2.0, sd: 0.5 },
  /** Size strictness = exp(ln median + N(0, sd)), per doubling or halving; otherKind: the penalty in doublings when the sizes measure different things. */
  sizeStrictness: { median: 0.6, sd: 0.5, otherKind: 1.5 },
  tradeUp: { base: 0.3, perSensitivity: 3.0 },
  tradeDown: { base: -0.5, perSensitivity: 1.8 },
  /** Dietary strictness uniform in [min, max], per lost flag. */
  dietaryStrictness: { min: 2, max: 5 },
  appeal: 0.8,
  brandTier: 0.5,
} as const;

/** A shopper's hidden traits that matter to substitutions. */
export interface SubstitutionTraits {
  brandLoyalty: number;
  sizeStrictness: number;
  dietaryStrictness: number;
  /** The world's latent price sensitivity, 0..1. */
  priceSensitivity: number;
  /** The world's latent brand-tier affinity. */
  brandTierAffinity: number;
}

export interface SubstitutionModel {
  /** The true probability that the customer accepts the candidate in place of the original. */
  acceptProbability(customerId: string, originalId: string, candidateId: string): number;
  /** The same by indexes into world.customers and world.products (the bench's hot path; unchecked). */
  acceptProbabilityAt(customer: number, original: number, candidate: number): number;
  traitsOf(customerId: string): SubstitutionTraits;
}

interface Size {
  amount: number;
  unit: string;
}

/** The simulator's own sizes: "<number> g" or "<number> ml". */
function parseSize(value: unknown): Size | null {
  if (typeof value !== 'string') return null;
  const m = /^(\d+(?:\.\d+)?) ?(g|ml)$/.exec(value.trim());
  return m ? { amount: Number(m[1]), unit: m[2]! } : null;
}

function drawTraits(world: World, c: number): SubstitutionTraits {
  const m = SUBSTITUTION_MODEL;
  const latent = world.truth.customers.latent;
  const s = latent.priceSensitivity[c]!;
  const r = createRandom(world.config.seed).fork('substitution').fork(c);
  return {
    brandLoyalty: Math.exp(Math.log(m.brandLoyalty.median) + m.brandLoyalty.perSensitivity * (s - 0.5) + r.normal(0, m.brandLoyalty.sd)),
    sizeStrictness: Math.exp(Math.log(m.sizeStrictness.median) + r.normal(0, m.sizeStrictness.sd)),
    dietaryStrictness: r.float(m.dietaryStrictness.min, m.dietaryStrictness.max),
    priceSensitivity: s,
    brandTierAffinity: latent.brandTierAffinity[c]!,
  };
}

/** Log-odds that a shopper with these traits accepts product k in place of product o. */
function substitutionUtility(world: World, t: SubstitutionTraits, o: number, k: number): number {
  const m = SUBSTITUTION_MODEL;
  const truth = world.truth.products;
  const original = world.products[o]!;
  const candidate = world.products[k]!;
  let u = m.intercept;
  u += truth.leaf[k] === truth.leaf[o] ? m.category.same : truth.department[k] === truth.department[o] ? m.category.sameDepartment : m.category.otherDepartment;
  if (candidate.brandId === original.brandId) u += t.brandLoyalty;
  const sk = parseSize(candidate.attributes.size);
  const so = parseSize(original.attributes.size);
  if (sk && so) u -= t.sizeStrictness * (sk.unit === so.unit ? Math.abs(Math.log2(sk.amount / so.amount)) : m.sizeStrictness.otherKind);
  const logRatio = Math.log(candidate.price / original.price);
  const s = t.priceSensitivity;
  if (logRatio > 0) u -= (m.tradeUp.base + m.tradeUp.perSensitivity * s) * logRatio;
  else u += (m.tradeDown.base + m.tradeDown.perSensitivity * s) * -logRatio;
  const kept = dietaryOf(candidate.attributes.dietary);
  for (const flag of dietaryOf(original.attributes.dietary)) if (!kept.includes(flag)) u -= t.dietaryStrictness;
  u += m.appeal * truth.appeal[k]! + m.brandTier * t.brandTierAffinity * (truth.brandTier[k]! - truth.brandTier[o]!);
  return u;
}

const dietaryOf = (value: unknown): readonly string[] => (Array.isArray(value) ? value : []);

function checkedPair(world: World, originalId: string, candidateId: string): [number, number] {
  const o = productIndexOf(world, originalId);
  const k = productIndexOf(world, candidateId);
  if (o === k) throw new OracleInputError(`candidate must differ from the original (got ${JSON.stringify(candidateId)} twice)`);
  return [o, k];
}

/** The substitution ground truth bound to one world (each customer's traits drawn once, on first use). */
export function createSubstitutionModel(world: World): SubstitutionModel {
  const traits = new Map<number, SubstitutionTraits>();
  const traitsAt = (c: number) => {
    let t = traits.get(c);
    if (!t) traits.set(c, (t = drawTraits(world, c)));
    return t;
  };
  return {
    acceptProbability(customerId, originalId, candidateId) {
      const c = customerIndexOf(world, customerId);
      const [o, k] = checkedPair(world, originalId, candidateId);
      return sigmoid(substitutionUtility(world, traitsAt(c), o, k));
    },
    acceptProbabilityAt: (c, o, k) => sigmoid(substitutionUtility(world, traitsAt(c), o, k)),
    traitsOf: (customerId) => ({ ...traitsAt(customerIndexOf(world, customerId)) }),
  };
}

/** The true acceptance probability in one call (bind a model with createSubstitutionModel for many). */
export function substitutionAcceptProbability(world: World, customerId: string, originalId: string, candidateId: string): number {
  const c = customerIndexOf(world, customerId);
  const [o, k] = checkedPair(world, originalId, candidateId);
  return sigmoid(substitutionUtility(world, drawTraits(world, c), o, k));
}
