// What the substitution learner is given: the unavailable item, the in-stock candidates and the
// shopper, as plain JSON-friendly objects. Checked once at the boundary with exact messages, so
// bad catalogue rows fail loudly instead of becoming NaN probabilities.

/** A product as the substitution learner sees it (the original item or a candidate replacement). */
export interface SubstituteItem {
  productId: string;
  /** Leaf category, e.g. "cat_grocery-pantry". */
  categoryId: string;
  /** Parent category (department). When either item lacks it, two items of different categories do not count as one department. */
  departmentId?: string | null;
  brandId: string;
  /** Shelf price, > 0, in one currency for all items of a request. */
  price: number;
  /** Pack size as printed ("500 g", "1 l", "2 x 100 g", "6 pack"); null, missing or unparseable = unknown. */
  size?: string | null;
  /** Dietary flags such as "vegan", "gluten-free"; compared trimmed and case-insensitively. */
  dietary: readonly string[];
  /** Average review rating from 0 to 5; null or missing = unknown. */
  rating?: number | null;
  /** Sales rate in units per day (≥ 0); null or missing = unknown. */
  popularity?: number | null;
}

/** What the shopper's history says, by id. Missing keys mean 0. */
export interface SubstitutionShopper {
  /** How many times (units or order lines) the shopper bought each product, by product id. */
  purchaseCounts: Readonly<Record<string, number>>;
  /** Share of the shopper's purchases in each brand, 0..1, by brand id. */
  brandShare: Readonly<Record<string, number>>;
  /** Share of the shopper's purchases in each (leaf) category, 0..1, by category id. */
  categoryShare: Readonly<Record<string, number>>;
  /** 0 = indifferent to price .. 1 = buys only on a deal (e.g. the CRM's estimate); null or missing = unknown. */
  priceSensitivity?: number | null;
}

/** A shopper with no history (a guest, or no consent to personalisation). */
export const ANONYMOUS_SHOPPER: SubstitutionShopper = Object.freeze({ purchaseCounts: Object.freeze({}), brandShare: Object.freeze({}), categoryShare: Object.freeze({}), priceSensitivity: null });

/** One purchase of the shopper's history, for shopperFromPurchases. */
export interface PastPurchase {
  productId: string;
  brandId: string;
  categoryId: string;
  /** Units (default 1). */
  quantity?: number;
}

/** Builds the shopper's counts and brand / category shares from their purchase lines. */
export function shopperFromPurchases(purchases: readonly PastPurchase[], priceSensitivity: number | null = null): SubstitutionShopper {
  if (!Array.isArray(purchases)) throw new TypeError(`purchases must be an array, got ${describe(purchases)}`);
  const purchaseCounts: Record<string, number> = {};
  const brandUnits: Record<string, number> = {};
  const categoryUnits: Record<string, number> = {};
  let total = 0;
  purchases.forEach((p, i) => {
    const name = `purchases[${i}]`;
    if (typeof p !== 'object' || p === null) throw new TypeError(`${name} must be an object, got ${describe(p)}`);
    for (const key of ['productId', 'brandId', 'categoryId'] as const) checkId(p[key], `${name}.${key}`);
    const units = p.quantity ?? 1;
    if (!(Number.isFinite(units) && units > 0)) throw new RangeError(`${name}.quantity must be a finite number > 0, got ${describe(p.quantity)}`);
    purchaseCounts[p.productId] = (purchaseCounts[p.productId] ?? 0) + units;
    brandUnits[p.brandId] = (brandUnits[p.brandId] ?? 0) + units;
    categoryUnits[p.categoryId] = (categoryUnits[p.categoryId] ?? 0) + units;
    total += units;
  });
  const share = (units: Record<string, number>) => Object.fromEntries(Object.entries(units).map(([id, n]) => [id, n / total]));
  const shopper: SubstitutionShopper = { purchaseCounts, brandShare: share(brandUnits), categoryShare: share(categoryUnits), priceSensitivity };
  validateShopper(shopper);
  return shopper;
}

/** How a value reads in an error message. */
export function describe(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') return 'an object';
  return String(value);
}

function checkId(value: unknown, name: string): void {
  if (typeof value !== 'string' || value.length === 0) throw new TypeError(`${name} must be a non-empty string, got ${describe(value)}`);
}

const isUnknown = (value: unknown) => value === null || value === undefined;

export function validateItem(item: SubstituteItem, name: string): void {
  if (typeof item !== 'object' || item === null || Array.isArray(item)) throw new TypeError(`${name} must be an object, got ${describe(item)}`);
  checkId(item.productId, `${name}.productId`);
  checkId(item.categoryId, `${name}.categoryId`);
  if (!isUnknown(item.departmentId)) checkId(item.departmentId, `${name}.departmentId`);
  checkId(item.brandId, `${name}.brandId`);
  if (!(typeof item.price === 'number' && Number.isFinite(item.price) && item.price > 0)) throw new RangeError(`${name}.price must be a finite number > 0, got ${describe(item.price)}`);
  if (!isUnknown(item.size) && typeof item.size !== 'string') throw new TypeError(`${name}.size must be a string or null, got ${describe(item.size)}`);
  if (!Array.isArray(item.dietary)) throw new TypeError(`${name}.dietary must be an array of strings, got ${describe(item.dietary)}`);
  item.dietary.forEach((flag, i) => {
    if (typeof flag !== 'string' || flag.trim().length === 0) throw new TypeError(`${name}.dietary[${i}] must be a non-empty string, got ${describe(flag)}`);
  });
  if (!isUnknown(item.rating) && !(typeof item.rating === 'number' && item.rating >= 0 && item.rating <= 5)) throw new RangeError(`${name}.rating must be a number from 0 to 5 or null, got ${describe(item.rating)}`);
  if (!isUnknown(item.popularity) && !(typeof item.popularity === 'number' && Number.isFinite(item.popularity) && item.popularity >= 0)) throw new RangeError(`${name}.popularity must be a finite number ≥ 0 or null, got ${describe(item.popularity)}`);
}

function checkRecord(record: unknown, name: string, max: number): void {
  if (typeof record !== 'object' || record === null || Array.isArray(record)) throw new TypeError(`${name} must be an object, got ${describe(record)}`);
  for (const [id, value] of Object.entries(record)) {
    const ok = typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= max;
    if (!ok) throw new RangeError(max === 1 ? `${name}[${JSON.stringify(id)}] must be a number from 0 to 1, got ${describe(value)}` : `${name}[${JSON.stringify(id)}] must be a finite number ≥ 0, got ${describe(value)}`);
  }
}

export function validateShopper(shopper: SubstitutionShopper): void {
  if (typeof shopper !== 'object' || shopper === null || Array.isArray(shopper)) throw new TypeError(`shopper must be an object, got ${describe(shopper)}`);
  checkRecord(shopper.purchaseCounts, 'shopper.purchaseCounts', Number.POSITIVE_INFINITY);
  checkRecord(shopper.brandShare, 'shopper.brandShare', 1);
  checkRecord(shopper.categoryShare, 'shopper.categoryShare', 1);
  const s = shopper.priceSensitivity;
  if (!isUnknown(s) && !(typeof s === 'number' && s >= 0 && s <= 1)) throw new RangeError(`shopper.priceSensitivity must be a number from 0 to 1 or null, got ${describe(s)}`);
}

/** The original's dietary flags the candidate lacks (normalised: trimmed, lower case). */
export function lostDietaryFlags(original: SubstituteItem, candidate: SubstituteItem): string[] {
  const kept = new Set(candidate.dietary.map(normaliseFlag));
  return [...new Set(original.dietary.map(normaliseFlag))].filter((flag) => !kept.has(flag));
}

export const normaliseFlag = (flag: string) => flag.trim().toLowerCase();

/** Why a candidate can never be offered in place of the original, or null when it can. */
export type SubstitutionExclusion = 'ORIGINAL' | 'LOSES_DIETARY';

/**
 * The hard rules, applied before any scoring: the original itself is not a substitute, and a
 * candidate that lacks any dietary flag of the original (original vegan, candidate not) is never
 * offered, however likely the model thinks it is to be accepted: a wrong guess there is a
 * health or trust problem, not a lost sale.
 */
export function substitutionExclusion(original: SubstituteItem, candidate: SubstituteItem): SubstitutionExclusion | null {
  if (candidate.productId === original.productId) return 'ORIGINAL';
  return lostDietaryFlags(original, candidate).length > 0 ? 'LOSES_DIETARY' : null;
}
