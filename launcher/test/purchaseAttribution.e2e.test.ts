// Purchases recorded as interactions reach the offers they came from, end to end through the
// running gateway on the seeded small world: recordInteraction(PURCHASE) in the customer subgraph →
// interaction.recorded (outbox, bus) → the offers subgraph credits the last decision that showed
// the product (last touch, within the channel's attribution window), once per interaction, never on
// top of a purchase reported with recordOfferOutcome, and learns it — as the final reward while the
// reward wait is open, as a late purchase after it (the fake-negative method).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD, type Database } from '@retail/db';
import { INTERACTION_RECORDED, Topics, type InteractionRecordedPayload } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { startStack, type RunningStack } from '../src/index.ts';

let db: Database;
let stack: RunningStack;
let url: string;
let customers: string[];
let next = 0;
let drains = 20; // shoppers from customers[20] on buy only to show that earlier events were handled

const OFFERS = `query($id: ID!) { customer(id: $id) { personalizedOffers(context: { channel: WEB, device: DESKTOP }, limit: 3) {
  decisionId offers { offerId product { id } promotion { id } priceAfterDiscount margin } } } }`;
const INTERACTION = `mutation($i: RecordInteractionInput!) { recordInteraction(input: $i) { id } }`;
const OUTCOME = `mutation($i: RecordOfferOutcomeInput!) { recordOfferOutcome(input: $i) { id reward duplicate finalReward } }`;
const STATS = `{ modelStats(channel: WEB) { updates rewards outcomes averageReward byChannel { shown purchases averageReward } } }`;

type Offer = { offerId: string; product: { id: string }; promotion: { id: string } | null; priceAfterDiscount: number; margin: number };

async function decision(customerId: string): Promise<{ decisionId: string; offers: Offer[] }> {
  const r = await gql(url, OFFERS, { id: customerId });
  expect(r.errors).toBeUndefined();
  return r.data!.customer.personalizedOffers;
}

async function purchase(customerId: string, productId: string, extra: Record<string, unknown> = {}): Promise<string> {
  const r = await gql(url, INTERACTION, { i: { customerId, type: 'PURCHASE', channel: 'WEB', device: 'DESKTOP', productId, idempotencyKey: `buy-${customerId}-${productId}-${next++}`, ...extra } });
  expect(r.errors).toBeUndefined();
  return r.data!.recordInteraction.id;
}

/** The outcome credited from an interaction, once the offers subgraph has handled its event. */
async function creditedFrom(interactionId: string) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const o = await db.prisma.outcome.findUnique({ where: { interactionId } });
    if (o || Date.now() > deadline) return o;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Waits until every interaction event so far has been handled: a purchase recorded after them is credited. Returns its outcome. */
async function drained() {
  const shopper = customers[drains++]!;
  const d = await decision(shopper);
  const credited = await creditedFrom(await purchase(shopper, d.offers[2]!.product.id));
  expect(credited).not.toBeNull();
  return credited!;
}

const ZERO = { shown: 0, purchases: 0, averageReward: 0 };

const stats = async () => (await gql(url, STATS)).data!.modelStats as { updates: number; rewards: number; outcomes: number; averageReward: number; byChannel: { shown: number; purchases: number; averageReward: number }[] };
const promotion = (id: string) => db.prisma.promotion.findUniqueOrThrow({ where: { id } });

beforeAll(async () => {
  db = await openTestDatabase();
  await seedWorld(db, SMALL_WORLD);
  const now = Date.now();
  await db.prisma.promotion.create({
    data: { id: 'promo_attr_web', name: 'Attribution week', type: 'PERCENT_OFF', depth: 0.3, channels: ['WEB'], budgetUnits: 1000, startsAt: new Date(now - 3_600_000), endsAt: new Date(now + 86_400_000), status: 'APPROVED' },
  });
  // The best-sellers rule: the same slate for a shopper each time, each product with its deepest promotion.
  stack = await startStack({ db, offersSeed: 5, offersPolicy: { mode: 'best-sellers' }, offersLearning: { closeEveryMs: 3_600_000, snapshotEveryMs: 3_600_000, pollMs: 3_600_000 } });
  url = stack.gateway.url;
  customers = (await db.prisma.customer.findMany({ orderBy: { id: 'asc' }, skip: 100, take: 60, select: { id: true } })).map((c) => c.id);
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await db?.close();
});

describe('purchases recorded as interactions', () => {
  it('are credited to the last decision that showed the product, with the margin paid, learnt at once and spent from the budget', async () => {
    const shopper = customers[0]!;
    const earlier = await decision(shopper);
    const last = await decision(shopper);
    const offer = last.offers.find((o) => o.promotion?.id === 'promo_attr_web')!;
    expect(offer, 'a promoted offer under the best-sellers rule').toBeDefined();
    expect(earlier.offers.map((o) => o.offerId)).toContain(offer.offerId); // shown twice: the last touch gets it
    const before = await stats();
    const promoBefore = await promotion('promo_attr_web');
    const paid = offer.priceAfterDiscount - 0.5;
    const interactionId = await purchase(shopper, offer.product.id, { value: paid });

    const credited = await creditedFrom(interactionId);
    expect(credited).toMatchObject({ decisionId: last.decisionId, offerId: offer.offerId, type: 'PURCHASE', idempotencyKey: `interaction:${interactionId}` });
    expect(credited!.reward).toBeCloseTo(offer.margin - 0.5, 6); // what was paid, less the unit cost
    expect(await db.prisma.outcome.count({ where: { decisionId: earlier.decisionId } })).toBe(0);
    const item = await db.prisma.decisionItem.findFirstOrThrow({ where: { decisionId: last.decisionId, offerId: offer.offerId } });
    const reward = await db.prisma.reward.findMany({ where: { decisionId: last.decisionId, position: item.position } });
    expect(reward).toMatchObject([{ source: 'PURCHASE', late: false }]);
    expect(reward[0]!.reward).toBeCloseTo((offer.margin - 0.5) / stack.offers.policy.config.reward.scale, 9);
    await stack.offers.catchUp();
    const after = await stats();
    expect(after.updates).toBe(before.updates + 1);
    expect(after.byChannel[0]!.purchases).toBe((before.byChannel[0] ?? ZERO).purchases + 1);
    const promoAfter = await promotion('promo_attr_web');
    expect(promoAfter.spentUnits).toBe(promoBefore.spentUnits + 1);
    expect(promoAfter.spentAmount.toNumber()).toBeCloseTo(promoBefore.spentAmount.toNumber() + item.discount, 2);
    expect(promoAfter.reservedUnits).toBe(promoBefore.reservedUnits - 1); // its reservation ended with the final reward
  });

  it('count once: a redelivered event, or the same interaction recorded again, changes nothing', async () => {
    const shopper = customers[1]!;
    const d = await decision(shopper);
    const offer = d.offers[0]!;
    const key = `buy-once-${shopper}`;
    const r = await gql(url, INTERACTION, { i: { customerId: shopper, type: 'PURCHASE', channel: 'WEB', device: 'DESKTOP', productId: offer.product.id, idempotencyKey: key } });
    const interactionId = r.data!.recordInteraction.id as string;
    expect(await creditedFrom(interactionId)).not.toBeNull();
    await stack.offers.catchUp();
    const before = { stats: await stats(), rewards: await db.prisma.reward.count(), outcomes: await db.prisma.outcome.count(), promo: offer.promotion ? await promotion(offer.promotion.id) : null };

    // The customer subgraph answers a retry with the first record (no second event) …
    const again = await gql(url, INTERACTION, { i: { customerId: shopper, type: 'PURCHASE', channel: 'WEB', device: 'DESKTOP', productId: offer.product.id, idempotencyKey: key } });
    expect(again.data!.recordInteraction.id).toBe(interactionId);
    // … and the bus may deliver the event twice (at least once): publish it again as the relay would.
    const stored = await db.prisma.interaction.findUniqueOrThrow({ where: { id: BigInt(interactionId) } });
    const payload: InteractionRecordedPayload = {
      id: interactionId, idempotencyKey: key, customerId: shopper, type: 'PURCHASE', channel: 'WEB', device: 'DESKTOP', sessionId: null, productId: offer.product.id,
      query: null, locationId: null, latitude: null, longitude: null, value: null, rating: null, occurredAt: stored.occurredAt.toISOString(),
    };
    await stack.bus.publish(Topics.interactions, INTERACTION_RECORDED, payload);
    await stack.bus.publish(Topics.interactions, INTERACTION_RECORDED, payload);
    const drain = await drained(); // one more credited purchase behind them: the duplicates were handled
    await stack.offers.catchUp();

    expect(await db.prisma.outcome.count({ where: { interactionId } })).toBe(1);
    expect(await db.prisma.outcome.count()).toBe(before.outcomes + 1); // the drain's purchase only
    expect(await db.prisma.reward.count()).toBe(before.rewards + 1);
    expect((await stats()).updates).toBe(before.stats.updates + 1);
    if (offer.promotion) expect((await promotion(offer.promotion.id)).spentUnits).toBe(before.promo!.spentUnits + (drain.offerId.endsWith(`|${offer.promotion.id}`) ? 1 : 0));
  });

  it('are learnt after the reward wait ended: the default stays, a late positive is appended, and modelStats counts the offer once, as bought', async () => {
    const shopper = customers[2]!;
    const d = await decision(shopper);
    const offer = d.offers.find((o) => o.promotion?.id === 'promo_attr_web')!;
    await db.prisma.decision.update({ where: { id: d.decisionId }, data: { rewardDueAt: new Date(Date.now() - 1000) } });
    await stack.offers.closeDue();
    const item = await db.prisma.decisionItem.findFirstOrThrow({ where: { decisionId: d.decisionId, offerId: offer.offerId } });
    const waited = await db.prisma.reward.findFirstOrThrow({ where: { decisionId: d.decisionId, position: item.position } });
    expect(waited).toMatchObject({ source: 'WAIT_ENDED', late: false, reward: stack.offers.policy.config.reward.defaultValue / stack.offers.policy.config.reward.scale });
    const before = await stats();
    const promoBefore = await promotion('promo_attr_web');

    const interactionId = await purchase(shopper, offer.product.id);
    expect(await creditedFrom(interactionId)).toMatchObject({ decisionId: d.decisionId, offerId: offer.offerId });
    await stack.offers.catchUp();
    const rows = await db.prisma.reward.findMany({ where: { decisionId: d.decisionId, position: item.position }, orderBy: { seq: 'asc' } });
    expect(rows.map((r) => [r.source, r.late])).toEqual([['WAIT_ENDED', false], ['PURCHASE', true]]);
    expect(rows[1]!.reward).toBeCloseTo(offer.margin / stack.offers.policy.config.reward.scale, 9);
    expect(rows[1]!.seq).toBeGreaterThan(rows[0]!.seq);
    const after = await stats();
    expect(after.updates).toBe(before.updates + 1); // the model learns the positive for the same features
    expect(after.rewards).toBe(before.rewards); // still one final reward per shown offer
    expect(after.byChannel[0]!.shown).toBe(before.byChannel[0]!.shown);
    expect(after.byChannel[0]!.purchases).toBe(before.byChannel[0]!.purchases + 1);
    // the average over shown offers takes the purchase's reward in place of the default
    const shown = after.byChannel[0]!.shown;
    expect(after.byChannel[0]!.averageReward * shown - before.byChannel[0]!.averageReward * shown).toBeCloseTo(offer.margin - stack.offers.policy.config.reward.defaultValue, 4);
    const promoAfter = await promotion('promo_attr_web');
    expect(promoAfter.spentUnits).toBe(promoBefore.spentUnits + 1); // a late purchase spends its discount too
    expect(promoAfter.reservedUnits).toBe(promoBefore.reservedUnits); // its reservation had ended with the wait

    // Bought again: the last touch is the same offer, which has its purchase: not credited, not learnt twice.
    const again = await purchase(shopper, offer.product.id);
    await drained();
    expect(await db.prisma.outcome.findUnique({ where: { interactionId: again } })).toBeNull();
    expect(await db.prisma.reward.count({ where: { decisionId: d.decisionId, position: item.position } })).toBe(2);
  });

  it('a recordOfferOutcome PURCHASE after the wait is learnt the same way, once', async () => {
    const shopper = customers[3]!;
    const d = await decision(shopper);
    const offer = d.offers[1]!;
    await db.prisma.decision.update({ where: { id: d.decisionId }, data: { rewardDueAt: new Date(Date.now() - 1000) } });
    await stack.offers.closeDue();
    const before = await stats();
    const r = await gql(url, OUTCOME, { i: { decisionId: d.decisionId, offerId: offer.offerId, outcome: 'PURCHASE', idempotencyKey: `late-${d.decisionId}` } });
    expect(r.data!.recordOfferOutcome).toMatchObject({ duplicate: false, finalReward: true });
    expect((await stats()).updates).toBe(before.updates + 1);
    const second = await gql(url, OUTCOME, { i: { decisionId: d.decisionId, offerId: offer.offerId, outcome: 'PURCHASE', idempotencyKey: `late2-${d.decisionId}` } });
    expect(second.data!.recordOfferOutcome.finalReward).toBe(false);
    const item = await db.prisma.decisionItem.findFirstOrThrow({ where: { decisionId: d.decisionId, offerId: offer.offerId } });
    expect((await db.prisma.reward.findMany({ where: { decisionId: d.decisionId, position: item.position } })).map((x) => x.late).sort()).toEqual([false, true]);
  });

  it('are not counted on top of a PURCHASE reported with recordOfferOutcome, in either order', async () => {
    // Reported first, then recorded: the interaction is not credited.
    const a = customers[4]!;
    const da = await decision(a);
    const oa = da.offers.find((o) => o.promotion?.id === 'promo_attr_web')!;
    const promoBefore = await promotion('promo_attr_web');
    const reported = await gql(url, OUTCOME, { i: { decisionId: da.decisionId, offerId: oa.offerId, outcome: 'PURCHASE', idempotencyKey: `rep-${da.decisionId}` } });
    expect(reported.data!.recordOfferOutcome.finalReward).toBe(true);
    const ia = await purchase(a, oa.product.id);
    const drain = await drained();
    expect(await db.prisma.outcome.findUnique({ where: { interactionId: ia } })).toBeNull();
    expect(await db.prisma.outcome.count({ where: { decisionId: da.decisionId, type: 'PURCHASE' } })).toBe(1);

    // Recorded first, then reported: the report takes the credited outcome's place.
    const b = customers[5]!;
    const db2 = await decision(b);
    const ob = db2.offers.find((o) => o.promotion?.id === 'promo_attr_web')!;
    const ib = await purchase(b, ob.product.id);
    expect(await creditedFrom(ib)).not.toBeNull();
    const late = await gql(url, OUTCOME, { i: { decisionId: db2.decisionId, offerId: ob.offerId, outcome: 'PURCHASE', idempotencyKey: `rep-${db2.decisionId}` } });
    expect(late.data!.recordOfferOutcome.finalReward).toBe(false); // the credited purchase had made it final
    expect(await db.prisma.outcome.count({ where: { decisionId: db2.decisionId, type: 'PURCHASE' } })).toBe(1);
    expect(await db.prisma.outcome.findUnique({ where: { interactionId: ib } })).toBeNull();

    // One unit for each shopper's one purchase (and the drain's, if it bought this promotion).
    const promoAfter = await promotion('promo_attr_web');
    expect(promoAfter.spentUnits - promoBefore.spentUnits).toBe(2 + (drain.offerId.endsWith('|promo_attr_web') ? 1 : 0));
  });

  it('are not credited outside the attribution window, nor before the decision', async () => {
    const shopper = customers[6]!;
    const d = await decision(shopper);
    const product = d.offers[0]!.product.id;
    const before = await db.prisma.outcome.count();
    // bought before the decision was made
    const early = await purchase(shopper, product, { occurredAt: new Date(Date.now() - 3_600_000).toISOString() });
    // bought after its window closed
    await db.prisma.decision.update({ where: { id: d.decisionId }, data: { attributionEndsAt: new Date(Date.now() - 1000) } });
    const tooLate = await purchase(shopper, product);
    await drained();
    expect(await db.prisma.outcome.findUnique({ where: { interactionId: early } })).toBeNull();
    expect(await db.prisma.outcome.findUnique({ where: { interactionId: tooLate } })).toBeNull();
    expect(await db.prisma.outcome.count()).toBe(before + 1); // the drain's
    // the window a decision gets is its channel's
    const fresh = await decision(customers[7]!);
    const logged = await db.prisma.decision.findUniqueOrThrow({ where: { id: fresh.decisionId } });
    expect(logged.attributionEndsAt.getTime() - logged.createdAt.getTime()).toBe(stack.offers.policy.channelDelays('WEB').attributionWindowMs);
  });

  it('keep their idempotency keys to themselves: a reported outcome may not use one', async () => {
    const d = await decision(customers[8]!);
    const r = await gql(url, OUTCOME, { i: { decisionId: d.decisionId, offerId: d.offers[0]!.offerId, outcome: 'CLICK', idempotencyKey: 'interaction:42' } });
    expect(errorCode(r)).toBe('BAD_USER_INPUT');
    expect(r.errors![0]!.extensions!.field).toBe('idempotencyKey');
  });
});
