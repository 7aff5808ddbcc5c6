// Thin resolvers: argument checks and shaping; data access lives in CustomerService and InteractionService.
import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import type { InteractionType } from '@retail/db';
import { pageSize } from '@retail/platform';
import { decodePositionCursor, ORDER_CURSOR, type CustomerFilter, type CustomerRow, type CustomerService, type OrderLineRecord, type OrderRecord } from './customerService.ts';
import { INTERACTION_CURSOR, type InteractionRecord, type InteractionService, type RecordInteractionInput } from './interactionService.ts';
import type { CustomerLoaders } from './loaders.ts';

export interface CustomerContext {
  customers: CustomerService;
  interactions: InteractionService;
  loaders: CustomerLoaders;
}

// ISO-8601 date-time with an explicit zone (Z or ±hh:mm); a zone-less time would be read in the server's zone.
const ISO_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d{1,9})?([Zz]|[+-](\d{2}):(\d{2}))$/;

const invalidDateTime = (message: string) => new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT' } });

/** Parses a DateTime input strictly: real calendar dates only (no 2026-02-31 rolling over to March). */
export function parseDateTime(value: unknown): Date {
  if (typeof value !== 'string') throw invalidDateTime(`DateTime must be an ISO-8601 string such as 2026-11-23T09:30:00.000Z, got ${typeof value}`);
  const m = ISO_DATE_TIME.exec(value);
  if (!m) throw invalidDateTime(`DateTime must be an ISO-8601 date-time with a zone, such as 2026-11-23T09:30:00.000Z, got ${JSON.stringify(value.slice(0, 64))}`);
  const [year, month, day, hour, minute, second] = m.slice(1, 7).map(Number) as [number, number, number, number, number, number];
  const daysInMonth = month >= 1 && month <= 12 ? new Date(Date.UTC(year, month, 0)).getUTCDate() : 0;
  const offsetOk = m[9] === undefined || (Number(m[9]) <= 14 && Number(m[10]) <= 59);
  const date = new Date(value.replace(' ', 'T'));
  if (day < 1 || day > daysInMonth || hour > 23 || minute > 59 || second > 59 || !offsetOk || Number.isNaN(date.getTime())) {
    throw invalidDateTime(`DateTime ${JSON.stringify(value)} is not a valid date-time`);
  }
  return date;
}

export const DateTime = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An ISO-8601 date-time in UTC, e.g. 2026-11-23T09:30:00.000Z.',
  serialize: (v) => {
    const date = v instanceof Date ? v : typeof v === 'string' || typeof v === 'number' ? new Date(v) : null;
    if (!date || Number.isNaN(date.getTime())) throw new GraphQLError(`DateTime cannot represent ${String(v)}`);
    return date.toISOString();
  },
  parseValue: parseDateTime,
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw invalidDateTime(`DateTime must be a string, got a ${ast.kind} literal`);
    return parseDateTime(ast.value);
  },
});

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
  },
  Mutation: {
    recordInteraction: (_: unknown, { input }: { input: RecordInteractionInput }, ctx: CustomerContext) => ctx.interactions.record(input),
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
