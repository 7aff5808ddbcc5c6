// Thin resolvers: argument checks and shaping; data access lives in CustomerService and InteractionService.
import type { InteractionType } from '@retail/db';
import { DateTime, pageSize } from '@retail/platform';
import { decodePositionCursor, ORDER_CURSOR, type CustomerFilter, type CustomerRow, type CustomerService, type OrderLineRecord, type OrderRecord } from './customerService.ts';
import type { HistoryService, ProductInterest, ProductSales } from './historyService.ts';
import { INTERACTION_CURSOR, type InteractionRecord, type InteractionService, type RecordInteractionInput } from './interactionService.ts';
import type { CustomerLoaders } from './loaders.ts';

export interface CustomerContext {
  customers: CustomerService;
  interactions: InteractionService;
  history: HistoryService;
  loaders: CustomerLoaders;
  /** The request's clock reading. */
  now: Date;
}

/** Customer.shoppingHistory: its fields load what they need, batched over every customer of the request. */
interface ShoppingHistoryParent {
  customerId: string;
}


// Interaction ids are Postgres BIGSERIALs: positive and at most 2^63 - 1.
const isInteractionId = (id: string) => /^[1-9]\d{0,18}$/.test(id) && BigInt(id) <= 9_223_372_036_854_775_807n;

const ref = (id: string | null) => (id ? { id } : null);

interface PageArgs {
  first?: number | null;
  after?: string | null;
}

export const resolvers = {
  DateTime,
  Query: {
    customer: (_: unknown, { id }: { id: string }, ctx: CustomerContext) => ctx.loaders.customer.load(id),
    customers: (_: unknown, args: PageArgs & { filter?: CustomerFilter | null }, ctx: CustomerContext) =>
      ctx.customers.listCustomers(args.filter ?? {}, pageSize(args.first), args.after),
    productSales: (_: unknown, { days }: { days?: number | null }, ctx: CustomerContext) => ctx.history.productSales(days, ctx.now),
  },
  Mutation: {
    recordInteraction: (_: unknown, { input }: { input: RecordInteractionInput }, ctx: CustomerContext) => ctx.interactions.record(input, ctx.now),
  },
  Customer: {
    __resolveReference: (r: { id: string }, ctx: CustomerContext) => ctx.loaders.customer.load(r.id),
    displayName: (c: CustomerRow) => `${c.firstName} ${c.lastName}`.trim() || c.email,
    homeLatitude: (c: CustomerRow) => c.homeLat,
    homeLongitude: (c: CustomerRow) => c.homeLon,
    homeStore: (c: CustomerRow) => ref(c.homeStoreId),
    consent: (c: CustomerRow) => ({ email: c.consentEmail, sms: c.consentSms, push: c.consentPush, personalization: c.consentPersonalization }),
    segments: (c: CustomerRow) => c.segments ?? [], // rows written by raw SQL may hold NULL
    memberSince: (c: CustomerRow) => c.createdAt,
    interactions: (c: CustomerRow, args: PageArgs & { types?: InteractionType[] | null }, ctx: CustomerContext) =>
      ctx.loaders.interactions.load({
        customerId: c.id,
        first: pageSize(args.first, 20),
        after: args.after ? decodePositionCursor(INTERACTION_CURSOR, args.after, isInteractionId) : null,
        // An empty list filters nothing, like an absent one.
        types: args.types?.length ? args.types : null,
      }),
    orders: (c: CustomerRow, args: PageArgs, ctx: CustomerContext) =>
      ctx.loaders.orders.load({
        customerId: c.id,
        first: pageSize(args.first, 10),
        after: args.after ? decodePositionCursor(ORDER_CURSOR, args.after) : null,
      }),
    shoppingHistory: (c: CustomerRow): ShoppingHistoryParent => ({ customerId: c.id }),
  },
  ShoppingHistory: {
    orderCount: async (h: ShoppingHistoryParent, _: unknown, ctx: CustomerContext) => (await ctx.loaders.orderSummary.load(h.customerId)).orderCount,
    totalSpend: async (h: ShoppingHistoryParent, _: unknown, ctx: CustomerContext) => (await ctx.loaders.orderSummary.load(h.customerId)).totalSpend,
    lastOrderAt: async (h: ShoppingHistoryParent, _: unknown, ctx: CustomerContext) => (await ctx.loaders.orderSummary.load(h.customerId)).lastOrderAt,
    topProducts: (h: ShoppingHistoryParent, _: unknown, ctx: CustomerContext) => ctx.loaders.topProducts.load(h.customerId),
  },
  ProductInterest: {
    product: (p: ProductInterest) => ({ id: p.productId }),
  },
  ProductSales: {
    product: (p: ProductSales) => ({ id: p.productId }),
  },
  Interaction: {
    product: (i: InteractionRecord) => ref(i.productId),
    location: (i: InteractionRecord) => ref(i.locationId),
  },
  Order: {
    location: (o: OrderRecord) => ref(o.locationId),
    lines: (o: OrderRecord, _: unknown, ctx: CustomerContext) => ctx.loaders.orderLines.load(o.id),
  },
  OrderLine: {
    product: (l: OrderLineRecord) => ({ id: l.productId }),
    promotion: (l: OrderLineRecord) => ref(l.promotionId),
  },
};
