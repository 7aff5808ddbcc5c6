// The similarity-only baseline: how alike two products are by a fixed, hand-weighted sum of
// category, brand, size, price closeness and dietary match, the same for every shopper. It is
// the bench's baseline, and SIMILARITY_PRIOR puts the same preferences on the logit scale as the
// learner's starting point, so a new policy ranks like it until outcomes say otherwise.
import { packSizeRatio, parsePackSize } from './packSize.ts';
import { SUBSTITUTION_FEATURES, SUBSTITUTION_FEATURE_DIMENSION, type SubstitutionFeatureName } from './substitutionFeatures.ts';
import { lostDietaryFlags, validateItem, type SubstituteItem } from './substitutionInput.ts';

/** Weights of similarityScore's terms; they sum to 1. */
export const SIMILARITY_WEIGHTS = Object.freeze({
  /** Same category: 1; same department only: 0.3; else 0. */
  category: 0.35,
  brand: 0.2,
  /** 2^−|log₂ size ratio| (1 same size, 0.5 twice or half); 0.5 when not comparable. */
  size: 0.15,
  /** 2^−|log₂ price ratio|, symmetric: a cheaper item is as far as a dearer one. */
  price: 0.2,
  /** Share of the original's dietary flags the candidate keeps (1 when the original has none). */
  dietary: 0.1,
});

/** Similarity of a candidate to the original, from 0 to 1 (1 = the same product in every respect). */
export function similarityScore(original: SubstituteItem, candidate: SubstituteItem): number {
  validateItem(original, 'original');
  validateItem(candidate, 'candidate');
  const w = SIMILARITY_WEIGHTS;
  const category = candidate.categoryId === original.categoryId ? 1 : original.departmentId && candidate.departmentId === original.departmentId ? 0.3 : 0;
  const ratio = packSizeRatio(parsePackSize(candidate.size), parsePackSize(original.size));
  const size = ratio === null ? 0.5 : 2 ** -Math.abs(Math.log2(ratio));
  const price = 2 ** -Math.abs(Math.log2(candidate.price / original.price));
  const flags = new Set(original.dietary.map((f) => f.trim().toLowerCase())).size;
  const dietary = flags === 0 ? 1 : 1 - lostDietaryFlags(original, candidate).length / flags;
  return w.category * category + w.brand * (candidate.brandId === original.brandId ? 1 : 0) + w.size * size + w.price * price + w.dietary * dietary;
}

/**
 * The learner's prior mean of each feature's weight (log-odds of acceptance): similarityScore's
 * preferences in logit form, with about 10 % for an unrelated item and about 55 %
 * for the same category and brand at the same size and price. Features not named start at 0.
 */
export const SIMILARITY_PRIOR: Readonly<Partial<Record<SubstitutionFeatureName, number>>> = Object.freeze({
  bias: -2,
  sameCategory: 1.4,
  sameDepartmentOnly: 0.4,
  sameBrand: 0.8,
  sizeGap: -1.2,
  sizeUnknown: -0.3,
  priceIncrease: -1,
  priceDecrease: -1,
  keepsDietary: 0.3,
  losesDietary: -3,
});

/** SIMILARITY_PRIOR as a vector in SUBSTITUTION_FEATURES order. */
export function similarityPriorVector(): Float64Array {
  const prior = new Float64Array(SUBSTITUTION_FEATURE_DIMENSION);
  SUBSTITUTION_FEATURES.forEach(([name], i) => (prior[i] = SIMILARITY_PRIOR[name] ?? 0));
  return prior;
}
