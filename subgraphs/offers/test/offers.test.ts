import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database, Prisma } from '@retail/db';
import { createMemoryEventBus, encodeCursor, type EventBus, type RunningServer } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { leastQueries } from '@retail/test-support/queryCount';
import { createServer } from '../src/index.ts';

const NOW = new Date('2026-11-23T12:00:00.000Z');
const HOUR = 3_600_000;
const at = (offsetHours: number) => new Date(NOW.getTime() + offsetHours * HOUR);

let db: Database;
let bus: EventBus;
let server: RunningServer;

const ENTITIES = 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { id web: eligiblePromotions(channel: WEB) { id } } } }';
const PRODUCT_ENTITIES = 'query($r: [_Any!]!, $c: Channel) { _entities(representations: $r) { ... on Product { id activePromotions(channel: $c) { id } } } }';

const customer = (id: string, loyaltyTier: string, segments: string[]) => ({ __typename: 'Customer', id, loyaltyTier, segments });
const product = (id: string, path: string[], brand: string) => ({ __typename: 'Product', id, category: { id: path.at(-1), path }, brand: { id: brand } });
const ids = (list: { id: string }[]) => list.map((p) => p.id).sort();

/** Approved, running a day either side of NOW, open to everyone, unless the fixture says otherwise. */
const promo = (id: string, over: Partial<Prisma.PromotionCreateManyInput>): Prisma.PromotionCreateManyInput => ({
  id,
  name: id,
  type: 'PERCENT_OFF',
  depth: 0.1,
  status: 'APPROVED',
  startsAt: at(-24),
  endsAt: at(24),
  eligibleTiers: [],
  eligibleSegments: [],
  channels: ['WEB', 'APP'],
  ...over,
});

beforeAll(async () => {
  db = await openTestDatabase();
  bus = createMemoryEventBus();
  await db.prisma.promotion.createMany({
    data: [
      promo('storewide', {}),
      promo('future', { startsAt: at(1) }),
      promo('expired', { endsAt: at(-1) }),
      promo('starts-now', { startsAt: NOW, channels: ['WEB'] }),
      promo('ends-now', { endsAt: NOW, channels: ['WEB'] }),
      promo('draft', { status: 'DRAFT' }),
      promo('paused', { status: 'PAUSED' }),
      promo('pending', { status: 'PENDING_APPROVAL' }),
      promo('gold', { eligibleTiers: ['GOLD', 'PLATINUM'], channels: ['WEB'] }),
      promo('students', { eligibleSegments: ['student', 'young'], channels: ['WEB'] }),
      promo('gold-students', { eligibleTiers: ['GOLD'], eligibleSegments: ['student'], channels: ['WEB'] }),
      promo('email-only', { channels: ['EMAIL'] }),
      promo('spent-amount', { budgetAmount: 100, spentAmount: 100 }),
      promo('spent-units', { budgetUnits: 10, spentUnits: 10 }),
      promo('budget-left', { budgetAmount: 100, spentAmount: 40, budgetUnits: 10, spentUnits: 9 }),
      promo('food', { categoryId: 'food', channels: ['APP'] }),
      promo('bakery', { categoryId: 'bakery', channels: ['APP'] }),
      promo('apple', { productId: 'p1', channels: ['STORE'], type: 'AMOUNT_OFF', depth: 0.5 }),
      promo('acme', { brandId: 'acme', channels: ['APP'] }),
      promo('zen', { brandId: 'zen', channels: ['APP'] }),
      promo('acme-ended', { brandId: 'acme', channels: ['APP'], endsAt: at(-2) }),
      promo('acme-spent', { brandId: 'acme', channels: ['APP'], budgetUnits: 1, spentUnits: 1 }),
    ],
  });
  server = await createServer({ db, bus, now: () => NOW }).listen(0);
});

afterAll(async () => {
  await server?.stop();
  await bus?.close();
  await db?.close();
});

describe('Promotion', () => {
  it('resolves its fields, references, budget and isActive at the injected now', async () => {
    const r = await gql(server.url, `{
      apple: promotion(id: "apple") { id name type depth product { id } category { id } brand { id } channels eligibleTiers eligibleSegments
        startsAt endsAt status isActive budget { amount units spentAmount spentUnits } rationale proposedBy proposedAt reviewedBy reviewedAt reviewNote }
      food: promotion(id: "food") { product { id } category { id } brand { id } }
      acme: promotion(id: "acme") { product { id } category { id } brand { id } }
      gold: promotion(id: "gold") { eligibleTiers }
      budget: promotion(id: "budget-left") { budget { amount units spentAmount spentUnits } }
      future: promotion(id: "future") { isActive } expired: promotion(id: "expired") { isActive } draft: promotion(id: "draft") { isActive }
      startsNow: promotion(id: "starts-now") { isActive } endsNow: promotion(id: "ends-now") { isActive } spent: promotion(id: "spent-amount") { isActive }
      missing: promotion(id: "nope") { id } }`);
    expect(r.errors).toBeUndefined();
    expect(r.data!.apple).toEqual({
      id: 'apple', name: 'apple', type: 'AMOUNT_OFF', depth: 0.5, product: { id: 'p1' }, category: null, brand: null, channels: ['STORE'], eligibleTiers: [], eligibleSegments: [],
      startsAt: at(-24).toISOString(), endsAt: at(24).toISOString(), status: 'APPROVED', isActive: true,
      budget: { amount: null, units: null, spentAmount: 0, spentUnits: 0 }, rationale: null, proposedBy: null, proposedAt: null, reviewedBy: null, reviewedAt: null, reviewNote: null,
    });
    expect(r.data!.food).toEqual({ product: null, category: { id: 'food' }, brand: null });
    expect(r.data!.acme).toEqual({ product: null, category: null, brand: { id: 'acme' } });
    expect(r.data!.gold.eligibleTiers).toEqual(['GOLD', 'PLATINUM']);
    expect(r.data!.budget.budget).toEqual({ amount: 100, units: 10, spentAmount: 40, spentUnits: 9 });
    // Window is startsAt ≤ now < endsAt; status must be APPROVED; budget does not change isActive.
    expect([r.data!.future, r.data!.expired, r.data!.draft, r.data!.startsNow, r.data!.endsNow, r.data!.spent].map((p) => p.isActive)).toEqual([false, false, false, true, false, true]);
    expect(r.data!.missing).toBeNull();
  });

  it('resolves Promotion references for the gateway in one query', async () => {
    const request = () => gql(server.url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Promotion { id isActive } } }', {
      r: ['gold', 'draft', 'nope', 'acme'].map((id) => ({ __typename: 'Promotion', id })),
    });
    const r = await request();
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities).toEqual([{ id: 'gold', isActive: true }, { id: 'draft', isActive: false }, null, { id: 'acme', isActive: true }]);
    expect(await leastQueries(db, request)).toBe(1);
  });

  it('pages newest first with cursors that rebuild the full list, filtered by status', async () => {
    const walk = async (status: string | null) => {
      const seen: string[] = [];
      let after: string | null = null;
      for (let i = 0; i < 50; i++) {
        const page: any = await gql(server.url, 'query($s: PromotionStatus, $a: String) { promotions(status: $s, first: 3, after: $a) { edges { cursor node { id status } } pageInfo { hasNextPage endCursor } } }', { s: status, a: after });
        expect(page.errors).toBeUndefined();
        seen.push(...page.data.promotions.edges.map((e: any) => e.node.id));
        if (status) expect(page.data.promotions.edges.every((e: any) => e.node.status === status)).toBe(true);
        if (!page.data.promotions.pageInfo.hasNextPage) break;
        after = page.data.promotions.pageInfo.endCursor;
      }
      return seen;
    };
    const all = await walk(null);
    const expected = await db.prisma.promotion.findMany({ orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], select: { id: true } });
    expect(all).toEqual(expected.map((p) => p.id));
    expect(all).toHaveLength(22);
    expect((await walk('APPROVED')).sort()).toEqual(expected.map((p) => p.id).filter((id) => !['draft', 'paused', 'pending'].includes(id)).sort());
    expect(await walk('PAUSED')).toEqual(['paused']);
    const empty = await gql(server.url, '{ promotions(status: REJECTED) { edges { cursor } pageInfo { hasNextPage endCursor } } }');
    expect(empty.data!.promotions).toEqual({ edges: [], pageInfo: { hasNextPage: false, endCursor: null } });
  });

  it('answers bad pagination with BAD_USER_INPUT', async () => {
    expect(errorCode(await gql(server.url, '{ promotions(first: 0) { edges { cursor } } }'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, '{ promotions(first: -5) { edges { cursor } } }'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, '{ promotions(first: 101) { edges { cursor } } }'))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, '{ promotions(after: "garbage!") { edges { cursor } } }'))).toBe('BAD_USER_INPUT');
    const wrongShape = encodeCursor(['not a date', 'x']);
    expect(errorCode(await gql(server.url, `{ promotions(after: "${wrongShape}") { edges { cursor } } }`))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, `{ promotions(after: "${encodeCursor({ id: 'x' })}") { edges { cursor } } }`))).toBe('BAD_USER_INPUT');
    expect(errorCode(await gql(server.url, '{ promotions(status: BOGUS) { edges { cursor } } }'))).toBe('GRAPHQL_VALIDATION_FAILED');
  });
});

describe('Customer.eligiblePromotions', () => {
  it('applies window, status, budget, channel, tier and segment rules to the representation the gateway sends', async () => {
    const r = await gql(server.url, ENTITIES, {
      r: [
        customer('c-none', 'NONE', []),
        customer('c-gold-student', 'GOLD', ['student']),
        customer('c-silver-young', 'SILVER', ['young', 'parent']),
        customer('c-platinum', 'PLATINUM', ['parent']),
        customer('c-gold-other', 'GOLD', ['retiree']),
      ],
    });
    expect(r.errors).toBeUndefined();
    const byId = Object.fromEntries(r.data!._entities.map((c: any) => [c.id, ids(c.web)]));
    const open = ['budget-left', 'starts-now', 'storewide'];
    expect(byId['c-none']).toEqual(open);
    expect(byId['c-gold-student']).toEqual([...open, 'gold', 'gold-students', 'students'].sort());
    expect(byId['c-silver-young']).toEqual([...open, 'students'].sort());
    expect(byId['c-platinum']).toEqual([...open, 'gold'].sort());
    expect(byId['c-gold-other']).toEqual([...open, 'gold'].sort()); // gold-students needs the segment too
  });

  it('keeps to the asked channel', async () => {
    const r = await gql(server.url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { email: eligiblePromotions(channel: EMAIL) { id } store: eligiblePromotions(channel: STORE) { id } app: eligiblePromotions(channel: APP) { id } } } }', {
      r: [customer('c1', 'GOLD', ['student'])],
    });
    expect(r.errors).toBeUndefined();
    const [c] = r.data!._entities;
    expect(ids(c.email)).toEqual(['email-only']);
    expect(ids(c.store)).toEqual(['apple']); // product-targeted promotions are still customer-eligible
    expect(ids(c.app)).toEqual(['acme', 'bakery', 'budget-left', 'food', 'storewide', 'zen']);
  });

  it('treats a representation without tier or segments as matching only promotions open to all', async () => {
    const r = await gql(server.url, ENTITIES, { r: [{ __typename: 'Customer', id: 'bare' }] });
    expect(r.errors).toBeUndefined();
    expect(ids(r.data!._entities[0].web)).toEqual(['budget-left', 'starts-now', 'storewide']);
  });

  it('makes one promotions query for many customers and channels', async () => {
    const request = () => gql(server.url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Customer { web: eligiblePromotions(channel: WEB) { id isActive } email: eligiblePromotions(channel: EMAIL) { id } } } }', {
      r: Array.from({ length: 25 }, (_, i) => customer(`c${i}`, ['NONE', 'BRONZE', 'SILVER', 'GOLD', 'PLATINUM'][i % 5]!, i % 2 ? ['student'] : [])),
    });
    const r = await request();
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities).toHaveLength(25);
    expect(await leastQueries(db, request)).toBe(1);
  });

  it('follows the injected clock', async () => {
    const later = await createServer({ db, bus, now: () => at(23.5) }).listen(0);
    try {
      const r = await gql(later.url, ENTITIES, { r: [customer('c-none', 'NONE', [])] });
      // future (starts NOW+1h) has begun; starts-now and the rest still run; ends-now stays over.
      expect(ids(r.data!._entities[0].web)).toEqual(['budget-left', 'future', 'starts-now', 'storewide']);
    } finally {
      await later.stop();
    }
  });
});

describe('Product.activePromotions', () => {
  const apple = product('p1', ['food', 'fruit'], 'acme');
  const bread = product('p2', ['food', 'bakery'], 'zen');
  const toy = product('p3', ['toys'], 'other');

  it('matches product, category ancestors, brand and store-wide promotions on the asked channel', async () => {
    const r = await gql(server.url, PRODUCT_ENTITIES, { r: [apple, bread, toy], c: 'APP' });
    expect(r.errors).toBeUndefined();
    const [p1, p2, p3] = r.data!._entities;
    expect(ids(p1.activePromotions)).toEqual(['acme', 'budget-left', 'food', 'storewide']); // 'food' is an ancestor of 'fruit'
    expect(ids(p2.activePromotions)).toEqual(['bakery', 'budget-left', 'food', 'storewide', 'zen']);
    expect(ids(p3.activePromotions)).toEqual(['budget-left', 'storewide']);
  });

  it('keeps product-targeted promotions to their channel, and takes every channel when none is given', async () => {
    const store = await gql(server.url, PRODUCT_ENTITIES, { r: [apple, bread], c: 'STORE' });
    expect(store.data!._entities.map((p: any) => ids(p.activePromotions))).toEqual([['apple'], []]);
    const any = await gql(server.url, PRODUCT_ENTITIES, { r: [apple], c: null });
    expect(ids(any.data!._entities[0].activePromotions)).toEqual(
      ['acme', 'apple', 'budget-left', 'email-only', 'food', 'gold', 'gold-students', 'starts-now', 'storewide', 'students'].sort(),
    );
  });

  it('makes one promotions query for every product of a request, whatever the channels', async () => {
    const request = () => gql(server.url, 'query($r: [_Any!]!) { _entities(representations: $r) { ... on Product { id app: activePromotions(channel: APP) { id } all: activePromotions { id name } } } }', {
      r: Array.from({ length: 30 }, (_, i) => product(`x${i}`, i % 2 ? ['food', 'fruit'] : ['toys'], i % 3 ? 'acme' : 'zen')),
    });
    const r = await request();
    expect(r.errors).toBeUndefined();
    expect(r.data!._entities).toHaveLength(30);
    expect(await leastQueries(db, request)).toBe(1);
  });
});
