// Live stock, forecasts and substitutions end to end, through the running gateway over real HTTP on
// the seeded small world: serving holds no stock, an add-to-cart of short stock holds one unit per
// shopper and product until the outcome, forecasts withhold promotions from items about to run out
// (visibly), and substitutes are in stock, keep the original's dietary flags, and learn from
// recordSubstitutionOutcome.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD, type Database } from '@retail/db';
import { createMemoryEventBus } from '@retail/platform';
import { createServer as createOffers } from '@retail/subgraph-offers';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { startStack, type RunningStack } from '../src/index.ts';

let db: Database;
let stack: RunningStack;
let url: string;
let customers: string[];
let store: { id: string };

const OFFERS = `query($id: ID!, $ctx: OfferContextInput!, $limit: Int) {
  customer(id: $id) { personalizedOffers(context: $ctx, limit: $limit) {
    decisionId removed { reason count offerIds }
    offers { offerId product { id } promotion { id } rationale { summary stock { available stockoutRisk daysOfCover overstock scoreEffect } } }
  } } }`;
const SUBSTITUTES = `query($id: ID!, $p: ID!, $l: ID, $limit: Int) {
  customer(id: $id) { substitutes(productId: $p, locationId: $l, limit: $limit) {
    decisionId candidateCount product { id name }
    substitutes { product { id name } position acceptProbability propensity explored available reasons { code description } }
  } } }`;
const SUB_OUTCOME = `mutation($i: RecordSubstitutionOutcomeInput!) { recordSubstitutionOutcome(input: $i) { decisionId product { id } accepted duplicate learnt } }`;
const HOLD = `query($r: ID!) { stockReservation(reference: $r) { status quantity location { id } product { id } } }`;
const OUTCOME = `mutation($i: RecordOfferOutcomeInput!) { recordOfferOutcome(input: $i) { finalReward } }`;

type Substitutes = {
  decisionId: string;
  candidateCount: number;
  product: { id: string };
  substitutes: { product: { id: string }; acceptProbability: number; propensity: number; available: number; reasons: { code: string; description: string }[] }[];
};

async function substitutes(customerId: string, productId: string, locationId: string | null, limit = 3): Promise<Substitutes> {
  const r = await gql(url, SUBSTITUTES, { id: customerId, p: productId, l: locationId, limit });
  expect(r.errors).toBeUndefined();
  return r.data!.customer.substitutes;
}

const availableAt = async (productId: string, locationId: string) => {
  const s = await db.prisma.stockLevel.findUnique({ where: { productId_locationId: { productId, locationId } } });
  return s ? s.onHand - s.reserved - s.safetyStock : 0;
};

beforeAll(async () => {
  db = await openTestDatabase();
  await seedWorld(db, SMALL_WORLD);
  stack = await startStack({ db, offersSeed: 11, offersLearning: { closeEveryMs: 3_600_000, snapshotEveryMs: 3_600_000, pollMs: 3_600_000 } });
  url = stack.gateway.url;
  customers = (await db.prisma.customer.findMany({ where: { consentPersonalization: true }, orderBy: { id: 'asc' }, take: 30, select: { id: true } })).map((c) => c.id);
  store = await db.prisma.location.findFirstOrThrow({ where: { type: 'STORE' }, orderBy: { id: 'asc' } });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await db?.close();
});

describe('stock holds: serving holds nothing, an add-to-cart holds one unit per shopper and product', () => {
  type Served = { decisionId: string; offers: { offerId: string; product: { id: string }; rationale: { stock: { available: number } } }[] };
  const storeCtx = () => ({ channel: 'STORE', device: 'IN_STORE', locationId: store.id });
  const decide = async (customerId: string, limit = 4): Promise<Served> => {
    const r = await gql(url, OFFERS, { id: customerId, ctx: storeCtx(), limit });
    expect(r.errors).toBeUndefined();
    return r.data!.customer.personalizedOffers;
  };
  const outcome = (d: string, o: string, kind: string, key: string) => gql(url, OUTCOME, { i: { decisionId: d, offerId: o, outcome: kind, idempotencyKey: key } });
  const reservedAtStore = async () => (await db.prisma.stockLevel.findMany({ where: { locationId: store.id }, orderBy: { productId: 'asc' }, select: { productId: true, reserved: true } }));

  it('many decisions, and one request with many aliases of personalizedOffers, for one shopper on short stock leave available to promise unchanged', async () => {
    const before = await reservedAtStore();
    const decisions: Served[] = [];
    for (let i = 0; i < 6; i++) decisions.push(await decide(customers[0]!));
    const aliases = Array.from({ length: 8 }, (_, i) => `a${i}: personalizedOffers(context: $ctx, limit: 5) { decisionId offers { offerId product { id } rationale { stock { available } } } }`).join('\n');
    const many = await gql(url, `query($id: ID!, $ctx: OfferContextInput!) { customer(id: $id) { ${aliases} } }`, { id: customers[0], ctx: storeCtx() });
    expect(many.errors).toBeUndefined();
    decisions.push(...(Object.values(many.data!.customer) as Served[]));
    expect(new Set(decisions.map((d) => d.decisionId)).size).toBe(14);
    // What the old rule (a hold per served offer on short stock) would have held.
    const short = decisions.flatMap((d) => d.offers.filter((o) => o.rationale.stock.available <= 20));
    expect(short.length).toBeGreaterThan(10);
    await stack.outbox.drain();
    expect(await reservedAtStore()).toEqual(before);
    expect(await db.prisma.stockReservation.count({ where: { reference: { in: decisions.flatMap((d) => d.offers.map((o) => `offer:${d.decisionId}:${o.offerId}`)) } } })).toBe(0);
  });

  it('an add-to-cart of a short-stock offer holds one unit there; a second one for the same shopper and product holds no second; a purchase releases it', async () => {
    const shopper = customers[1]!;
    const first = await decide(shopper);
    const carted = first.offers.find((o) => o.rationale.stock.available <= 20 && o.rationale.stock.available >= 2);
    expect(carted).toBeDefined(); // stores run thin in the small world
    const product = carted!.product.id;
    const level = await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: product, locationId: store.id } } });
    const reference = `offer:${first.decisionId}:${carted!.offerId}`;
    expect((await outcome(first.decisionId, carted!.offerId, 'ADD_TO_CART', `cart-${first.decisionId}`)).errors).toBeUndefined();
    await expect.poll(async () => (await gql(url, HOLD, { r: reference })).data!.stockReservation, { timeout: 10_000 }).toEqual({ status: 'ACTIVE', quantity: 1, location: { id: store.id }, product: { id: product } });
    expect((await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: product, locationId: store.id } } })).reserved).toBe(level.reserved + 1);

    // The same shopper adds the product to the cart again, from another decision that serves it.
    let again: { decisionId: string; offerId: string } | null = null;
    for (let i = 0; i < 10 && !again; i++) {
      const d = await decide(shopper, 8);
      const o = d.offers.find((x) => x.product.id === product);
      if (o) again = { decisionId: d.decisionId, offerId: o.offerId };
    }
    expect(again).not.toBeNull();
    expect((await outcome(again!.decisionId, again!.offerId, 'ADD_TO_CART', `cart-${again!.decisionId}`)).errors).toBeUndefined();
    // Another shopper's add-to-cart of short stock, after it: inventory takes hold requests in
    // order, so once this one is placed the second request above has been answered.
    const other = await decide(customers[2]!, 8);
    const theirs = other.offers.find((o) => o.rationale.stock.available <= 20 && o.rationale.stock.available >= 1);
    expect(theirs).toBeDefined();
    expect((await outcome(other.decisionId, theirs!.offerId, 'ADD_TO_CART', `cart-${other.decisionId}`)).errors).toBeUndefined();
    await expect.poll(async () => (await gql(url, HOLD, { r: `offer:${other.decisionId}:${theirs!.offerId}` })).data!.stockReservation?.status, { timeout: 10_000 }).toBe('ACTIVE');
    expect((await gql(url, HOLD, { r: `offer:${again!.decisionId}:${again!.offerId}` })).data!.stockReservation).toBeNull();
    expect(await db.prisma.stockReservation.count({ where: { holder: `shopper:${shopper}`, productId: product, status: 'ACTIVE' } })).toBe(1);
    expect((await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: product, locationId: store.id } } })).reserved).toBe(level.reserved + 1 + (theirs!.product.id === product ? 1 : 0));

    // Bought through the second offer: the shopper's hold (placed by the first) ends.
    expect((await outcome(again!.decisionId, again!.offerId, 'PURCHASE', `buy-${again!.decisionId}`)).errors).toBeUndefined();
    await expect.poll(async () => (await gql(url, HOLD, { r: reference })).data!.stockReservation.status, { timeout: 10_000 }).toBe('RELEASED');
  });

  it('a purchase recorded at the till (recordInteraction), credited to the offer, releases the shopper\u2019s cart hold', async () => {
    const shopper = customers[7]!;
    const d = await decide(shopper);
    const carted = d.offers.find((o) => o.rationale.stock.available <= 20 && o.rationale.stock.available >= 1);
    expect(carted).toBeDefined();
    const reference = `offer:${d.decisionId}:${carted!.offerId}`;
    expect((await outcome(d.decisionId, carted!.offerId, 'ADD_TO_CART', `cart-${d.decisionId}`)).errors).toBeUndefined();
    await expect.poll(async () => (await gql(url, HOLD, { r: reference })).data!.stockReservation?.status, { timeout: 10_000 }).toBe('ACTIVE');

    const bought = await gql(url, `mutation($i: RecordInteractionInput!) { recordInteraction(input: $i) { id } }`, {
      i: { customerId: shopper, type: 'PURCHASE', channel: 'STORE', device: 'IN_STORE', locationId: store.id, productId: carted!.product.id, idempotencyKey: `till-${d.decisionId}` },
    });
    expect(bought.errors).toBeUndefined();
    await expect.poll(async () => (await gql(url, HOLD, { r: reference })).data!.stockReservation.status, { timeout: 10_000 }).toBe('RELEASED');
    expect(await db.prisma.outcome.count({ where: { decisionId: d.decisionId, offerId: carted!.offerId, type: 'PURCHASE', interactionId: bought.data!.recordInteraction.id } })).toBe(1);
  });
});

describe('safety stock', () => {
  it('set through the gateway, takes what it keeps back out of the store\u2019s offers at once', async () => {
    const ctx = { channel: 'STORE', device: 'IN_STORE', locationId: store.id };
    const first = (await gql(url, OFFERS, { id: customers[6], ctx, limit: 3 })).data!.customer.personalizedOffers as { offers: { product: { id: string } }[] };
    const target = first.offers[0]!.product.id;
    const level = await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: target, locationId: store.id } } });
    const set = await gql(url, `mutation($p: ID!, $l: ID!, $u: Int!) { setSafetyStock(productId: $p, locationId: $l, units: $u) { safetyStock available } }`, { p: target, l: store.id, u: level.onHand });
    expect(set.errors).toBeUndefined();
    expect(set.data!.setSafetyStock).toEqual({ safetyStock: level.onHand, available: 0 });
    const stillOffered = async () => {
      const d = (await gql(url, OFFERS, { id: customers[6], ctx, limit: 3 })).data!.customer.personalizedOffers as { offers: { product: { id: string } }[]; removed: { reason: string; offerIds: string[] }[] };
      return d.offers.some((o) => o.product.id === target);
    };
    await expect.poll(stillOffered, { timeout: 5_000, interval: 20 }).toBe(false);
    // Given back, it can be offered again.
    await gql(url, `mutation($p: ID!, $l: ID!, $u: Int!) { setSafetyStock(productId: $p, locationId: $l, units: $u) { available } }`, { p: target, l: store.id, u: level.safetyStock });
    expect((await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: target, locationId: store.id } } })).safetyStock).toBe(level.safetyStock);
  });
});

describe('forecasts steer offers', () => {
  it('exposes forecast, days of cover and stockout risk on Product through the gateway', async () => {
    const line = await db.prisma.dailySales.findFirstOrThrow({ where: { locationId: store.id }, orderBy: [{ units: 'desc' }, { productId: 'asc' }] });
    const r = await gql(url, `query($p: ID!, $l: ID!) { product(id: $p) { name forecast(locationId: $l, horizonDays: 7) { method historyDays points { date mean lower upper } } daysOfCover(locationId: $l) stockoutRisk(locationId: $l) } }`, { p: line.productId, l: store.id });
    expect(r.errors).toBeUndefined();
    const p = r.data!.product;
    expect(p.name).toBeTruthy();
    expect(['HOLT_WINTERS', 'CROSTON', 'MOVING_AVERAGE']).toContain(p.forecast.method);
    expect(p.forecast.points).toHaveLength(7);
    expect(p.forecast.points.some((x: { mean: number }) => x.mean > 0)).toBe(true);
    expect(p.stockoutRisk).toBeGreaterThanOrEqual(0);
    expect(p.stockoutRisk).toBeLessThanOrEqual(1);
  });

  it('withholds a promotion from an item likely to run out before the next receipt, and says so', async () => {
    // A product the store carries, given a steady 12 a day for the last two weeks and 3 units left.
    const level = await db.prisma.stockLevel.findFirstOrThrow({ where: { locationId: store.id, onHand: { gt: 0 } }, orderBy: { productId: 'asc' } });
    const day = 86_400_000;
    const sales = Array.from({ length: 14 }, (_, k) => ({ eventId: `hist-${k}`, productId: level.productId, locationId: store.id, delta: -12, reason: 'SALE', occurredAt: new Date(Date.now() - (k + 1) * day).toISOString() }));
    const receipt = 14 * 12 + 3 + level.reserved + level.safetyStock - level.onHand;
    const batch = await gql(url, `mutation($e: [StockEventInput!]!) { recordStockEvents(events: $e) { applied rejected } }`, {
      e: [{ eventId: 'hist-receipt', productId: level.productId, locationId: store.id, delta: receipt, reason: 'RECEIPT' }, ...sales],
    });
    expect(batch.data!.recordStockEvents).toEqual({ applied: 15, rejected: 0 });
    const risk = await gql(url, `query($p: ID!, $l: ID!) { product(id: $p) { stockoutRisk(locationId: $l) } }`, { p: level.productId, l: store.id });
    expect(risk.data!.product.stockoutRisk).toBeGreaterThan(0.9);

    const now = Date.now();
    await db.prisma.promotion.create({
      data: { id: 'promo_short_stock', name: 'Short stock', type: 'PERCENT_OFF', depth: 0.05, productId: level.productId, channels: ['STORE'], startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 86_400_000), status: 'APPROVED' },
    });
    await new Promise((r) => setTimeout(r, 1100)); // the decision service's promotion cache
    const offerId = `${level.productId}|promo_short_stock`;
    await expect
      .poll(async () => {
        const r = await gql(url, OFFERS, { id: customers[1], ctx: { channel: 'STORE', device: 'IN_STORE', locationId: store.id }, limit: 3 });
        const removed = r.data!.customer.personalizedOffers.removed as { reason: string; offerIds: string[] }[];
        return removed.find((x) => x.reason === 'STOCKOUT_RISK')?.offerIds.includes(offerId) ?? false;
      }, { timeout: 10_000 })
      .toBe(true);
  });
});

describe('substitutes', () => {
  it('offers up to three in-stock replacements from the same department that keep every dietary flag', async () => {
    const carried = await db.prisma.stockLevel.findMany({ where: { locationId: store.id }, orderBy: { productId: 'asc' }, take: 12, select: { productId: true } });
    let answered = 0;
    for (const [i, { productId }] of carried.entries()) {
      const s = await substitutes(customers[2 + (i % 10)]!, productId, store.id);
      const original = await db.prisma.product.findUniqueOrThrow({ where: { id: productId }, include: { category: true } });
      expect(s.product.id).toBe(productId);
      expect(s.substitutes.length).toBeLessThanOrEqual(3);
      expect(new Set(s.substitutes.map((x) => x.product.id)).size).toBe(s.substitutes.length);
      for (const sub of s.substitutes) {
        expect(sub.product.id).not.toBe(productId);
        expect(await availableAt(sub.product.id, store.id)).toBeGreaterThan(0);
        expect(sub.acceptProbability).toBeGreaterThan(0);
        expect(sub.acceptProbability).toBeLessThan(1);
        expect(sub.propensity).toBeGreaterThan(0);
        expect(sub.reasons.length).toBeGreaterThan(0);
        const candidate = await db.prisma.product.findUniqueOrThrow({ where: { id: sub.product.id } });
        const wanted = ((original.attributes as { dietary?: string[] }).dietary ?? []);
        const kept = ((candidate.attributes as { dietary?: string[] }).dietary ?? []);
        for (const flag of wanted) expect(kept).toContain(flag);
      }
      if (s.substitutes.length) answered++;
    }
    expect(answered).toBeGreaterThan(6);
  });

  it('drops a substitute as soon as it sells out at the store', async () => {
    const { productId } = (await db.prisma.stockLevel.findFirstOrThrow({ where: { locationId: store.id }, orderBy: { productId: 'desc' } }));
    const first = await substitutes(customers[3]!, productId, store.id, 5);
    expect(first.substitutes.length).toBeGreaterThan(0);
    const target = first.substitutes[0]!.product.id;
    const level = await db.prisma.stockLevel.findUniqueOrThrow({ where: { productId_locationId: { productId: target, locationId: store.id } } });
    expect((await gql(url, `mutation($p: ID!, $l: ID!, $d: Int!) { adjustStock(productId: $p, locationId: $l, delta: $d, reason: SALE) { id } }`, { p: target, l: store.id, d: -level.onHand })).errors).toBeUndefined();
    await expect.poll(async () => (await substitutes(customers[3]!, productId, store.id, 5)).substitutes.map((x) => x.product.id).includes(target), { timeout: 10_000 }).toBe(false);
  });

  it('learns from outcomes at once, counts the same outcome once, and refuses contradictions and strangers', async () => {
    const { productId } = (await db.prisma.stockLevel.findFirstOrThrow({ where: { locationId: store.id }, orderBy: { productId: 'asc' }, skip: 3 }));
    const s = await substitutes(customers[4]!, productId, store.id);
    expect(s.substitutes.length).toBeGreaterThan(0);
    const sub = s.substitutes[0]!.product.id;
    const before = stack.offers.substitutions.policy.updates;
    const r = await gql(url, SUB_OUTCOME, { i: { decisionId: s.decisionId, productId: sub, accepted: true } });
    expect(r.data!.recordSubstitutionOutcome).toEqual({ decisionId: s.decisionId, product: { id: sub }, accepted: true, duplicate: false, learnt: true });
    expect(stack.offers.substitutions.policy.updates).toBe(before + 1);
    const again = await gql(url, SUB_OUTCOME, { i: { decisionId: s.decisionId, productId: sub, accepted: true } });
    expect(again.data!.recordSubstitutionOutcome.duplicate).toBe(true);
    expect(stack.offers.substitutions.policy.updates).toBe(before + 1);
    expect(errorCode(await gql(url, SUB_OUTCOME, { i: { decisionId: s.decisionId, productId: sub, accepted: false } }))).toBe('CONFLICT');
    expect(errorCode(await gql(url, SUB_OUTCOME, { i: { decisionId: 'nope', productId: sub, accepted: true } }))).toBe('NOT_FOUND');
    const stranger = await gql(url, SUB_OUTCOME, { i: { decisionId: s.decisionId, productId, accepted: true } });
    expect(errorCode(stranger)).toBe('BAD_USER_INPUT');
    expect(stranger.errors![0]!.extensions!.field).toBe('productId');
    expect(await db.prisma.substitutionOutcome.count({ where: { decisionId: s.decisionId } })).toBe(1);
  });

  it('is saved with the log position it reflects: another offers server restores it and keeps learning identically', async () => {
    const products = await db.prisma.stockLevel.findMany({ where: { locationId: store.id }, orderBy: { productId: 'asc' }, skip: 10, take: 4, select: { productId: true } });
    const answer = async (i: number, accepted: boolean) => {
      const s = await substitutes(customers[10 + i]!, products[i]!.productId, store.id);
      const r = await gql(url, SUB_OUTCOME, { i: { decisionId: s.decisionId, productId: s.substitutes[0]!.product.id, accepted } });
      expect(r.data!.recordSubstitutionOutcome.learnt).toBe(true);
    };
    await answer(0, true);
    await answer(1, false);
    await stack.offers.snapshotIfChanged();
    const saved = await db.prisma.modelSnapshot.findFirstOrThrow({ where: { modelName: 'substitution-policy' }, orderBy: { version: 'desc' } });
    expect(String(saved.version)).toBe(stack.offers.substitutions.learntThrough);
    // The log the snapshot covers is gone: only a server that restores the snapshot can match.
    await db.prisma.substitutionOutcome.deleteMany({ where: { seq: { lte: BigInt(saved.version) } } });
    await answer(2, true); // after the snapshot: read from the log
    const second = createOffers({ db, bus: createMemoryEventBus(), seed: 11, learning: { pollMs: 3_600_000, closeEveryMs: 3_600_000, snapshotEveryMs: 3_600_000 } });
    const running = await second.listen(0);
    try {
      expect(second.engine.substitutions.state()).toEqual(stack.offers.substitutions.state());
      await answer(3, true);
      await second.engine.substitutions.catchUp();
      expect(second.engine.substitutions.state()).toEqual(stack.offers.substitutions.state());
      expect(JSON.stringify(second.engine.substitutions.policy.snapshot())).toBe(JSON.stringify(stack.offers.substitutions.policy.snapshot()));
    } finally {
      await running.stop();
    }
  });

  it('answers bad arguments with clear errors', async () => {
    const { productId } = await db.prisma.stockLevel.findFirstOrThrow({ where: { locationId: store.id } });
    const cases: [Record<string, unknown>, string, string][] = [
      [{ p: 'no-such-product', l: store.id, limit: 3 }, 'NOT_FOUND', 'Product "no-such-product" does not exist'],
      [{ p: productId, l: 'nowhere', limit: 3 }, 'BAD_USER_INPUT', 'locationId "nowhere" is not a known location'],
      [{ p: productId, l: store.id, limit: 0 }, 'BAD_USER_INPUT', 'limit must be an integer from 1 to 10, got 0'],
    ];
    for (const [vars, code, message] of cases) {
      const r = await gql(url, SUBSTITUTES, { id: customers[5], ...vars });
      expect(errorCode(r)).toBe(code);
      expect(r.errors![0]!.message).toBe(message);
    }
  });
});
