import { describe, expect, it } from 'vitest';
import { encodeOfferFeatures, encodeSharedFeatures, FEATURE_DIMENSION, FEATURE_INDEX, FEATURES, SHARED_FEATURE_DIMENSION, SHARED_FEATURES } from '../src/index.ts';

const customer = { age: 30, incomeBand: 5, loyaltyTier: 4, priceSensitivity: 0.8, daysSinceLastPurchase: 0, orderCount: 49, totalSpend: 4999, categoryAffinity: new Map([['tea', 0.4]]) };
const context = { channel: 'APP', device: 'MOBILE', localHour: 6, weekday: 6, distanceToStoreKm: 0, sessionDepth: 19, intent: { browsing: 0.2, researching: 0.3, readyToBuy: 0.5 } };
const offer = { categoryId: 'tea', price: 1000, discountShare: 0.25, marginAfterDiscount: 0.3, competitorGap: 5, lifecycle: 'CLEARANCE' as const, rating: 5, sentiment: -0.5, stockCoverDays: 364 };

describe('offer features', () => {
  it('documents every feature and encodes exactly that many', () => {
    expect(FEATURE_DIMENSION).toBe(32);
    expect(new Set(FEATURES.map(([n]) => n)).size).toBe(32);
    const x = encodeOfferFeatures(customer, context, offer, new Float64Array(32));
    expect(x.every((v) => Number.isFinite(v) && Math.abs(v) <= 3)).toBe(true);
  });

  it('scales each feature as documented', () => {
    const x = encodeOfferFeatures(customer, context, offer, new Float64Array(32));
    const f = (name: keyof typeof FEATURE_INDEX) => x[FEATURE_INDEX[name]]!;
    expect(f('bias')).toBe(1);
    expect(f('age')).toBeCloseTo(-1, 12);
    expect(f('income')).toBe(1);
    expect(f('loyalty')).toBe(1);
    expect(f('recency')).toBe(1);
    expect(f('frequency')).toBeCloseTo(1, 12);
    expect(f('monetary')).toBeCloseTo(1, 12);
    expect(f('categoryAffinity')).toBe(0.4);
    expect([f('channelWeb'), f('channelApp'), f('channelStore'), f('channelEmail')]).toEqual([0, 1, 0, 0]);
    expect(f('hourSin')).toBeCloseTo(1, 12);
    expect(f('weekend')).toBe(1);
    expect(f('nearStore')).toBe(1);
    expect(f('sessionDepth')).toBeCloseTo(1, 12);
    expect(f('intentReady')).toBe(0.5);
    expect(f('price')).toBeCloseTo(1, 12);
    expect(f('competitorGap')).toBe(1); // clipped
    expect([f('lifecycleNew'), f('lifecycleSeasonal'), f('lifecycleClearance')]).toEqual([0, 0, 1]);
    expect(f('rating')).toBe(1);
    expect(f('sentiment')).toBe(-0.5);
    expect(f('stockCover')).toBeCloseTo(1, 12);
  });

  it('encodes unknowns as neutral values and writes at an offset without touching the rest', () => {
    const out = new Float64Array(64).fill(9);
    encodeOfferFeatures({ ...customer, age: null, incomeBand: null, daysSinceLastPurchase: null }, { ...context, distanceToStoreKm: null }, { ...offer, competitorGap: null, rating: null, sentiment: null, stockCoverDays: null }, out, 32);
    expect([...out.subarray(0, 32)].every((v) => v === 9)).toBe(true);
    const x = out.subarray(32);
    for (const name of ['age', 'income', 'recency', 'nearStore', 'competitorGap', 'rating', 'sentiment'] as const) expect(x[FEATURE_INDEX[name]]).toBe(0);
    expect(x[FEATURE_INDEX.stockCover]).toBe(0.5);
  });

  it('shared features: the 32, then the documented attributes and interactions', () => {
    expect(SHARED_FEATURE_DIMENSION).toBe(42);
    expect(SHARED_FEATURES.slice(0, 32)).toEqual(FEATURES);
    expect(new Set(SHARED_FEATURES.map(([n]) => n)).size).toBe(42);
    const premiumDealSeeker = { ...customer, incomeBand: 5, priceSensitivity: 0.8, segments: ['premium', 'deal-seeker'] };
    const rich = { ...offer, pricePosition: Math.log(2), brandTier: 3, reviewCount: 999 };
    const z = encodeSharedFeatures(premiumDealSeeker, context, rich, 49, new Float64Array(42));
    expect([...z.subarray(0, 32)]).toEqual([...encodeOfferFeatures(premiumDealSeeker, context, rich, new Float64Array(32))]);
    const f = (name: string) => z[SHARED_FEATURES.findIndex(([n]) => n === name)]!;
    expect(f('pricePosition')).toBeCloseTo(Math.log(2) / 2, 12);
    expect(f('priceSensitivityXPosition')).toBeCloseTo(0.3 * Math.log(2), 12);
    expect(f('brandTier')).toBe(1);
    expect(f('brandTierXIncome')).toBe(1);
    expect(f('brandTierXPremium')).toBe(1);
    expect(f('discountXPriceSensitivity')).toBeCloseTo(0.2, 12);
    expect(f('discountXDealSeeker')).toBe(0.25);
    expect(f('promoted')).toBe(1);
    expect(f('salesRate')).toBeCloseTo(1, 12);
    expect(f('reviews')).toBeCloseTo(1, 12);
    // unknown attributes, no segments, no sales: neutral zeros
    const plain = encodeSharedFeatures({ ...customer, incomeBand: null }, context, { ...offer, discountShare: 0 }, null, new Float64Array(42));
    expect([...plain.subarray(32)]).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
