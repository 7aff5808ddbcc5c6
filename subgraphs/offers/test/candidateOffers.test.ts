// Candidate generation, the shopper profile and the promotion discount rule, on hand-built data.
import { describe, expect, it } from 'vitest';
import { Prisma } from '@retail/db';
import { applyHardConstraints } from '@retail/engine';
import { CandidateCatalog, type CatalogProduct } from '../src/readModel/candidateCatalog.ts';
import { candidateOffers, offerIdOf, parseOfferId, retrieveProducts } from '../src/decisions/candidateOffers.ts';
import { shopperProfile } from '../src/decisions/shopperProfile.ts';
import { localTime } from '../src/decisions/decisionService.ts';
import { discountPerUnit, type PromotionRow } from '../src/rules.ts';

const NOW = new Date('2026-11-23T12:00:00Z');

function product(id: string, department: string, price = 20, unitCost = 10): CatalogProduct {
  return {
    id, categoryId: `${department}-leaf`, departmentId: department, categoryPath: [department, `${department}-leaf`], brandId: 'brand',
    brandTier: 2, price, unitCost, marginFloor: 0.1, lifecycle: 'CORE', rating: 4, reviewCount: 10, competitorGap: null, sentiment: null, pricePosition: 0, size: null, dietary: [],
  };
}

function promotion(id: string, over: Partial<PromotionRow>): PromotionRow {
  return {
    id, name: id, description: '', type: 'PERCENT_OFF', depth: 0.2, productId: null, categoryId: null, brandId: null, eligibleTiers: [], eligibleSegments: [],
    channels: ['WEB'], startsAt: new Date(NOW.getTime() - 3_600_000), endsAt: new Date(NOW.getTime() + 3_600_000), status: 'APPROVED',
    budgetAmount: null, budgetUnits: null, spentAmount: new Prisma.Decimal(0), spentUnits: 0, reservedAmount: new Prisma.Decimal(0), reservedUnits: 0, rationale: null, proposedBy: null, proposedAt: null,
    reviewedBy: null, reviewedAt: null, reviewNote: null, version: 1, createdAt: NOW, updatedAt: NOW, ...over,
  };
}

function world() {
  const catalog = new CandidateCatalog(10);
  catalog.addLocation({ id: 'store', type: 'STORE', latitude: 45, longitude: 5, timezone: 'Europe/Paris' });
  catalog.addLocation({ id: 'wh1', type: 'WAREHOUSE', latitude: 48, longitude: 2, timezone: 'Europe/Paris' });
  catalog.addLocation({ id: 'wh2', type: 'WAREHOUSE', latitude: 48, longitude: 2, timezone: 'Europe/Paris' });
  for (let i = 0; i < 40; i++) {
    const p = product(`p${String(i).padStart(2, '0')}`, i < 20 ? 'food' : 'home');
    catalog.addProduct(p);
    catalog.setAvailable(p.id, 'wh1', i % 5 === 0 ? 0 : 10, 1);
    catalog.setAvailable(p.id, 'wh2', i % 5 === 0 ? -3 : 5, 1);
    if (i < 10) catalog.setAvailable(p.id, 'store', i % 2, 1); // the store carries p00..p09, half in stock
    catalog.addSales(p.id, 40 - i); // p00 sells best
  }
  return catalog;
}

const shopper = (over: Record<string, unknown> = {}) =>
  shopperProfile(
    {
      id: 'c1', loyaltyTier: 'SILVER', segments: ['family'], birthYear: 1990, incomeBand: 4, priceSensitivity: 0.7, homeLatitude: 45.1, homeLongitude: 5.1,
      consent: { personalization: true },
      shoppingHistory: { orderCount: 3, totalSpend: 120, lastOrderAt: '2026-11-13T12:00:00Z', topProducts: [{ product: { id: 'p30' }, interactions: 6 }, { product: { id: 'p31' }, interactions: 2 }, { product: { id: 'p05' }, interactions: 2 }] },
      ...over,
    },
    world(),
    NOW,
  );

describe('the candidate read model', () => {
  it('sums warehouse stock for online, never counting a negative location, and follows stock events', () => {
    const c = world();
    expect(c.availableAt('p01', null)).toBe(15);
    expect(c.availableAt('p00', null)).toBe(0); // 0 and −3: nothing to promise
    c.applyStockEvent({ adjustmentId: 'a', eventId: null, productId: 'p01', locationId: 'wh1', delta: -10, reason: 'SALE', onHandBefore: 10, onHandAfter: 0, reserved: 0, safetyStock: 0, available: 0, version: 2, actor: null, occurredAt: NOW.toISOString() });
    expect(c.availableAt('p01', null)).toBe(5);
    expect(c.availableAt('p01', 'store')).toBe(1);
    expect(c.carries('p20', 'store')).toBe(false);
    expect(c.bestSellers()[0]!.id).toBe('p00');
    c.addSales('p39', 1000);
    expect(c.bestSellers()[0]!.id).toBe('p39');
  });
});

describe('shopperProfile', () => {
  it('turns the customer fields into features, with affinity per department from the top products', () => {
    const p = shopper();
    expect(p.features.age).toBe(36);
    expect(p.features.loyaltyTier).toBe(2);
    expect(p.features.daysSinceLastPurchase).toBeCloseTo(10, 9);
    expect(Object.fromEntries(p.features.categoryAffinity)).toEqual({ home: 0.8, food: 0.2 });
    expect(p.departments.map(([d]) => d)).toEqual(['home', 'food']);
  });

  it('uses nothing personal without consent, but keeps tier and segments for promotion eligibility', () => {
    const p = shopper({ consent: { personalization: false } });
    expect(p.personalized).toBe(false);
    expect(p.features).toMatchObject({ age: null, incomeBand: null, orderCount: 0, totalSpend: 0, priceSensitivity: 0.5 });
    expect(p.features.categoryAffinity.size).toBe(0);
    expect(p.home).toBeNull();
    expect(p.loyaltyTier).toBe('SILVER');
    expect(p.segments).toEqual(['family']);
  });
});

describe('candidateOffers', () => {
  it('offers only what a store carries, each product without promotion and with each promotion the shopper qualifies for', () => {
    const catalog = world();
    const promotions = [
      promotion('food20', { categoryId: 'food' }),
      promotion('gold-only', { categoryId: 'food', eligibleTiers: ['GOLD'] }),
      promotion('p03-amount', { productId: 'p03', type: 'AMOUNT_OFF', depth: 5 }),
    ];
    const offers = candidateOffers(catalog, { profile: shopper(), channel: 'STORE', locationId: 'store', promotions, maxProducts: 50 });
    const products = new Set(offers.map((o) => o.productId));
    expect([...products].sort()).toEqual(['p00', 'p01', 'p02', 'p03', 'p04', 'p05', 'p06', 'p07', 'p08', 'p09']);
    expect(offers.some((o) => o.promotionId === 'gold-only')).toBe(false);
    expect(offers.filter((o) => o.productId === 'p03').map((o) => o.offerId).sort()).toEqual(['p03|-', 'p03|food20', 'p03|p03-amount']);
    const amount = offers.find((o) => o.offerId === 'p03|p03-amount')!;
    expect(amount.constraint.discount).toBe(5);
    expect(amount.offer.discountShare).toBeCloseTo(0.25, 12);
    expect(amount.constraint.available).toBe(1);
    // The engine's constraints remove the out-of-stock ones and the off-channel promotion (channels: WEB).
    const { eligible, removed } = applyHardConstraints(offers.map((o) => o.constraint), { now: NOW.getTime(), channel: 'STORE', safetyLevel: 0, exposures: new Map(), frequencyCap: 3 });
    expect(eligible.every((i) => offers[i]!.constraint.available > 0 && offers[i]!.promotionId === null)).toBe(true);
    expect(new Set(removed.map((r) => r.reason))).toEqual(new Set(['CHANNEL_NOT_ELIGIBLE', 'INSUFFICIENT_STOCK']));
  });

  it('retrieves the shopper\u2019s own products and departments before overall best sellers, up to the limit', () => {
    const catalog = world();
    const picked = retrieveProducts(catalog, { profile: shopper(), channel: 'WEB', locationId: null, promotions: [], maxProducts: 8 }, []).map((p) => p.id);
    expect(picked).toHaveLength(8);
    expect(picked.slice(0, 2)).toEqual(['p30', 'p31']); // top products (the quarter of 8 is 2)
    expect(picked).toContain('p20'); // best seller of 'home', the shopper's main department
    expect(picked).toContain('p00'); // overall best seller fills the rest
  });

  it('offer ids round-trip', () => {
    for (const [product, promo] of [['prd_1', null], ['prd_1', 'promo_9'], ['a|b', 'c']] as const) {
      expect(parseOfferId(offerIdOf(product, promo))).toEqual({ productId: product, promotionId: promo });
    }
    expect(parseOfferId('nopipe')).toBeNull();
  });
});

describe('discountPerUnit', () => {
  it('prices each promotion type per unit, in cents', () => {
    expect(discountPerUnit('PERCENT_OFF', 0.15, 19.99, 'WEB')).toBe(3);
    expect(discountPerUnit('AMOUNT_OFF', 5, 20, 'WEB')).toBe(5);
    expect(discountPerUnit('AMOUNT_OFF', 50, 20, 'WEB')).toBe(18); // at most 90 %
    expect(discountPerUnit('BUY_X_GET_Y', 0.5, 10, 'WEB')).toBe(2.5);
    expect(discountPerUnit('FREE_SHIPPING', 1, 100, 'WEB')).toBe(4.99);
    expect(discountPerUnit('FREE_SHIPPING', 1, 100, 'STORE')).toBe(0);
    expect(discountPerUnit('LOYALTY_POINTS', 2, 50, 'APP')).toBe(1);
  });
});

describe('localTime', () => {
  it('reads the hour and weekday in the location\u2019s time zone', () => {
    expect(localTime(new Date('2026-11-23T23:30:00Z'), 'Asia/Tokyo')).toEqual({ hour: 8, weekday: 2 }); // Tuesday 08:30
    expect(localTime(new Date('2026-11-23T23:30:00Z'), null)).toEqual({ hour: 23, weekday: 1 });
  });
});
