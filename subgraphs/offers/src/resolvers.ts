// Thin resolvers: argument checks and shaping; data access lives in OffersService, rules in rules.ts.
import type { Channel, LoyaltyTier, PromotionStatus } from '@retail/db';
import type { PolicyMode } from '@retail/engine';
import { badInput, DateTime, pageSize, type Viewer } from '@retail/platform';
import type { OffersService } from './offersService.ts';
import type { OffersLoaders } from './loaders.ts';
import { isActive, type PromotionRow } from './rules.ts';
import type { OfferEngine } from './offerEngine.ts';
import { MODE_NAMES, type DecisionResult, type DecisionService, type OfferContextInput, type ServedOffer } from './decisions/decisionService.ts';
import type { ShopperRepresentation } from './decisions/shopperProfile.ts';
import type { OutcomeService, RecordOutcomeInput } from './learning/outcomeService.ts';
import type { ArmPerformanceRow, LogTotals, ModelStatsService } from './learning/modelStats.ts';

export interface OffersContext {
  offers: OffersService;
  loaders: OffersLoaders;
  /** The request's clock reading: every field of one request judges "active" at the same instant. */
  now: Date;
  engine: OfferEngine;
  decisions: DecisionService;
  outcomes: OutcomeService;
  stats: ModelStatsService;
  viewer: Viewer;
}

const MODE_FROM_NAME = { LEARNING: 'learning', EXPLOIT: 'exploit', BEST_SELLERS: 'best-sellers' } as const satisfies Record<string, PolicyMode>;

/** What the gateway sends for Customer: its key plus the @requires fields from the customer subgraph. */
interface CustomerRepresentation {
  id: string;
  loyaltyTier?: LoyaltyTier | null;
  segments?: string[] | null;
}

/** What the gateway sends for Product: its key plus `category { id path } brand { id }` from the product subgraph. */
interface ProductRepresentation {
  id: string;
  category?: { id: string; path?: string[] | null } | null;
  brand?: { id: string } | null;
}

/** Query.modelStats' parent: the log totals are read once per request, whichever of their fields are asked. */
type StatsArgs = { channel: Channel | null; totals: () => Promise<LogTotals> };
type CustomerTraitsParent = ShopperRepresentation & { loyaltyTier: LoyaltyTier | null; segments: string[] };

const ref = (id: string | null) => (id === null ? null : { id });
const money = (v: { toNumber(): number }) => v.toNumber();

export const resolvers = {
  DateTime,
  Query: {
    promotion: (_: unknown, { id }: { id: string }, ctx: OffersContext) => ctx.loaders.promotion.load(id),
    promotions: (_: unknown, args: { status?: PromotionStatus | null; first?: number | null; after?: string | null }, ctx: OffersContext) =>
      ctx.offers.listPromotions(args.status, pageSize(args.first), args.after),
    modelStats: (_: unknown, args: { channel?: Channel | null }, ctx: OffersContext): StatsArgs => {
      const channel = args.channel ?? null;
      let totals: Promise<LogTotals> | null = null;
      return { channel, totals: () => (totals ??= ctx.stats.totals(channel)) };
    },
    policyModeChanges: (_: unknown, { first }: { first?: number | null }, ctx: OffersContext) => ctx.engine.modes.history(first ?? 20),
  },
  Mutation: {
    recordSubstitutionOutcome: (_: unknown, { input }: { input: { decisionId: string; productId: string; accepted: boolean } }, ctx: OffersContext) =>
      ctx.engine.substitutions.recordOutcome(input),
    setOfferPolicyMode: async (_: unknown, { mode, reason }: { mode: keyof typeof MODE_FROM_NAME; reason: string }, ctx: OffersContext) => {
      const change = await ctx.engine.modes.change(MODE_FROM_NAME[mode], reason, ctx.viewer.id, ctx.now);
      await ctx.engine.refreshMode(); // this replica at once; the others on the event or their poll
      return change;
    },
    recordOfferOutcome: async (_: unknown, { input }: { input: RecordOutcomeInput }, ctx: OffersContext) => {
      const recorded = await ctx.outcomes.record(input, ctx.now);
      // Learn it here at once; the other replicas hear of it on the bus.
      if (recorded.finalReward) await ctx.engine.catchUp();
      return recorded;
    },
  },
  PolicyModeChange: {
    mode: (c: { mode: PolicyMode }) => MODE_NAMES[c.mode],
  },
  ModelStats: {
    modelVersion: (_: unknown, __: unknown, ctx: OffersContext) => ctx.engine.policy.modelVersion,
    mode: (_: unknown, __: unknown, ctx: OffersContext) => MODE_NAMES[ctx.engine.policy.config.mode],
    updates: (_: unknown, __: unknown, ctx: OffersContext) => ctx.engine.policy.updates,
    appliedSeq: (_: unknown, __: unknown, ctx: OffersContext) => ctx.engine.learner.appliedSeq.toString(),
    fingerprint: (_: unknown, __: unknown, ctx: OffersContext) => ctx.engine.fingerprint(),
    arms: (_: unknown, __: unknown, ctx: OffersContext) => ctx.engine.policy.armCount,
    decisions: async (a: StatsArgs) => (await a.totals()).decisions,
    outcomes: async (a: StatsArgs) => (await a.totals()).outcomes,
    rewards: async (a: StatsArgs) => (await a.totals()).rewards,
    averageReward: async (a: StatsArgs) => (await a.totals()).averageReward,
    byChannel: (a: StatsArgs, _: unknown, ctx: OffersContext) => ctx.stats.byChannel(a.channel),
    byArm: (a: StatsArgs, { first }: { first?: number | null }, ctx: OffersContext) => ctx.stats.byArm(a.channel, first ?? 20),
    substitutions: (_: unknown, __: unknown, ctx: OffersContext) => ctx.engine.substitutions.state(),
  },
  ArmPerformance: {
    product: (r: ArmPerformanceRow) => ({ id: r.productId }),
    promotion: (r: ArmPerformanceRow, _: unknown, ctx: OffersContext) => (r.promotionId ? ctx.loaders.promotion.load(r.promotionId) : null),
  },
  SubstituteChoice: {
    product: (a: { productId: string }) => ({ id: a.productId }),
  },
  Substitute: {
    product: (a: { productId: string }) => ({ id: a.productId }),
  },
  SubstitutionOutcome: {
    product: (a: { productId: string }) => ({ id: a.productId }),
  },
  PersonalizedOffer: {
    product: (o: ServedOffer) => ({ id: o.productId }),
    promotion: (o: ServedOffer, _: unknown, ctx: OffersContext) => (o.promotionId ? ctx.loaders.promotion.load(o.promotionId) : null),
  },
  Promotion: {
    __resolveReference: (r: { id: string }, ctx: OffersContext) => ctx.loaders.promotion.load(r.id),
    product: (p: PromotionRow) => ref(p.productId),
    category: (p: PromotionRow) => ref(p.categoryId),
    brand: (p: PromotionRow) => ref(p.brandId),
    eligibleTiers: (p: PromotionRow) => p.eligibleTiers ?? [],
    eligibleSegments: (p: PromotionRow) => p.eligibleSegments ?? [],
    channels: (p: PromotionRow) => p.channels ?? [],
    isActive: (p: PromotionRow, _: unknown, ctx: OffersContext) => isActive(p, ctx.now),
    budget: (p: PromotionRow) => ({
      amount: p.budgetAmount === null ? null : money(p.budgetAmount),
      units: p.budgetUnits,
      spentAmount: money(p.spentAmount),
      spentUnits: p.spentUnits,
    }),
  },
  Customer: {
    // Nothing to load: the representation carries everything eligibility needs.
    // A representation without the tier matches only promotions open to every tier.
    __resolveReference: (r: CustomerRepresentation & ShopperRepresentation): CustomerTraitsParent => ({ ...r, id: r.id, loyaltyTier: r.loyaltyTier ?? null, segments: r.segments ?? [] }),
    eligiblePromotions: (c: CustomerTraitsParent, { channel }: { channel: Channel }, ctx: OffersContext) =>
      ctx.loaders.forCustomer.load({ loyaltyTier: c.loyaltyTier, segments: c.segments, channel }),
    personalizedOffers: async (c: CustomerTraitsParent, args: { context: OfferContextInput; limit?: number | null }, ctx: OffersContext): Promise<DecisionResult> => {
      if (c.shoppingHistory === undefined) throw badInput('personalizedOffers needs the customer subgraph’s fields (query it through the gateway)', 'customer');
      const catalog = await ctx.engine.catalog();
      return ctx.decisions.decide(c, args.context, args.limit ?? 3, catalog, ctx.now);
    },
    substitutes: async (c: CustomerTraitsParent, args: { productId: string; locationId?: string | null; limit?: number | null }, ctx: OffersContext) => {
      if (c.shoppingHistory === undefined) throw badInput('substitutes needs the customer subgraph’s fields (query it through the gateway)', 'customer');
      const catalog = await ctx.engine.catalog();
      return ctx.engine.substitutions.substitutes(c, args.productId, args.locationId ?? null, args.limit ?? 3, catalog, ctx.now);
    },
    intent: (c: CustomerTraitsParent, { sessionId }: { sessionId?: string | null }, ctx: OffersContext) => {
      if (sessionId != null && (sessionId.trim() === '' || sessionId.length > 200)) throw badInput('sessionId must be a non-empty string of at most 200 characters', 'sessionId');
      return ctx.engine.intentFor(c.id, sessionId ?? null);
    },
  },
  Product: {
    __resolveReference: (r: ProductRepresentation) => ({ id: r.id, category: r.category ?? null, brand: r.brand ?? null }),
    activePromotions: (p: ProductRepresentation, { channel }: { channel?: Channel | null }, ctx: OffersContext) => {
      // path is root-first and ends with the category itself; include the id in case a path arrives without it.
      const categoryPath = p.category ? [...new Set([...(p.category.path ?? []), p.category.id])] : [];
      return ctx.loaders.forProduct.load({ productId: p.id, categoryPath, brandId: p.brand?.id ?? null, channel: channel ?? null });
    },
  },
};
