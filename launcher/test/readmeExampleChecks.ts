// What each README example claims, checked against a running product. The examples themselves
// come from README.md (test/support/readme.ts); each is matched to the check(s) for the fields it
// selects, and an example no check recognises fails, so a new example must say what it shows.
// Mutations run twice: the second answer must be the replay the README promises. Values a user
// would copy from one answer into the next example (<decisionId>, <offerId>) are taken from the
// answers as they come.
import { expect } from 'vitest';
import { fillPlaceholders, type ReadmeExample } from '@retail/test-support/readme';
import { gql, type GraphQLResponse } from '@retail/test-support/graphql';

type Json = any;

/** What a run of the examples carries from one example to the next, and from one start to the next. */
export interface ExampleRunState {
  /** Placeholder values harvested from answers so far. */
  values: Record<string, string>;
  /** The first answer of each mutation example by its number, from the first start. */
  firstAnswers: Map<number, Json>;
}

export const newRunState = (): ExampleRunState => ({ values: {}, firstAnswers: new Map() });

interface ExampleCheck {
  name: string;
  /** Chosen for an example that selects all these fields. */
  fields: string[];
  check(data: Json, context: { state: ExampleRunState; example: ReadmeExample; replayOfEarlierStart: boolean }): void;
  /** For mutations: how the replay (same example sent again) must relate to the first answer. */
  replay?(first: Json, again: Json): void;
}

const isProbability = (p: unknown) => typeof p === 'number' && p >= 0 && p <= 1;
const nodes = (connection: { edges: { node: Json }[] }) => connection.edges.map((e) => e.node);

const CHECKS: ExampleCheck[] = [
  {
    name: 'shoppers with their orders, products and stock',
    fields: ['customers', 'orders', 'lines', 'availability'],
    check(data) {
      const customers = nodes(data.customers);
      expect(customers.length).toBeGreaterThan(0);
      const withOrders = customers.filter((c: Json) => c.orders.edges.length > 0);
      expect(withOrders.length, 'the example should show shoppers who have bought something').toBe(customers.length);
      for (const order of withOrders.flatMap((c: Json) => nodes(c.orders))) {
        expect(order.total).toBeGreaterThan(0);
        expect(order.lines.length).toBeGreaterThan(0);
        for (const line of order.lines) {
          expect(line.quantity).toBeGreaterThan(0);
          expect(line.product.name).toEqual(expect.any(String));
          expect(Number.isInteger(line.product.availability.available) && line.product.availability.available >= 0).toBe(true);
        }
      }
      const promotions = customers.flatMap((c: Json) => c.eligiblePromotions ?? []);
      expect(promotions.length, 'the shown shoppers should be eligible for some live promotion').toBeGreaterThan(0);
      for (const p of promotions) expect(new Date(p.endsAt).getTime()).toBeGreaterThan(Date.now());
    },
  },
  {
    name: 'catalog search with prices, stock and promotions',
    fields: ['products', 'competitorPriceGap', 'availability'],
    check(data, { example }) {
      const term = /search:\s*"([^"]+)"/.exec(example.query)![1]!.toLowerCase();
      const products = nodes(data.products);
      expect(products.length).toBeGreaterThan(0);
      for (const p of products) {
        expect(`${p.name} ${p.sku} ${p.brand?.name ?? ''}`.toLowerCase(), `a search for "${term}" matches name, SKU or brand`).toContain(term);
        expect(p.price).toBeGreaterThan(0);
        expect(p.category.path.length).toBeGreaterThan(0);
        const sum = p.availability.byLocation.reduce((s: number, l: Json) => s + l.available, 0);
        expect(p.availability.available).toBe(sum);
      }
    },
  },
  {
    name: 'an interaction and a stock change, each idempotent by its key',
    fields: ['recordInteraction', 'adjustStock'],
    check(data) {
      expect(data.recordInteraction.id).toEqual(expect.any(String));
      const a = data.adjustStock;
      expect(a.onHandAfter - a.onHandBefore).toBe(24);
      expect(a.stock.available).toBeGreaterThanOrEqual(0);
    },
    replay(first, again) {
      expect(again.recordInteraction.id).toBe(first.recordInteraction.id);
      expect({ before: again.adjustStock.onHandBefore, after: again.adjustStock.onHandAfter }).toEqual({ before: first.adjustStock.onHandBefore, after: first.adjustStock.onHandAfter });
    },
  },
  {
    name: 'personalized offers, in stock, with propensities, and promotions where they pay',
    fields: ['personalizedOffers', 'propensity'],
    check(data, { state, replayOfEarlierStart }) {
      const decision = data.customer.personalizedOffers;
      expect(decision.decisionId).toMatch(/^[0-9a-f-]{36}$/);
      expect(decision.offers.length).toBeGreaterThan(0);
      state.values.decisionId = decision.decisionId;
      state.values.offerId = decision.offers[0].offerId;
      for (const offer of decision.offers) {
        expect(offer.propensity).toBeGreaterThan(0);
        expect(offer.propensity).toBeLessThanOrEqual(1);
        if (offer.product.availability) expect(offer.product.availability.available, `${offer.offerId} is offered, so it is in stock`).toBeGreaterThan(0);
        if (offer.purchaseProbability !== null) expect(isProbability(offer.purchaseProbability)).toBe(true);
        expect(Math.round(offer.priceAfterDiscount * 100) / 100, 'a price in cents').toBe(offer.priceAfterDiscount);
        if (offer.promotion) expect(offer.priceAfterDiscount).toBeLessThan(offer.product.price ?? Infinity);
        else if (offer.product.price !== undefined) expect(offer.priceAfterDiscount).toBe(offer.product.price);
        expect(offer.rationale.summary.length).toBeGreaterThan(10);
      }
      // On the seeded world a fresh model serves this shopper a promotion; after a restart it has
      // learnt from the README's own purchase, and what it serves is its choice.
      if (!replayOfEarlierStart) expect(decision.offers.some((o: Json) => o.promotion), 'the example should show an approved promotion the engine chose').toBe(true);
    },
  },
  {
    name: 'an outcome of that decision, counted once per key',
    fields: ['recordOfferOutcome'],
    check(data) {
      const o = data.recordOfferOutcome;
      expect(o.duplicate).toBe(false);
      expect(o.finalReward).toBe(true);
      expect(o.reward).toEqual(expect.any(Number));
    },
    replay(first, again) {
      expect(again.recordOfferOutcome.duplicate).toBe(true);
      expect(again.recordOfferOutcome.reward).toBe(first.recordOfferOutcome.reward);
    },
  },
  {
    name: 'what the model has learnt',
    fields: ['modelStats', 'fingerprint'],
    check(data) {
      const s = data.modelStats;
      expect(s.fingerprint).toEqual(expect.any(String));
      expect(s.updates, 'the purchase reported above was learnt').toBeGreaterThan(0);
      expect(s.byChannel.length).toBeGreaterThan(0);
      for (const c of s.byChannel) expect(c.purchases).toBeLessThanOrEqual(c.shown);
    },
  },
  {
    name: 'a demand forecast, stock risk and substitutes',
    fields: ['forecast', 'substitutes'],
    check(data) {
      const f = data.product.forecast;
      expect(f.method, 'the example product should have enough sales history for a real forecast').not.toBe('NONE');
      expect(f.points.length).toBe(7);
      for (const p of f.points) {
        expect(p.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(p.lower).toBeLessThanOrEqual(p.mean);
        expect(p.mean).toBeLessThanOrEqual(p.upper);
      }
      expect(f.points.some((p: Json) => p.mean > 0)).toBe(true);
      expect(isProbability(data.product.stockoutRisk)).toBe(true);
      const choice = data.customer.substitutes;
      expect(choice.substitutes.length).toBeGreaterThan(0);
      for (const s of choice.substitutes) {
        expect(s.available).toBeGreaterThan(0);
        expect(isProbability(s.acceptProbability)).toBe(true);
        expect(s.reasons.length).toBeGreaterThan(0);
        expect(s.product.name).not.toBe(data.product.name);
      }
    },
  },
  {
    name: 'a stock feed batch, applied once per event',
    fields: ['recordStockEvents'],
    check(data, { replayOfEarlierStart }) {
      const r = data.recordStockEvents;
      expect(r.results.length).toBe(r.applied + r.duplicates + r.rejected);
      if (replayOfEarlierStart) expect(r.duplicates).toBe(r.results.length);
      else expect(r.applied + r.rejected).toBe(r.results.length);
    },
    replay(_first, again) {
      const r = again.recordStockEvents;
      expect(r.applied).toBe(0);
      expect(r.duplicates).toBe(r.results.filter((x: Json) => x.status === 'DUPLICATE').length);
    },
  },
];

/**
 * What an example that answers an error must leave as it was: a query read before and after it.
 * Chosen, like the checks, by the fields the example selects.
 */
const UNCHANGED_BY_ERRORS: { fields: string[]; probe(example: ReadmeExample): string }[] = [
  {
    fields: ['adjustStock'],
    probe(example) {
      const productId = /productId:\s*"([^"]+)"/.exec(example.query)![1]!;
      return `{ product(id: "${productId}") { availability { byLocation { location { id } onHand reserved available version } } } }`;
    },
  },
];

/** The checks an example gets: every check whose fields it all selects. */
export function checksFor(example: ReadmeExample): ExampleCheck[] {
  return CHECKS.filter((c) => c.fields.every((f) => example.fields.has(f)));
}

const describeExample = (e: ReadmeExample) => `README example ${e.number} (line ${e.line}: ${e.title})`;

/**
 * Runs one example as a user would (placeholders filled from earlier answers), then what it
 * claims. `replayOfEarlierStart`: the product was restarted on the data an earlier run wrote, so
 * mutations must answer what they answered then.
 */
export async function runExample(url: string, example: ReadmeExample, state: ExampleRunState, replayOfEarlierStart = false): Promise<void> {
  const query = fillPlaceholders(example.query, state.values);
  if (example.expectedErrorCode) {
    const probes = UNCHANGED_BY_ERRORS.filter((u) => u.fields.every((f) => example.fields.has(f))).map((u) => u.probe(example));
    expect(probes.length, `${describeExample(example)}: nothing says what this error leaves unchanged (add a probe to UNCHANGED_BY_ERRORS)`).toBeGreaterThan(0);
    const before = await Promise.all(probes.map((q) => gql(url, q)));
    const response: GraphQLResponse = await gql(url, query);
    expect(await Promise.all(probes.map((q) => gql(url, q))), `${describeExample(example)} changed what it should leave`).toEqual(before);
    expect(response.errors?.length, `${describeExample(example)} should answer an error`).toBeGreaterThan(0);
    expect(response.errors![0]!.extensions?.code).toBe(example.expectedErrorCode);
    expect(JSON.stringify(response.errors)).not.toMatch(/\/work\/|\.ts:\d+|prisma|SELECT |INSERT /i); // no internals
    return;
  }
  const response: GraphQLResponse = await gql(url, query);
  expect(response.errors, `${describeExample(example)} answered errors`).toBeUndefined();
  const checks = checksFor(example);
  expect(checks.length, `${describeExample(example)}: no check says what this example shows (add one to launcher/test/readmeExampleChecks.ts)`).toBeGreaterThan(0);
  for (const c of checks) c.check(response.data, { state, example, replayOfEarlierStart });
  if (!example.isMutation) return;
  const earlier = state.firstAnswers.get(example.number);
  for (const c of checks) if (c.replay && earlier && replayOfEarlierStart && !example.placeholders.length) c.replay(earlier, response.data);
  if (!earlier) state.firstAnswers.set(example.number, response.data);
  const again = await gql(url, query);
  expect(again.errors, `${describeExample(example)} sent twice`).toBeUndefined();
  for (const c of checks) c.replay?.(response.data, again.data);
}

/** Every check that no README example uses (the README lost something it used to show). */
export function unusedChecks(examples: ReadmeExample[]): string[] {
  return CHECKS.filter((c) => !examples.some((e) => !e.expectedErrorCode && c.fields.every((f) => e.fields.has(f)))).map((c) => c.name);
}
