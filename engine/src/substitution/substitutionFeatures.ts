// The feature vector of one (original item, candidate replacement, shopper): 21 numbers, each
// scaled to about [-1, 1] so no feature dominates the ridge penalty. SUBSTITUTION_FEATURES
// documents each; the substitution learner's shared model z is exactly this vector.
import { packSizeRatio, parsePackSize, type PackSize } from './packSize.ts';
import { normaliseFlag, validateItem, validateShopper, type SubstituteItem, type SubstitutionShopper } from './substitutionInput.ts';

export const SUBSTITUTION_FEATURES = [
  ['bias', 'always 1'],
  ['sameCategory', 'the candidate is in the original’s (leaf) category'],
  ['sameDepartmentOnly', 'same department, another category (both department ids known)'],
  ['sameBrand', 'the candidate is of the original’s brand'],
  ['sizeGap', '|log₂(candidate size / original size)| / 2, capped at 1 (1 = four times larger or smaller); 0 when not comparable'],
  ['sizeUnknown', 'either size is missing or unparseable, or they measure different things (grams and millilitres)'],
  ['priceIncrease', 'ln(candidate price / original price) when positive, capped at 1.5; else 0'],
  ['priceDecrease', 'ln(original price / candidate price) when positive, capped at 1.5; else 0'],
  ['tradeUp', 'the candidate costs at least 10 % more'],
  ['tradeDown', 'the candidate costs at least 10 % less'],
  ['sensitivityXIncrease', '(price sensitivity − 0.5) × priceIncrease; 0 when the sensitivity is unknown'],
  ['sensitivityXDecrease', '(price sensitivity − 0.5) × priceDecrease; 0 when unknown'],
  ['sensitivityXSameBrand', '(price sensitivity − 0.5) × sameBrand: price-driven shoppers may care less for the brand; 0 when unknown'],
  ['keepsDietary', 'the original has dietary flags and the candidate has every one of them'],
  ['losesDietary', 'share of the original’s dietary flags the candidate lacks (the policy never offers one above 0)'],
  ['rating', '(rating − 3) / 2, clipped to ±1; 0 when unknown'],
  ['popularity', 'ln(1 + units sold per day) / ln 50, capped at 1; 0 when unknown'],
  ['boughtBefore', 'ln(1 + times the shopper bought the candidate) / ln 10, capped at 1'],
  ['brandShare', 'share of the shopper’s purchases in the candidate’s brand'],
  ['categoryShare', 'share of the shopper’s purchases in the candidate’s category'],
  ['originalBrandLoyalty', 'share of the shopper’s purchases in the original’s brand when the candidate is of another brand, else 0'],
] as const satisfies readonly (readonly [string, string])[];

export type SubstitutionFeatureName = (typeof SUBSTITUTION_FEATURES)[number][0];
export const SUBSTITUTION_FEATURE_DIMENSION = SUBSTITUTION_FEATURES.length;
export const SUBSTITUTION_FEATURE_INDEX: Readonly<Record<SubstitutionFeatureName, number>> = Object.fromEntries(SUBSTITUTION_FEATURES.map(([name], i) => [name, i])) as never;

/** A price change under this share (either way) counts as the same price: no trade-up or trade-down flag. */
export const TRADE_THRESHOLD = 0.1;
const LN_UP = Math.log(1 + TRADE_THRESHOLD);
const LN_DOWN = Math.log(1 - TRADE_THRESHOLD);
const LN50 = Math.log(50);
const LN10 = Math.log(10);
const clip = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);

/**
 * Encodes the candidates of one request: what depends only on the original and the shopper
 * (parsed size, dietary flags, loyalty to the original's brand) is worked out once. Inputs must
 * already be valid (validateItem / validateShopper).
 */
export class SubstitutionEncoder {
  readonly originalSize: PackSize | null;
  readonly originalFlags: ReadonlySet<string>;
  private readonly originalBrandShare: number;
  private readonly sensitivity: number | null;

  constructor(
    readonly original: SubstituteItem,
    readonly shopper: SubstitutionShopper,
  ) {
    this.originalSize = parsePackSize(original.size);
    this.originalFlags = new Set(original.dietary.map(normaliseFlag));
    this.originalBrandShare = shopper.brandShare[original.brandId] ?? 0;
    this.sensitivity = shopper.priceSensitivity ?? null;
  }

  /** Writes SUBSTITUTION_FEATURES of the candidate at out[offset …]. */
  encode(candidate: SubstituteItem, out: Float64Array, offset = 0): Float64Array {
    const o = this.original;
    const shopper = this.shopper;
    const sameCategory = candidate.categoryId === o.categoryId;
    const sameBrand = candidate.brandId === o.brandId;
    const ratio = packSizeRatio(parsePackSize(candidate.size), this.originalSize);
    const logPrice = Math.log(candidate.price / o.price);
    const increase = Math.min(1.5, Math.max(0, logPrice));
    const decrease = Math.min(1.5, Math.max(0, -logPrice));
    const centred = this.sensitivity === null ? 0 : this.sensitivity - 0.5;
    let lost = 0;
    if (this.originalFlags.size > 0) {
      const kept = new Set(candidate.dietary.map(normaliseFlag));
      for (const flag of this.originalFlags) if (!kept.has(flag)) lost++;
    }
    let i = offset;
    out[i++] = 1;
    out[i++] = sameCategory ? 1 : 0;
    out[i++] = !sameCategory && !!o.departmentId && candidate.departmentId === o.departmentId ? 1 : 0;
    out[i++] = sameBrand ? 1 : 0;
    out[i++] = ratio === null ? 0 : Math.min(1, Math.abs(Math.log2(ratio)) / 2);
    out[i++] = ratio === null ? 1 : 0;
    out[i++] = increase;
    out[i++] = decrease;
    out[i++] = logPrice >= LN_UP ? 1 : 0;
    out[i++] = logPrice <= LN_DOWN ? 1 : 0;
    out[i++] = centred * increase;
    out[i++] = centred * decrease;
    out[i++] = sameBrand ? centred : 0;
    out[i++] = this.originalFlags.size > 0 && lost === 0 ? 1 : 0;
    out[i++] = this.originalFlags.size > 0 ? lost / this.originalFlags.size : 0;
    out[i++] = candidate.rating === null || candidate.rating === undefined ? 0 : clip((candidate.rating - 3) / 2, -1, 1);
    out[i++] = candidate.popularity === null || candidate.popularity === undefined ? 0 : Math.min(1, Math.log1p(candidate.popularity) / LN50);
    out[i++] = Math.min(1, Math.log1p(shopper.purchaseCounts[candidate.productId] ?? 0) / LN10);
    out[i++] = shopper.brandShare[candidate.brandId] ?? 0;
    out[i++] = shopper.categoryShare[candidate.categoryId] ?? 0;
    out[i++] = sameBrand ? 0 : this.originalBrandShare;
    return out;
  }
}

/** The features of one (original, candidate, shopper), checked at the boundary. */
export function encodeSubstitutionFeatures(original: SubstituteItem, candidate: SubstituteItem, shopper: SubstitutionShopper, out = new Float64Array(SUBSTITUTION_FEATURE_DIMENSION), offset = 0): Float64Array {
  validateItem(original, 'original');
  validateItem(candidate, 'candidate');
  validateShopper(shopper);
  if (!(Number.isInteger(offset) && offset >= 0 && offset + SUBSTITUTION_FEATURE_DIMENSION <= out.length)) throw new RangeError(`out must hold ${SUBSTITUTION_FEATURE_DIMENSION} numbers from offset ${offset}, got length ${out.length}`);
  return new SubstitutionEncoder(original, shopper).encode(candidate, out, offset);
}
