// Thin resolvers: argument checks and shaping; data access lives in OffersService, rules in rules.ts.
import type { Channel, LoyaltyTier, PromotionStatus } from '@retail/db';
import { DateTime, pageSize } from '@retail/platform';
import type { OffersService } from './offersService.ts';
import type { OffersLoaders } from './loaders.ts';
import { isActive, type PromotionRow } from './rules.ts';

export interface OffersContext {
  offers: OffersService;
  loaders: OffersLoaders;
  /** The request's clock reading: every field of one request judges "active" at the same instant. */
  now: Date;
}

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

type CustomerTraitsParent = { id: string; loyaltyTier: LoyaltyTier | null; segments: string[] };

const ref = (id: string | null) => (id === null ? null : { id });
const money = (v: { toNumber(): number }) => v.toNumber();

export const resolvers = {
  DateTime,
  Query: {
    promotion: (_: unknown, { id }: { id: string }, ctx: OffersContext) => ctx.loaders.promotion.load(id),
    promotions: (_: unknown, args: { status?: PromotionStatus | null; first?: number | null; after?: string | null }, ctx: OffersContext) =>
      ctx.offers.listPromotions(args.status, pageSize(args.first), args.after),
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
    __resolveReference: (r: CustomerRepresentation): CustomerTraitsParent => ({ id: r.id, loyaltyTier: r.loyaltyTier ?? null, segments: r.segments ?? [] }),
    eligiblePromotions: (c: CustomerTraitsParent, { channel }: { channel: Channel }, ctx: OffersContext) =>
      ctx.loaders.forCustomer.load({ loyaltyTier: c.loyaltyTier, segments: c.segments, channel }),
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
