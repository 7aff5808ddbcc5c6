// The logged (position, propensity) of every served offer is what the policy's randomisation gave
// for the slate that was served, when promotions change between the (cached) candidate generation
// and the decision's transaction: paused, or their budget taken by another replica. Each decision
// is checked against an independent replay: the engine ranking candidates generated from the
// promotions as the database has them, with the budgets they have left, on the same random draws.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { Database } from '@retail/db';
import { OfferPolicy, seededRandom, type OfferPolicyConfig, type RandomSource, type RankResult } from '@retail/engine';
import { openTestDatabase } from '@retail/test-support/database';
import { CandidateCatalog, type CatalogProduct } from '../src/readModel/candidateCatalog.ts';
import { candidateOffers } from '../src/decisions/candidateOffers.ts';
import { shopperProfile, type ShopperRepresentation } from '../src/decisions/shopperProfile.ts';
import { DEFAULT_DECISION_SETTINGS, DecisionService } from '../src/decisions/decisionService.ts';
import type { DecisionSignals } from '../src/decisions/decisionSignals.ts';

const NOW = new Date('2026-11-23T12:00:00Z');
const HOUR = 3_600_000;
const MAX_PRODUCTS = 30;
// Softmax warm enough that every eligible offer keeps a real share of each slot.
const POLICY: Partial<OfferPolicyConfig> = { channels: { WEB: { exploration: { kind: 'softmax', temperature: 0.05 }, rewardWaitMs: 30 * 60_000 } }, frequencyCap: 1000, maxPerCategory: 4 };
const PROMOTIONS = ['food10', 'home15', 'food-budget', 'home-budget', 'all5'] as const;

function product(i: number): CatalogProduct {
  const department = i % 2 ? 'food' : 'home';
  return {
    id: `p${String(i).padStart(2, '0')}`, categoryId: `${department}-${i % 3}`, departmentId: department, categoryPath: [department, `${department}-${i % 3}`], brandId: `b${i % 4}`, brandTier: 2,
    price: 10 + i, unitCost: 4, marginFloor: 0.05, lifecycle: 'CORE', rating: 4, reviewCount: 10, competitorGap: null, sentiment: null, pricePosition: 0, size: null, dietary: [],
  };
}

const catalog = new CandidateCatalog();
catalog.addLocation({ id: 'w1', type: 'WAREHOUSE', latitude: 0, longitude: 0, timezone: 'UTC' });
for (let i = 0; i < 16; i++) {
  catalog.addProduct(product(i));
  catalog.setAvailable(product(i).id, 'w1', 500, 1);
  catalog.addSales(product(i).id, 30 - i);
}

const signals: DecisionSignals = {
  intentFor: (_customerId, sessionId) => ({ sessionId, browsing: 0.5, researching: 0.3, readyToBuy: 0.2, predicted: 'BROWSING', events: 0 }),
  isUnderperforming: () => false,
};

const shopper = (id: string): ShopperRepresentation => ({
  id, loyaltyTier: 'SILVER', segments: [], birthYear: 1985, incomeBand: 3, priceSensitivity: 0.5, homeLatitude: null, homeLongitude: null,
  consent: { personalization: true }, shoppingHistory: { orderCount: 2, totalSpend: 80, lastOrderAt: null, topProducts: [{ product: { id: 'p03' }, interactions: 3 }] },
});

/** A random source that remembers its draws, so a replay can use the ones a decision used. */
function recording(seed: number): RandomSource & { draws: number[] } {
  const base = seededRandom(seed);
  const draws: number[] = [];
  return { draws, next: () => { const x = base.next(); draws.push(x); return x; } };
}

function replaying(draws: readonly number[]): RandomSource {
  let at = 0;
  return { next: () => { if (at >= draws.length) throw new Error('the replay asked for more draws than the decision made'); return draws[at++]!; } };
}

let db: Database;

beforeAll(async () => {
  db = await openTestDatabase();
  const promo = (id: string, categoryId: string | null, depth: number, budget: { budgetUnits?: number; budgetAmount?: number } = {}) => ({
    id, name: id, type: 'PERCENT_OFF' as const, depth, categoryId, channels: ['WEB' as const], status: 'APPROVED' as const,
    startsAt: new Date(NOW.getTime() - 24 * HOUR), endsAt: new Date(NOW.getTime() + 24 * HOUR), ...budget,
  });
  await db.prisma.promotion.createMany({
    data: [promo('food10', 'food', 0.1), promo('home15', 'home', 0.15), promo('food-budget', 'food', 0.2, { budgetUnits: 10 }), promo('home-budget', 'home', 0.2, { budgetAmount: 200 }), promo('all5', null, 0.05)],
  });
});

afterAll(async () => {
  await db?.close();
});

const livePromotions = async () =>
  (await db.prisma.promotion.findMany({ where: { status: { in: ['APPROVED', 'PENDING_APPROVAL'] } }, orderBy: [{ endsAt: 'asc' }, { id: 'asc' }] })).filter((p) => p.startsAt <= NOW && p.endsAt > NOW);

/**
 * What the policy computes for this decision: the candidates in the order the decision generated
 * them (from the promotions it had cached: `cached`), each with its promotion as stored now — an
 * offer of a promotion no longer live is not approved — the budgets' remainders before this
 * decision reserved its share, and the decision's own draws.
 */
async function replay(decisionId: string, customerId: string, cached: Awaited<ReturnType<typeof livePromotions>>, draws: readonly number[]): Promise<RankResult> {
  const decision = await db.prisma.decision.findUniqueOrThrow({ where: { id: decisionId } });
  const { personalized: _, ...context } = decision.context as Record<string, unknown>;
  const now = (await livePromotions()).map((p) => ({ ...p, reservedAmount: p.reservedAmount.sub(reservedBy(decisionId, p.id).amount), reservedUnits: p.reservedUnits - reservedBy(decisionId, p.id).units }));
  const profile = shopperProfile(shopper(customerId), catalog, NOW);
  const generate = (promotions: typeof now) => candidateOffers(catalog, { profile, channel: 'WEB', locationId: null, promotions, maxProducts: MAX_PRODUCTS, isUnderperforming: () => false });
  const current = new Map(generate(now).map((c) => [c.offerId, c]));
  const candidates = generate(cached).map((c) => current.get(c.offerId) ?? { ...c, constraint: { ...c.constraint, promotion: { ...c.constraint.promotion!, approved: false } } });
  const budgetsLeft = new Map(
    now
      .filter((p) => p.budgetAmount !== null || p.budgetUnits !== null)
      .map((p) => [p.id, { amount: p.budgetAmount === null ? null : p.budgetAmount.sub(p.spentAmount).sub(p.reservedAmount).toNumber(), units: p.budgetUnits === null ? null : p.budgetUnits - p.spentUnits - p.reservedUnits }]),
  );
  return new OfferPolicy(POLICY, replaying(draws)).rank({ customer: profile.features, context: context as never, candidates, limit: 6, now: NOW.getTime(), exposures: new Map(), budgetsLeft });
}

let reservations = new Map<string, Map<string, { amount: number; units: number }>>();
const reservedBy = (decisionId: string, promotionId: string) => reservations.get(decisionId)?.get(promotionId) ?? { amount: 0, units: 0 };

async function logged(decisionId: string) {
  const items = await db.prisma.decisionItem.findMany({ where: { decisionId }, orderBy: { position: 'asc' } });
  const mine = new Map<string, { amount: number; units: number }>();
  for (const i of items) {
    if (!i.reserved || !i.promotionId) continue;
    const r = mine.get(i.promotionId) ?? { amount: 0, units: 0 };
    r.amount += Number(i.discount.toFixed(2));
    r.units += 1;
    mine.set(i.promotionId, r);
  }
  reservations.set(decisionId, mine);
  return items.map((i) => ({ offerId: i.offerId, position: i.position, propensity: i.propensity }));
}

/** A decision service whose promotion cache was filled before the change `between` makes. */
async function decideAfter(customerId: string, seed: number, between: () => Promise<void>) {
  const random = recording(seed);
  const cached = await livePromotions();
  const service = new DecisionService(db, new OfferPolicy(POLICY, random), signals, { ...DEFAULT_DECISION_SETTINGS, maxProducts: MAX_PRODUCTS, promotionCacheMs: 3_600_000, stockHold: { belowUnits: 0, ttlSeconds: 60 } });
  await service.decide(shopper(`${customerId}-warm`), { channel: 'WEB', device: 'DESKTOP' }, 6, catalog, NOW); // reads (and caches) the promotions
  await between();
  const from = random.draws.length;
  const result = await service.decide(shopper(customerId), { channel: 'WEB', device: 'DESKTOP' }, 6, catalog, NOW);
  return { result, cached, draws: random.draws.slice(from) };
}

async function resetPromotions(): Promise<void> {
  await db.prisma.promotion.updateMany({ data: { status: 'APPROVED', reservedAmount: 0, reservedUnits: 0, spentAmount: 0, spentUnits: 0 } });
}

const served = (r: RankResult) => r.offers.map((o) => ({ offerId: o.candidate.offerId, position: o.position, propensity: o.propensity }));

describe('logged propensities', () => {
  it('a promotion paused after the candidates were generated is removed before the draw, and says so', async () => {
    await resetPromotions();
    const { result, cached, draws } = await decideAfter('c-paused', 11, () => db.prisma.promotion.update({ where: { id: 'all5' }, data: { status: 'PAUSED' } }).then(() => undefined));
    const log = await logged(result.decisionId);
    expect(log).toEqual(served(await replay(result.decisionId, 'c-paused', cached, draws)));
    expect(log.map((o) => o.position)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(result.offers.map((o) => ({ offerId: o.offerId, position: o.position, propensity: o.propensity }))).toEqual(log);
    expect(result.offers.some((o) => o.promotionId === 'all5')).toBe(false);
    expect(result.removed.find((r) => r.reason === 'PROMOTION_NOT_APPROVED')?.offerIds.every((id) => id.endsWith('|all5'))).toBe(true);
  });

  it('a budget another replica took meanwhile: the slate spends only what is left, with the propensities of that slate', async () => {
    await resetPromotions();
    const { result, cached, draws } = await decideAfter('c-budget', 12, () => db.prisma.promotion.update({ where: { id: 'food-budget' }, data: { reservedUnits: 9 } }).then(() => undefined));
    const log = await logged(result.decisionId);
    expect(log).toEqual(served(await replay(result.decisionId, 'c-budget', cached, draws)));
    expect(result.offers.filter((o) => o.promotionId === 'food-budget').length).toBeLessThanOrEqual(1);
    const promo = await db.prisma.promotion.findUniqueOrThrow({ where: { id: 'food-budget' } });
    expect(promo.reservedUnits).toBeLessThanOrEqual(10);
  });

  it('over random pauses and budget changes, every logged slate is the policy\u2019s draw over what was available, and no budget is overspent', async () => {
    let run = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.record({
          paused: fc.subarray([...PROMOTIONS]),
          foodUnitsTaken: fc.integer({ min: 0, max: 10 }),
          homeAmountTaken: fc.integer({ min: 0, max: 200 }),
          seed: fc.integer({ min: 1, max: 1_000_000 }),
        }),
        async ({ paused, foodUnitsTaken, homeAmountTaken, seed }) => {
          await resetPromotions();
          const customer = `c-prop-${run++}`;
          const { result, cached, draws } = await decideAfter(customer, seed, async () => {
            await db.prisma.promotion.updateMany({ data: { reservedAmount: 0, reservedUnits: 0 } }); // the warm-up's own reservations end
            await db.prisma.promotion.updateMany({ where: { id: { in: paused } }, data: { status: 'PAUSED' } });
            await db.prisma.promotion.update({ where: { id: 'food-budget' }, data: { reservedUnits: foodUnitsTaken } });
            await db.prisma.promotion.update({ where: { id: 'home-budget' }, data: { reservedAmount: homeAmountTaken } });
          });
          const log = await logged(result.decisionId);
          expect(log).toEqual(served(await replay(result.decisionId, customer, cached, draws)));
          expect(result.offers.some((o) => o.promotionId !== null && paused.includes(o.promotionId as never))).toBe(false);
          for (const p of await db.prisma.promotion.findMany({ where: { id: { in: ['food-budget', 'home-budget'] } } })) {
            if (p.budgetUnits !== null) expect(p.reservedUnits + p.spentUnits).toBeLessThanOrEqual(p.budgetUnits);
            if (p.budgetAmount !== null) expect(p.reservedAmount.add(p.spentAmount).lte(p.budgetAmount)).toBe(true);
          }
        },
      ),
      { numRuns: 25, seed: 20261123 },
    );
  });
});
