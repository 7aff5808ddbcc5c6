// The feature vector of one (customer, context, offer): 32 numbers, each scaled to about [-1, 1]
// so no feature dominates the ridge penalty. FEATURES documents each; encodeOfferFeatures writes
// them into a caller's Float64Array (no allocation on the ranking hot path).
// SHARED_FEATURES are those 32 plus 10 offer attributes and customer × offer interactions (price
// position in the category band and price sensitivity, brand tier and income or the premium
// segment, discount and deal seeking, sales rate, reviews): the shared part z of the conversion
// model, whose effects are common to every offer; encodeSharedFeatures writes them.

export interface CustomerFeatures {
  age: number | null;
  /** 1 (lowest) .. 5 (highest). */
  incomeBand: number | null;
  /** 0 NONE .. 4 PLATINUM. */
  loyaltyTier: number;
  /** 0 = indifferent to price .. 1 = buys only on a deal. */
  priceSensitivity: number;
  daysSinceLastPurchase: number | null;
  orderCount: number;
  totalSpend: number;
  /** Share of the customer's history in each category (0..1). */
  categoryAffinity: ReadonlyMap<string, number>;
  /** CRM segments; the shared features read 'premium' and 'deal-seeker'. */
  segments?: readonly string[];
}

export interface IntentProbabilities {
  browsing: number;
  researching: number;
  readyToBuy: number;
}

export interface ContextFeatures {
  channel: string;
  device: string;
  /** 0..23 in the shopper's time zone. */
  localHour: number;
  /** 0 Sunday .. 6 Saturday. */
  weekday: number;
  distanceToStoreKm: number | null;
  /** Events so far in the session. */
  sessionDepth: number;
  intent: IntentProbabilities;
}

export interface OfferFeatures {
  categoryId: string;
  price: number;
  /** Share of the price taken off (0..1). */
  discountShare: number;
  marginAfterDiscount: number;
  /** (our price − cheapest competitor) / cheapest competitor; null when unknown. */
  competitorGap: number | null;
  lifecycle: 'NEW' | 'CORE' | 'SEASONAL' | 'CLEARANCE';
  rating: number | null;
  /** −1..1. */
  sentiment: number | null;
  /** Days the available stock lasts at forecast demand; null when unknown. */
  stockCoverDays: number | null;
  /** ln(price / reference price of its category), e.g. the geometric mean of the category's price band; null when unknown. */
  pricePosition?: number | null;
  /** Brand tier: 1 value, 2 mainstream, 3 premium; null when unknown. */
  brandTier?: number | null;
  reviewCount?: number | null;
}

export const FEATURES = [
  ['bias', 'always 1'],
  ['age', '(age − 45) / 15, clipped to ±3; 0 when unknown'],
  ['income', '(income band − 3) / 2; 0 when unknown'],
  ['loyalty', 'loyalty tier / 4'],
  ['priceSensitivity', 'as stored, 0..1'],
  ['recency', 'exp(−days since last purchase / 30); 0 for no purchase'],
  ['frequency', 'ln(1 + orders) / ln 50, capped at 1'],
  ['monetary', 'ln(1 + total spend) / ln 5000, capped at 1'],
  ['categoryAffinity', "share of the customer's history in the offer's category"],
  ['channelWeb', 'channel is WEB'],
  ['channelApp', 'channel is APP'],
  ['channelStore', 'channel is STORE'],
  ['channelEmail', 'channel is EMAIL'],
  ['mobile', 'device is MOBILE or TABLET'],
  ['hourSin', 'sin(2π · local hour / 24)'],
  ['hourCos', 'cos(2π · local hour / 24)'],
  ['weekend', 'Saturday or Sunday'],
  ['nearStore', 'exp(−distance to store / 10 km); 0 when unknown'],
  ['sessionDepth', 'ln(1 + session events) / ln 20, capped at 1'],
  ['intentBrowsing', 'P(browsing) from the intent model'],
  ['intentResearching', 'P(researching)'],
  ['intentReady', 'P(ready to buy)'],
  ['price', 'ln(price) / ln 1000, clipped to [0, 1]'],
  ['discount', 'share of the price taken off'],
  ['margin', 'margin after discount, as a share of the net price'],
  ['competitorGap', 'price gap to the cheapest competitor, clipped to ±1; 0 when unknown'],
  ['lifecycleNew', 'lifecycle NEW'],
  ['lifecycleSeasonal', 'lifecycle SEASONAL'],
  ['lifecycleClearance', 'lifecycle CLEARANCE'],
  ['rating', '(rating − 3) / 2; 0 when unknown'],
  ['sentiment', 'mention-weighted sentiment, −1..1; 0 when unknown'],
  ['stockCover', 'ln(1 + days of cover) / ln 365, capped at 1; 0.5 when unknown'],
] as const satisfies readonly (readonly [string, string])[];

export const FEATURE_DIMENSION = FEATURES.length;
export const FEATURE_INDEX: Readonly<Record<(typeof FEATURES)[number][0], number>> = Object.fromEntries(FEATURES.map(([name], i) => [name, i])) as never;

const clip = (v: number, lo: number, hi: number) => (v < lo ? lo : v > hi ? hi : v);
const LN50 = Math.log(50);
const LN5000 = Math.log(5000);
const LN20 = Math.log(20);
const LN1000 = Math.log(1000);
const LN365 = Math.log(365);

export function encodeOfferFeatures(c: CustomerFeatures, ctx: ContextFeatures, o: OfferFeatures, out: Float64Array, offset = 0): Float64Array {
  writeCustomerContext(c, ctx, out, offset);
  writeOffer(c, o, out, offset);
  return out;
}

// The features split by what they depend on, so a ranking request can write the offer-independent
// ones once (FeatureEncoder); the public encoders call the same functions, so both give the same
// numbers. Every index of FEATURES is written by exactly one of the two.

/** Every feature of FEATURES that does not depend on the offer (all but categoryAffinity and price … stockCover). */
function writeCustomerContext(c: CustomerFeatures, ctx: ContextFeatures, out: Float64Array, offset: number): void {
  const i = offset;
  out[i] = 1;
  out[i + 1] = c.age === null ? 0 : clip((c.age - 45) / 15, -3, 3);
  out[i + 2] = c.incomeBand === null ? 0 : (c.incomeBand - 3) / 2;
  out[i + 3] = c.loyaltyTier / 4;
  out[i + 4] = clip(c.priceSensitivity, 0, 1);
  out[i + 5] = c.daysSinceLastPurchase === null ? 0 : Math.exp(-Math.max(0, c.daysSinceLastPurchase) / 30);
  out[i + 6] = Math.min(1, Math.log1p(Math.max(0, c.orderCount)) / LN50);
  out[i + 7] = Math.min(1, Math.log1p(Math.max(0, c.totalSpend)) / LN5000);
  // i + 8, categoryAffinity: writeOffer
  out[i + 9] = ctx.channel === 'WEB' ? 1 : 0;
  out[i + 10] = ctx.channel === 'APP' ? 1 : 0;
  out[i + 11] = ctx.channel === 'STORE' ? 1 : 0;
  out[i + 12] = ctx.channel === 'EMAIL' ? 1 : 0;
  out[i + 13] = ctx.device === 'MOBILE' || ctx.device === 'TABLET' ? 1 : 0;
  out[i + 14] = Math.sin((2 * Math.PI * ctx.localHour) / 24);
  out[i + 15] = Math.cos((2 * Math.PI * ctx.localHour) / 24);
  out[i + 16] = ctx.weekday === 0 || ctx.weekday === 6 ? 1 : 0;
  out[i + 17] = ctx.distanceToStoreKm === null ? 0 : Math.exp(-Math.max(0, ctx.distanceToStoreKm) / 10);
  out[i + 18] = Math.min(1, Math.log1p(Math.max(0, ctx.sessionDepth)) / LN20);
  out[i + 19] = ctx.intent.browsing;
  out[i + 20] = ctx.intent.researching;
  out[i + 21] = ctx.intent.readyToBuy;
}

/** The features of FEATURES that depend on the offer: categoryAffinity, then price … stockCover. */
function writeOffer(c: CustomerFeatures, o: OfferFeatures, out: Float64Array, offset: number): void {
  out[offset + 8] = clip(c.categoryAffinity.get(o.categoryId) ?? 0, 0, 1);
  let i = offset + 22;
  out[i++] = clip(Math.log(Math.max(1, o.price)) / LN1000, 0, 1);
  out[i++] = clip(o.discountShare, 0, 1);
  out[i++] = clip(o.marginAfterDiscount, -1, 1);
  out[i++] = o.competitorGap === null ? 0 : clip(o.competitorGap, -1, 1);
  out[i++] = o.lifecycle === 'NEW' ? 1 : 0;
  out[i++] = o.lifecycle === 'SEASONAL' ? 1 : 0;
  out[i++] = o.lifecycle === 'CLEARANCE' ? 1 : 0;
  out[i++] = o.rating === null ? 0 : clip((o.rating - 3) / 2, -1, 1);
  out[i++] = o.sentiment === null ? 0 : clip(o.sentiment, -1, 1);
  out[i++] = o.stockCoverDays === null ? 0.5 : Math.min(1, Math.log1p(Math.max(0, o.stockCoverDays)) / LN365);
}

export const SHARED_FEATURES = [
  ...FEATURES,
  ['pricePosition', 'ln(price / category reference price) / 2, clipped to ±1.5; 0 when unknown'],
  ['priceSensitivityXPosition', '(price sensitivity − 0.5) × ln(price / category reference price), clipped to ±1.5'],
  ['brandTier', 'brand tier − 2: −1 value, 0 mainstream, 1 premium; 0 when unknown'],
  ['brandTierXIncome', '(brand tier − 2) × (income band − 3) / 2; 0 when either is unknown'],
  ['brandTierXPremium', "brand tier − 2 for a customer in the 'premium' segment, else 0"],
  ['discountXPriceSensitivity', 'share of the price taken off × price sensitivity'],
  ['discountXDealSeeker', "share of the price taken off for a customer in the 'deal-seeker' segment, else 0"],
  ['promoted', 'any discount'],
  ['salesRate', 'ln(1 + units sold per day) / ln 50, capped at 1; 0 when unknown'],
  ['reviews', 'ln(1 + review count) / ln 1000, capped at 1; 0 when unknown'],
] as const satisfies readonly (readonly [string, string])[];

export const SHARED_FEATURE_DIMENSION = SHARED_FEATURES.length;

/** The shared features z: the 32 of encodeOfferFeatures, then the 10 attributes and interactions above. */
export function encodeSharedFeatures(c: CustomerFeatures, ctx: ContextFeatures, o: OfferFeatures, salesPerDay: number | null, out: Float64Array, offset = 0): Float64Array {
  encodeOfferFeatures(c, ctx, o, out, offset);
  const segments = c.segments ?? [];
  writeShared(c, segments.includes('premium'), segments.includes('deal-seeker'), o, salesPerDay, out, offset);
  return out;
}

/** The 10 features SHARED_FEATURES adds to FEATURES; `premium` and `dealSeeker`: the customer's segments. */
function writeShared(c: CustomerFeatures, premium: boolean, dealSeeker: boolean, o: OfferFeatures, salesPerDay: number | null, out: Float64Array, offset: number): void {
  let i = offset + FEATURE_DIMENSION;
  const position = o.pricePosition === undefined || o.pricePosition === null || !Number.isFinite(o.pricePosition) ? null : o.pricePosition;
  const tier = o.brandTier === undefined || o.brandTier === null ? null : clip(o.brandTier - 2, -1, 1);
  const sensitivity = clip(c.priceSensitivity, 0, 1);
  const discount = clip(o.discountShare, 0, 1);
  out[i++] = position === null ? 0 : clip(position / 2, -1.5, 1.5);
  out[i++] = position === null ? 0 : clip((sensitivity - 0.5) * position, -1.5, 1.5);
  out[i++] = tier ?? 0;
  out[i++] = tier === null || c.incomeBand === null ? 0 : (tier * (c.incomeBand - 3)) / 2;
  out[i++] = tier !== null && premium ? tier : 0;
  out[i++] = discount * sensitivity;
  out[i++] = dealSeeker ? discount : 0;
  out[i++] = discount > 0 ? 1 : 0;
  out[i++] = salesPerDay === null || !(salesPerDay > 0) ? 0 : Math.min(1, Math.log1p(salesPerDay) / LN50);
  out[i++] = o.reviewCount === undefined || o.reviewCount === null ? 0 : Math.min(1, Math.log1p(Math.max(0, o.reviewCount)) / LN1000);
}

/**
 * Encodes the offers of one ranking request: the features that depend only on the customer and
 * the context are computed once, then copied into each offer's row. Gives exactly the numbers of
 * encodeOfferFeatures (`shared` false) or encodeSharedFeatures (`shared` true).
 */
export class FeatureEncoder {
  private readonly template = new Float64Array(FEATURE_DIMENSION);
  private readonly premium: boolean;
  private readonly dealSeeker: boolean;

  constructor(
    private readonly customer: CustomerFeatures,
    context: ContextFeatures,
    private readonly shared: boolean,
  ) {
    writeCustomerContext(customer, context, this.template, 0);
    const segments = customer.segments ?? [];
    this.premium = shared && segments.includes('premium');
    this.dealSeeker = shared && segments.includes('deal-seeker');
  }

  /** Writes FEATURES (or SHARED_FEATURES when `shared`) of one offer at out[offset …]. */
  encode(o: OfferFeatures, salesPerDay: number | null, out: Float64Array, offset = 0): Float64Array {
    out.set(this.template, offset); // index 8 is overwritten below
    writeOffer(this.customer, o, out, offset);
    if (this.shared) writeShared(this.customer, this.premium, this.dealSeeker, o, salesPerDay, out, offset);
    return out;
  }
}
