// npx tsx launcher/bench/offerMix.ts [--decisions N] [--seed N] [--prior default|none|name=effect,…]:
// what the seeded small world's shoppers are offered. Seeds SMALL_WORLD (as `npm start` does) into
// a fresh embedded database, starts the stack and asks for personalizedOffers through the gateway
// for N random shoppers on WEB, APP and STORE (their home store), then reports, per channel: how
// many candidates carry a promotion, how many of those pass the hard constraints, how many served
// offers carry one, and what the simulator's ground truth (true P(purchase) × margin) says about the
// same eligible candidates: the share of promoted offers in the oracle's slate (the engine's slate
// rules on the true value: selectSlate, greedy), how often its best offer is promoted, and for how many products a
// promoted offer beats the product's plain one. Nothing is learnt between
// decisions (a fresh model, as on first start). --prior replaces the model's prior effects
// (ConversionModelConfig.priorEffects) to compare. Prints the figures; writes nothing.
import { generateWorld, purchaseProbability, SMALL_WORLD } from '@retail/simulator';
import { seedWorld } from '@retail/db';
import { DEFAULT_POLICY, seededRandom, selectSlate, type RankRequest, type RankResult } from '@retail/engine';
import { openTestDatabase } from '@retail/test-support/database';
import { gql } from '@retail/test-support/graphql';
import { startStack } from '../src/index.ts';
import { numberFlag, stringFlag } from '../../engine/bench/cliFlags.ts';

const decisions = numberFlag('decisions', 1000);
const seed = numberFlag('seed', 7);
const priorFlag = stringFlag('prior') ?? 'default';
const priorEffects =
  priorFlag === 'default' ? DEFAULT_POLICY.conversion.priorEffects
  : priorFlag === 'none' ? {}
  : Object.fromEntries(priorFlag.split(',').map((part) => { const [name, effect] = part.split('='); return [name!, Number(effect)]; }));
const now = new Date();
const world = generateWorld({ ...SMALL_WORLD, now });
const db = await openTestDatabase();
await seedWorld(db, { ...SMALL_WORLD, now });
const stack = await startStack({ db, offersSeed: seed, offersPolicy: { conversion: { ...DEFAULT_POLICY.conversion, priorEffects } } });
interface Captured { request: RankRequest; result: RankResult }
const capture: { last: Captured | null } = { last: null };
const engine = stack.offers.policy;
const rank = engine.rank.bind(engine);
engine.rank = (request) => {
  const result = rank(request);
  capture.last = { request, result };
  return result;
};

const random = seededRandom(seed);
const CHANNELS = [
  { channel: 'WEB', device: 'DESKTOP' },
  { channel: 'APP', device: 'MOBILE' },
  { channel: 'STORE', device: 'IN_STORE' },
] as const;
interface Tally { decisions: number; candidates: number; promotedCandidates: number; eligible: number; promotedEligible: number; served: number; promotedServed: number; oraclePromotedFirst: number; truePromotedPays: number; oracleServed: number; oraclePromoted: number; removed: Record<string, number> }
const tally = Object.fromEntries(CHANNELS.map((c) => [c.channel, { decisions: 0, candidates: 0, promotedCandidates: 0, eligible: 0, promotedEligible: 0, served: 0, promotedServed: 0, oraclePromotedFirst: 0, truePromotedPays: 0, oracleServed: 0, oraclePromoted: 0, removed: {} } as Tally]));
const query = `query ($id: ID!, $context: OfferContextInput!) { customer(id: $id) { personalizedOffers(context: $context, limit: 3) { offers { offerId promotion { id } } } } }`;

for (let d = 0; d < decisions; d++) {
  const customer = world.customers[Math.floor(random.next() * world.customers.length)]!;
  const { channel, device } = CHANNELS[d % CHANNELS.length]!;
  const context = { channel, device, ...(channel === 'STORE' ? { locationId: customer.homeStoreId } : {}) };
  capture.last = null;
  const r = await gql<{ customer: { personalizedOffers: { offers: { offerId: string; promotion: { id: string } | null }[] } | null } }>(stack.gateway.url, query, { id: customer.id, context });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  const c = capture.last as Captured | null;
  if (!c) throw new Error('no rank call captured');
  const t = tally[channel]!;
  t.decisions++;
  const removed = new Set(c.result.removed.map((x) => x.offerId));
  for (const x of c.result.removed) t.removed[x.reason] = (t.removed[x.reason] ?? 0) + 1;
  t.candidates += c.request.candidates.length;
  let best = { value: -Infinity, promoted: false };
  const truth: { value: number; product: string; category: string; promoted: boolean }[] = [];
  const bestPlain = new Map<string, number>();
  const bestPromo = new Map<string, number>();
  for (const k of c.request.candidates) {
    if (k.promotionId) t.promotedCandidates++;
    if (removed.has(k.offerId)) continue;
    t.eligible++;
    if (k.promotionId) t.promotedEligible++;
    const p = purchaseProbability(world, customer.id, { channel, device, hour: c.request.context.localHour, weekday: c.request.context.weekday, locationId: context.locationId ?? null }, { productId: k.productId, discount: k.constraint.price > 0 ? k.constraint.discount / k.constraint.price : 0 });
    const value = p * (k.constraint.price - k.constraint.discount - k.constraint.unitCost);
    if (value > best.value) best = { value, promoted: k.promotionId !== null };
    truth.push({ value, product: k.productId, category: k.offer.categoryId, promoted: k.promotionId !== null });
    const map = k.promotionId ? bestPromo : bestPlain;
    map.set(k.productId, Math.max(map.get(k.productId) ?? -Infinity, value));
  }
  for (const [product, v] of bestPromo) if (v > (bestPlain.get(product) ?? -Infinity)) t.truePromotedPays++;
  if (best.promoted) t.oraclePromotedFirst++;
  // the oracle's slate: the engine's own slate rules (one offer per product, at most maxPerCategory per category) on the true value
  const slate = selectSlate(Float64Array.from(truth, (o) => o.value), truth.map((o) => o.category), {
    size: c.request.limit,
    maxPerGroup: DEFAULT_POLICY.maxPerCategory,
    exploration: { kind: 'greedy' },
    random,
    exclusive: truth.map((o) => o.product),
  });
  t.oracleServed += slate.length;
  t.oraclePromoted += slate.filter((pick) => truth[pick.index]!.promoted).length;
  const offers = r.data!.customer.personalizedOffers?.offers ?? [];
  t.served += offers.length;
  t.promotedServed += offers.filter((o) => o.promotion).length;
}
const pct = (a: number, b: number) => (b > 0 ? `${((100 * a) / b).toFixed(1)} %` : '–');
console.log(`SMALL_WORLD at ${now.toISOString()}, ${decisions} decisions, fresh model (seed ${seed}), prior effects ${JSON.stringify(priorEffects)}`);
for (const [channel, t] of Object.entries(tally)) {
  console.log(
    `${channel}: candidates/decision ${(t.candidates / t.decisions).toFixed(1)}, promoted ${pct(t.promotedCandidates, t.candidates)}; eligible/decision ${(t.eligible / t.decisions).toFixed(1)}, promoted ${pct(t.promotedEligible, t.eligible)}; served ${t.served}, promoted ${pct(t.promotedServed, t.served)}; truth: oracle slate promoted ${pct(t.oraclePromoted, t.oracleServed)}, its first offer promoted in ${pct(t.oraclePromotedFirst, t.decisions)} of decisions, promoted offer beats the product's plain one ${(t.truePromotedPays / t.decisions).toFixed(2)} products/decision; removed/decision ${Object.entries(t.removed).map(([k, v]) => `${k} ${(v / t.decisions).toFixed(1)}`).join(', ')}`,
  );
}
await stack.stop();
await db.close();
