// Why a substitute is offered: the features that raise its score, each turned into a reason
// code and a sentence for the shopper, ordered by how much they add. A reason's contribution is
// its features' weights × (value − the value of a reference candidate): another category and
// brand, half or twice the size, 25 % dearer, rated 3, never bought. So "similar size" or "similar
// price" count as reasons although the model expresses them as the absence of a penalty.
import { SUBSTITUTION_FEATURE_INDEX as F, TRADE_THRESHOLD, type SubstitutionFeatureName } from './substitutionFeatures.ts';
import type { SubstituteItem, SubstitutionShopper } from './substitutionInput.ts';

export type SubstitutionReasonCode =
  | 'SAME_CATEGORY'
  | 'SAME_DEPARTMENT'
  | 'SAME_BRAND'
  | 'SIMILAR_SIZE'
  | 'SIMILAR_PRICE'
  | 'CHEAPER'
  | 'KEEPS_DIETARY'
  | 'HIGHLY_RATED'
  | 'POPULAR'
  | 'BOUGHT_BEFORE'
  | 'FAVOURITE_BRAND'
  | 'FAVOURITE_CATEGORY'
  | 'OFTEN_ACCEPTED';

export interface SubstitutionReason {
  code: SubstitutionReasonCode;
  /** For the shopper, e.g. "12 % cheaper than the original". */
  description: string;
  /** Log-odds of acceptance this reason adds against the reference candidate. */
  contribution: number;
}

/** Reasons adding less than this (log-odds) are not worth telling. */
export const MIN_REASON_CONTRIBUTION = 0.05;
/** A size within this factor either way is similar. */
const SIMILAR_SIZE_FACTOR = 1.25;
/** The reference candidate is this much dearer than the original. */
const REFERENCE_PRICE_RATIO = 1.25;
/** A candidate's own intercept must rest on this many outcomes before it counts as often accepted. */
const MIN_ARM_UPDATES = 5;

export interface ReasonInputs {
  /** The shared model's weights θ, in SUBSTITUTION_FEATURES order. */
  theta: ArrayLike<number>;
  /** The candidate's features, at z[offset …]. */
  z: ArrayLike<number>;
  offset: number;
  original: SubstituteItem;
  candidate: SubstituteItem;
  shopper: SubstitutionShopper;
  /** The candidate's own intercept in the model, if it has outcomes. */
  arm?: { intercept: number; updates: number } | undefined;
}

const pct = (x: number) => `${Math.round(100 * x)} %`;

/** The reasons for offering this candidate, largest contribution first. */
export function substitutionReasons(r: ReasonInputs): SubstitutionReason[] {
  const { theta, z, offset, original, candidate, shopper } = r;
  const at = (name: SubstitutionFeatureName) => z[offset + F[name]]!;
  const term = (name: SubstitutionFeatureName, reference = 0) => theta[F[name]]! * (at(name) - reference);
  const out: SubstitutionReason[] = [];
  const add = (code: SubstitutionReasonCode, contribution: number, description: string, always = false) => {
    if (always || contribution >= MIN_REASON_CONTRIBUTION) out.push({ code, description, contribution });
  };

  if (at('sameCategory') === 1) add('SAME_CATEGORY', term('sameCategory'), 'Same category as the original');
  if (at('sameDepartmentOnly') === 1) add('SAME_DEPARTMENT', term('sameDepartmentOnly'), 'From the same department as the original');
  if (at('sameBrand') === 1) add('SAME_BRAND', term('sameBrand') + term('sensitivityXSameBrand'), 'Same brand as the original');

  if (at('sizeUnknown') === 0) {
    const gap = at('sizeGap');
    const factor = 2 ** (2 * gap);
    if (factor <= SIMILAR_SIZE_FACTOR + 1e-9) add('SIMILAR_SIZE', term('sizeGap', 0.5), gap === 0 ? `Same size as the original (${candidate.size})` : `Similar size: ${candidate.size} for ${original.size}`);
  }

  // The price terms together, against the reference 25 % dearer (whose sensitivity interaction
  // uses this shopper's sensitivity, read back from the features).
  const ratio = candidate.price / original.price;
  const centred = shopper.priceSensitivity === null || shopper.priceSensitivity === undefined ? 0 : shopper.priceSensitivity - 0.5;
  const refIncrease = Math.log(REFERENCE_PRICE_RATIO);
  const price = term('priceIncrease', refIncrease) + term('priceDecrease') + term('tradeUp', 1) + term('tradeDown') + term('sensitivityXIncrease', centred * refIncrease) + term('sensitivityXDecrease');
  if (ratio <= 1 - TRADE_THRESHOLD) add('CHEAPER', price, `${pct(1 - ratio)} cheaper than the original`);
  else if (ratio < 1 + TRADE_THRESHOLD) add('SIMILAR_PRICE', price, ratio === 1 ? 'Same price as the original' : `Within ${pct(TRADE_THRESHOLD)} of the original’s price`);

  // Guaranteed by the hard rule, so always said when the original has flags.
  if (at('keepsDietary') === 1) add('KEEPS_DIETARY', term('keepsDietary'), `Keeps every dietary need of the original: ${[...new Set(original.dietary.map((f) => f.trim().toLowerCase()))].join(', ')}`, true);

  if (candidate.rating !== null && candidate.rating !== undefined && candidate.rating >= 4) add('HIGHLY_RATED', term('rating'), `Rated ${candidate.rating.toFixed(1)} out of 5`);
  if (candidate.popularity !== null && candidate.popularity !== undefined && candidate.popularity >= 1) add('POPULAR', term('popularity'), `A popular choice: about ${Math.round(candidate.popularity)} sold a day`);

  const bought = shopper.purchaseCounts[candidate.productId] ?? 0;
  if (bought > 0) add('BOUGHT_BEFORE', term('boughtBefore'), bought === 1 ? 'You have bought it before' : `You have bought it ${Math.round(bought)} times`);
  const brandShare = at('brandShare');
  if (brandShare >= 0.1) add('FAVOURITE_BRAND', term('brandShare'), `A brand you often buy (${pct(brandShare)} of your purchases)`);
  const categoryShare = at('categoryShare');
  if (categoryShare >= 0.1) add('FAVOURITE_CATEGORY', term('categoryShare'), `From a category you often buy (${pct(categoryShare)} of your purchases)`);

  if (r.arm && r.arm.updates >= MIN_ARM_UPDATES) add('OFTEN_ACCEPTED', r.arm.intercept, 'Often accepted as a substitute by other shoppers');

  return out.sort((a, b) => b.contribution - a.contribution);
}
