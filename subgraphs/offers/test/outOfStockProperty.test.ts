// Property: over any sequence of stock events, in any order of arrival, nothing the engine offers
// or proposes as a substitute is out of stock where the shopper would get it.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ANONYMOUS_SHOPPER, OfferPolicy, seededRandom, SubstitutionPolicy } from '@retail/engine';
import { CandidateCatalog, type CatalogProduct } from '../src/readModel/candidateCatalog.ts';
import { candidateOffers } from '../src/decisions/candidateOffers.ts';
import { shopperProfile } from '../src/decisions/shopperProfile.ts';
import { substituteItem, substitutionCandidates } from '../src/substitutions/substitutionService.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const PRODUCTS = 12;
const LOCATIONS = ['s1', 's2', 'w1'] as const;

function product(i: number): CatalogProduct {
  const department = i % 2 ? 'food' : 'home';
  return {
    id: `p${i}`, categoryId: `${department}-${i % 3}`, departmentId: department, categoryPath: [department, `${department}-${i % 3}`], brandId: `b${i % 4}`, brandTier: 2,
    price: 10 + i, unitCost: 5, marginFloor: 0.05, lifecycle: 'CORE', rating: 4, reviewCount: 10, competitorGap: null, sentiment: null, pricePosition: 0, size: '500 g', dietary: [],
  };
}

// Versions repeat and go back: late and duplicate deliveries are part of the sequence.
const event = fc.record({ product: fc.integer({ min: 0, max: PRODUCTS - 1 }), location: fc.constantFrom(...LOCATIONS), available: fc.integer({ min: -2, max: 4 }), version: fc.integer({ min: 1, max: 20 }) });

describe('out of stock is never offered', () => {
  it('in offers or substitutes, over random event sequences', () => {
    fc.assert(
      fc.property(fc.array(event, { minLength: 1, maxLength: 60 }), fc.constantFrom<string | null>('s1', 's2', null), (events, locationId) => {
        const catalog = new CandidateCatalog();
        for (const id of LOCATIONS) catalog.addLocation({ id, type: id.startsWith('s') ? 'STORE' : 'WAREHOUSE', latitude: 0, longitude: 0, timezone: 'UTC' });
        for (let i = 0; i < PRODUCTS; i++) {
          catalog.addProduct(product(i));
          for (const l of LOCATIONS) catalog.setAvailable(`p${i}`, l, 3, 0);
        }
        for (const e of events) catalog.setAvailable(`p${e.product}`, e.location, e.available, e.version);
        const profile = shopperProfile({ id: 'c1' }, catalog, NOW);
        const candidates = candidateOffers(catalog, { profile, channel: locationId ? 'STORE' : 'WEB', locationId, promotions: [], maxProducts: PRODUCTS });
        const policy = new OfferPolicy({}, seededRandom(events.length));
        const ranked = policy.rank({ customer: profile.features, context: { channel: locationId ? 'STORE' : 'WEB', device: 'MOBILE', localHour: 12, weekday: 1, distanceToStoreKm: null, sessionDepth: 0, intent: { browsing: 1, researching: 0, readyToBuy: 0 } }, candidates, limit: 5, now: NOW.getTime(), exposures: new Map() });
        for (const r of ranked.offers) expect(catalog.availableAt(r.candidate.productId, locationId)).toBeGreaterThan(0);
        const substitutions = new SubstitutionPolicy({}, seededRandom(events.length));
        for (let i = 0; i < PRODUCTS; i += 5) {
          const original = catalog.products.get(`p${i}`)!;
          const pool = substitutionCandidates(catalog, original, locationId);
          const picked = substitutions.rank(substituteItem(original, 0), pool.map((p) => substituteItem(p, 0)), ANONYMOUS_SHOPPER, { limit: 3 });
          for (const s of picked) expect(catalog.availableAt(s.productId, locationId)).toBeGreaterThan(0);
        }
      }),
      { numRuns: 300, seed: 23 },
    );
  });
});
