// Two offers replicas as separate processes on one Postgres and Redis, each behind its own
// gateway: outcomes accepted by either (offer rewards and substitution outcomes) reach both
// models, which converge to the same state; a replica killed without warning loses nothing (it restores its snapshot and reads the reward log
// on from there); purchases recorded as interactions are credited once, late ones learnt by both.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD } from '@retail/db';
import { ATTRIBUTION_GROUP } from '@retail/subgraph-offers';
import { openScratchPostgres, type ScratchDatabase } from '@retail/test-support/database';
import { gql } from '@retail/test-support/graphql';
import { INTERACTION_RECORDED, openEventBus, Topics, type InteractionRecordedPayload } from '@retail/platform';
import { freePort, waitForGraphQL } from '@retail/test-support/processes';

const root = join(import.meta.dirname, '..', '..');

const waitFor = (url: string) => waitForGraphQL(url, 90_000);

let db: ScratchDatabase;
const children = new Map<string, ChildProcess>();
const prefix = `replicas-${Date.now()}:`;
let env: Record<string, string>;
const ports: Record<string, number> = {};
const gateway = (replica: 'a' | 'b') => `http://127.0.0.1:${ports[`gateway-${replica}`]}/graphql`;

function start(name: string, entry: string, extra: Record<string, string>) {
  // node itself, not the tsx wrapper: SIGKILL must reach the process that serves (a wrapper would leave it orphaned).
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, entry)], { cwd: root, env: { ...process.env, ...env, ...extra, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'inherit', 'inherit'] });
  children.set(name, child);
  return child;
}

const startOffers = (replica: 'a' | 'b') => start(`offers-${replica}`, 'subgraphs/offers/src/main.ts', { PORT: String(ports[`offers-${replica}`]), OFFERS_RANDOM_SEED: '11' });

async function kill(name: string, signal: NodeJS.Signals) {
  const child = children.get(name)!;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill(signal);
  await exited;
}

const STATS = '{ modelStats { updates appliedSeq fingerprint substitutions { updates appliedSeq fingerprint } } }';
type LearnerState = { updates: number; appliedSeq: string; fingerprint: string };
const stats = async (replica: 'a' | 'b') => (await gql(gateway(replica), STATS)).data!.modelStats as LearnerState & { substitutions: LearnerState };

async function logEnd(table: 'Reward' | 'SubstitutionOutcome' = 'Reward'): Promise<string> {
  const [row] = await db.sql.query<{ seq: string | null }>(`SELECT max(seq)::text AS seq FROM "${table}"`);
  return row?.seq ?? '0';
}

/** Waits until both replicas have applied the whole reward log and substitution log; returns their stats. */
async function converged(timeoutMs = 20_000) {
  const [end, substitutionsEnd] = [await logEnd(), await logEnd('SubstitutionOutcome')];
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [a, b] = [await stats('a'), await stats('b')];
    const done = [a, b].every((x) => x.appliedSeq === end && (substitutionsEnd === '0' || x.substitutions.appliedSeq === substitutionsEnd));
    if (done || Date.now() > deadline) return { a, b, end, substitutionsEnd };
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Whether the purchase attribution's consumer group has read stream entry `id` and acknowledged everything it read. */
async function attributionDone(id: string): Promise<boolean> {
  const redis = new Redis(process.env.REDIS_URL!);
  try {
    const groups = (await redis.xinfo('GROUPS', `${prefix}stream:${Topics.interactions}`)) as unknown[][];
    const group = groups.find((fields) => fields[fields.indexOf('name') + 1] === ATTRIBUTION_GROUP);
    if (!group) return false;
    const entryId = (s: string) => s.split('-').map(BigInt) as [bigint, bigint];
    const [[ms, n], [readMs, readN]] = [entryId(id), entryId(String(group[group.indexOf('last-delivered-id') + 1]))];
    return (readMs > ms || (readMs === ms && readN >= n)) && Number(group[group.indexOf('pending') + 1]) === 0;
  } finally {
    redis.disconnect();
  }
}

const OFFERS = `query($id: ID!) { customer(id: $id) { personalizedOffers(context: { channel: WEB, device: DESKTOP }, limit: 3) { decisionId offers { offerId } } } }`;
const OUTCOME = `mutation($i: RecordOfferOutcomeInput!) { recordOfferOutcome(input: $i) { finalReward } }`;

/** One decision and one final outcome per customer, alternating between the two replicas, all at once. */
async function playSessions(customers: string[], tag: string) {
  await Promise.all(customers.map(async (id, i) => {
    const via = i % 2 ? gateway('b') : gateway('a');
    const d = await gql(via, OFFERS, { id });
    expect(d.errors).toBeUndefined();
    const decision = d.data!.customer.personalizedOffers;
    const outcome = i % 3 === 0 ? 'DISMISS' : 'PURCHASE';
    const r = await gql(via, OUTCOME, { i: { decisionId: decision.decisionId, offerId: decision.offers[i % 3].offerId, outcome, idempotencyKey: `${tag}-${i}` } });
    expect(r.data!.recordOfferOutcome.finalReward).toBe(true);
  }));
}

beforeAll(async () => {
  db = await openScratchPostgres();
  await seedWorld(db, SMALL_WORLD);
  env = { DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, HOST: '127.0.0.1', EVENT_STREAM_PREFIX: prefix };
  for (const name of ['customer', 'product', 'inventory', 'offers-a', 'offers-b', 'gateway-a', 'gateway-b']) ports[name] = await freePort();
  for (const name of ['customer', 'product', 'inventory'] as const) start(name, `subgraphs/${name}/src/main.ts`, { PORT: String(ports[name]) });
  for (const name of ['customer', 'product', 'inventory'] as const) await waitFor(`http://127.0.0.1:${ports[name]}/graphql`);
  env.CUSTOMER_URL = `http://127.0.0.1:${ports.customer}/graphql`;
  env.PRODUCT_URL = `http://127.0.0.1:${ports.product}/graphql`;
  env.INVENTORY_URL = `http://127.0.0.1:${ports.inventory}/graphql`;
  startOffers('a');
  startOffers('b');
  for (const replica of ['a', 'b'] as const) {
    await waitFor(`http://127.0.0.1:${ports[`offers-${replica}`]}/graphql`);
    start(`gateway-${replica}`, 'gateway/src/main.ts', { PORT: String(ports[`gateway-${replica}`]), OFFERS_URL: `http://127.0.0.1:${ports[`offers-${replica}`]}/graphql` });
    await waitFor(gateway(replica));
  }
}, 240_000);

afterAll(async () => {
  await Promise.all([...children.keys()].map((name) => kill(name, 'SIGTERM')));
  await db?.close();
});

describe('offers replicas on Postgres and Redis', () => {
  it('learn every outcome accepted by either replica and converge to the same model', async () => {
    const customers = (await db.prisma.customer.findMany({ orderBy: { id: 'asc' }, take: 24, select: { id: true } })).map((c) => c.id);
    await playSessions(customers, 'round1');
    const { a, b, end } = await converged();
    expect(a.appliedSeq).toBe(end);
    expect(b.appliedSeq).toBe(end);
    expect(a.updates).toBeGreaterThanOrEqual(24);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('learn every substitution outcome accepted by either replica and converge to the same substitution learner', async () => {
    const SUBSTITUTES = `query($id: ID!, $p: ID!, $l: ID) { customer(id: $id) { substitutes(productId: $p, locationId: $l, limit: 3) { decisionId substitutes { product { id } } } } }`;
    const SUB_OUTCOME = `mutation($i: RecordSubstitutionOutcomeInput!) { recordSubstitutionOutcome(input: $i) { learnt } }`;
    const store = await db.prisma.location.findFirstOrThrow({ where: { type: 'STORE' }, orderBy: { id: 'asc' } });
    const products = await db.prisma.stockLevel.findMany({ where: { locationId: store.id }, orderBy: { productId: 'asc' }, take: 16, select: { productId: true } });
    const customers = (await db.prisma.customer.findMany({ orderBy: { id: 'asc' }, take: 16, select: { id: true } })).map((c) => c.id);
    const recorded = await Promise.all(customers.map(async (id, i) => {
      const via = i % 2 ? gateway('b') : gateway('a');
      const s = (await gql(via, SUBSTITUTES, { id, p: products[i]!.productId, l: store.id })).data!.customer.substitutes;
      if (s.substitutes.length === 0) return 0;
      const r = await gql(via, SUB_OUTCOME, { i: { decisionId: s.decisionId, productId: s.substitutes[i % s.substitutes.length].product.id, accepted: i % 3 !== 0 } });
      expect(r.data!.recordSubstitutionOutcome.learnt).toBe(true);
      return 1;
    }));
    const { a, b, substitutionsEnd } = await converged();
    expect(recorded.reduce((n: number, x) => n + x, 0)).toBeGreaterThanOrEqual(12);
    expect(a.substitutions.appliedSeq).toBe(substitutionsEnd);
    expect(b.substitutions.appliedSeq).toBe(substitutionsEnd);
    expect(a.substitutions.updates).toBe(await db.prisma.substitutionOutcome.count());
    expect(a.substitutions.fingerprint).toBe(b.substitutions.fingerprint);
  });

  it('a kill switch flipped through one replica reaches the other', async () => {
    const MODE = `mutation($m: PolicyMode!) { setOfferPolicyMode(mode: $m, reason: "replica test") { mode } }`;
    const mode = async (replica: 'a' | 'b') => (await gql(gateway(replica), '{ modelStats { mode } }')).data!.modelStats.mode;
    expect((await gql(gateway('a'), MODE, { m: 'EXPLOIT' })).data!.setOfferPolicyMode.mode).toBe('EXPLOIT');
    const deadline = Date.now() + 5000;
    while ((await mode('b')) !== 'EXPLOIT' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    expect(await mode('b')).toBe('EXPLOIT');
    await gql(gateway('b'), MODE, { m: 'LEARNING' });
    const back = Date.now() + 5000;
    while ((await mode('a')) !== 'LEARNING' && Date.now() < back) await new Promise((r) => setTimeout(r, 50));
    expect(await mode('a')).toBe('LEARNING');
  });

  it('credit each purchase recorded as an interaction once, whichever replica reads it, and both learn the late ones alike', async () => {
    const customers = (await db.prisma.customer.findMany({ orderBy: { id: 'asc' }, skip: 40, take: 8, select: { id: true } })).map((c) => c.id);
    const SHOWN = `query($id: ID!) { customer(id: $id) { personalizedOffers(context: { channel: WEB, device: DESKTOP }, limit: 3) { decisionId offers { offerId product { id } } } } }`;
    const shown = await Promise.all(customers.map(async (id, i) => {
      const r = await gql(gateway(i % 2 ? 'b' : 'a'), SHOWN, { id });
      expect(r.errors).toBeUndefined();
      return r.data!.customer.personalizedOffers as { decisionId: string; offers: { offerId: string; product: { id: string } }[] };
    }));
    // Half of them past their reward wait: the replicas' closers give them the default first.
    const waited = shown.filter((_, i) => i % 2 === 0).map((d) => d.decisionId);
    await db.prisma.decision.updateMany({ where: { id: { in: waited } }, data: { rewardDueAt: new Date(Date.now() - 1000) } });
    for (const deadline = Date.now() + 20_000; (await db.prisma.decision.count({ where: { id: { in: waited }, rewardsClosed: true } })) < waited.length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    expect(await db.prisma.decision.count({ where: { id: { in: waited }, rewardsClosed: true } })).toBe(waited.length);

    const INTERACTION = `mutation($i: RecordInteractionInput!) { recordInteraction(input: $i) { id occurredAt } }`;
    const bought = await Promise.all(shown.map(async (d, i) => {
      const r = await gql(gateway(i % 2 ? 'a' : 'b'), INTERACTION, { i: { customerId: customers[i], type: 'PURCHASE', channel: 'WEB', device: 'DESKTOP', productId: d.offers[0]!.product.id, idempotencyKey: `replica-buy-${i}` } });
      return { id: r.data!.recordInteraction.id as string, occurredAt: r.data!.recordInteraction.occurredAt as string };
    }));
    const credited = async () => db.prisma.outcome.count({ where: { interactionId: { in: bought.map((b) => b.id) } } });
    for (const deadline = Date.now() + 20_000; (await credited()) < bought.length && Date.now() < deadline; ) await new Promise((r) => setTimeout(r, 100));
    expect(await credited()).toBe(bought.length);

    // The stream delivers an entry again (at least once): nothing changes.
    const endBefore = await logEnd();
    const bus = await openEventBus(process.env.REDIS_URL!, undefined, prefix);
    let redelivered: string;
    try {
      const payload: InteractionRecordedPayload = {
        id: bought[0]!.id, idempotencyKey: 'replica-buy-0', customerId: customers[0]!, type: 'PURCHASE', channel: 'WEB', device: 'DESKTOP', sessionId: null,
        productId: shown[0]!.offers[0]!.product.id, query: null, locationId: null, latitude: null, longitude: null, value: null, rating: null, occurredAt: bought[0]!.occurredAt,
      };
      redelivered = (await bus.publish(Topics.interactions, INTERACTION_RECORDED, payload)).id;
    } finally {
      await bus.close();
    }
    await expect.poll(() => attributionDone(redelivered), { timeout: 10_000 }).toBe(true); // read, and found credited
    const { a, b, end } = await converged();
    expect(end).toBe(endBefore);
    expect(await credited()).toBe(bought.length);
    const late = await db.prisma.reward.findMany({ where: { decisionId: { in: shown.map((d) => d.decisionId) }, late: true } });
    expect(late.map((r) => r.decisionId).sort()).toEqual([...waited].sort());
    expect(a.appliedSeq).toBe(end);
    expect(b.appliedSeq).toBe(end);
    expect(a.fingerprint).toBe(b.fingerprint);
  });

  it('a replica killed without warning comes back with every accepted outcome learnt', async () => {
    const customers = (await db.prisma.customer.findMany({ orderBy: { id: 'asc' }, skip: 24, take: 10, select: { id: true } })).map((c) => c.id);
    await kill('offers-b', 'SIGKILL');
    // While B is down, A accepts outcomes; then A too dies right after accepting more, before any snapshot.
    for (const [i, id] of customers.entries()) {
      const d = (await gql(gateway('a'), OFFERS, { id })).data!.customer.personalizedOffers;
      await gql(gateway('a'), OUTCOME, { i: { decisionId: d.decisionId, offerId: d.offers[0].offerId, outcome: 'PURCHASE', idempotencyKey: `round2-${i}` } });
    }
    const before = await stats('a');
    await kill('offers-a', 'SIGKILL');
    // Really gone: nothing answers on its port until it is started again.
    await expect(fetch(`http://127.0.0.1:${ports['offers-a']}/health`)).rejects.toThrow();
    startOffers('a');
    startOffers('b');
    await waitFor(`http://127.0.0.1:${ports['offers-a']}/graphql`);
    await waitFor(`http://127.0.0.1:${ports['offers-b']}/graphql`);
    await waitFor(gateway('a'));
    const { a, b, end } = await converged();
    expect(end).toBe(before.appliedSeq);
    expect(a.appliedSeq).toBe(end);
    expect(b.appliedSeq).toBe(end);
    expect(a.fingerprint).toBe(before.fingerprint);
    expect(b.fingerprint).toBe(before.fingerprint);
    expect(a.substitutions.fingerprint).toBe(before.substitutions.fingerprint);
    expect(b.substitutions.fingerprint).toBe(before.substitutions.fingerprint);
  });
});
