// Data access for customers and their orders. Every method that resolvers call per entity takes a
// list of keys, so one request makes one query per kind of data however many customers it resolves.
// Nested pages (a customer's orders) for many customers come back from one LATERAL query that reads
// at most `first + 1` rows per customer from the (customerId, placedAt DESC) index.
import { Prisma, type Channel, type Database, type LoyaltyTier, type OrderStatus } from '@retail/db';
import { badInput, decodeCursor, encodeCursor } from '@retail/platform';

export type CustomerRow = Prisma.CustomerGetPayload<object>;

export interface CustomerFilter {
  loyaltyTier?: LoyaltyTier | null;
  segment?: string | null;
  homeStoreId?: string | null;
}

export interface Edge<T> {
  cursor: string;
  node: T;
}

export interface Connection<T> {
  edges: Edge<T>[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** One page request for a customer's nested list; `after` is an already decoded cursor. */
export interface PageKey {
  customerId: string;
  first: number;
  after: PagePosition | null;
}

/** A position in a list ordered by (time DESC, id DESC): the last row the client has seen. */
export interface PagePosition {
  at: Date;
  id: string;
}

export interface OrderRecord {
  id: string;
  customerId: string;
  channel: Channel;
  locationId: string | null;
  status: OrderStatus;
  total: number;
  placedAt: Date;
}

export interface OrderLineRecord {
  id: string;
  orderId: string;
  productId: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  promotionId: string | null;
}

/** Requests per batched page query; keeps the statement and its result bounded. */
export const MAX_PAGE_BATCH = 500;

/** Decimal (from Prisma), number or numeric string (from raw SQL) to a JS number. */
export function toNumber(value: unknown): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  return Number(String(value));
}

export const toNullableNumber = (value: unknown): number | null => (value === null || value === undefined ? null : toNumber(value));

// Cursors are tagged with the list they belong to, so one list's cursor is refused by another.
type CursorTuple = [tag: string, at: string, id: string];

export function positionCursor(tag: string, at: Date, id: string): string {
  return encodeCursor([tag, at.toISOString(), id] satisfies CursorTuple);
}

const CURSOR_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** Decodes a cursor issued by positionCursor for list `tag`; BAD_USER_INPUT for anything else. */
export function decodePositionCursor(tag: string, cursor: string, validId: (id: string) => boolean = (id) => id.length > 0): PagePosition {
  const [, at, id] = decodeCursor(cursor, (v): v is CursorTuple =>
    Array.isArray(v) &&
    v.length === 3 &&
    v[0] === tag &&
    typeof v[1] === 'string' &&
    CURSOR_TIME.test(v[1]) &&
    !Number.isNaN(Date.parse(v[1])) &&
    typeof v[2] === 'string' &&
    validId(v[2]),
  );
  return { at: new Date(at), id };
}

export function connection<T>(rows: T[], first: number, cursorOf: (row: T) => string): Connection<T> {
  const page = rows.slice(0, first);
  const edges = page.map((node) => ({ cursor: cursorOf(node), node }));
  return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
}

/** Raw rows of one batched page query, grouped back to the page keys by their 1-based ordinal. */
export function groupByOrdinal<R extends { ord: bigint | number }>(count: number, rows: R[]): R[][] {
  const groups: R[][] = Array.from({ length: count }, () => []);
  for (const r of rows) groups[Number(r.ord) - 1]?.push(r);
  return groups;
}

/** Parameters of the `unnest(...)` driving table of a batched page query. */
export function pageKeyArrays(keys: readonly PageKey[], noCursorId: string) {
  return {
    ids: keys.map((k) => k.customerId),
    // 'infinity' sorts after every real time, so the first page needs no special case in SQL.
    ats: keys.map((k) => (k.after ? k.after.at.toISOString() : 'infinity')),
    afterIds: keys.map((k) => (k.after ? k.after.id : noCursorId)),
    limits: keys.map((k) => k.first + 1),
  };
}

export const ORDER_CURSOR = 'order';
const CUSTOMER_CURSOR = 'customer';

interface RawOrderRow {
  ord: bigint;
  id: string;
  customerId: string;
  channel: Channel;
  locationId: string | null;
  status: OrderStatus;
  total: unknown;
  placedAt: Date;
}

export const orderCursor = (o: OrderRecord) => positionCursor(ORDER_CURSOR, o.placedAt, o.id);
const customerCursor = (c: CustomerRow) => positionCursor(CUSTOMER_CURSOR, c.createdAt, c.id);

export class CustomerService {
  constructor(private readonly db: Database) {}

  async customersByIds(ids: readonly string[]): Promise<Map<string, CustomerRow>> {
    const rows = await this.db.prisma.customer.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Customers, newest first (createdAt DESC, id DESC). */
  async listCustomers(filter: CustomerFilter, first: number, after: string | null | undefined): Promise<Connection<CustomerRow>> {
    const where: Prisma.CustomerWhereInput = {};
    if (filter.loyaltyTier) where.loyaltyTier = filter.loyaltyTier;
    if (filter.segment != null) {
      const segment = filter.segment.trim();
      if (!segment) throw badInput('filter.segment must not be blank', 'filter.segment');
      where.segments = { has: segment };
    }
    if (filter.homeStoreId != null) {
      if (!filter.homeStoreId.trim()) throw badInput('filter.homeStoreId must not be blank', 'filter.homeStoreId');
      where.homeStoreId = filter.homeStoreId;
    }
    if (after) {
      const { at, id } = decodePositionCursor(CUSTOMER_CURSOR, after);
      where.AND = [{ OR: [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }] }];
    }
    const rows = await this.db.prisma.customer.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: first + 1 });
    return connection(rows, first, customerCursor);
  }

  /** One page of orders per key, most recent first, in one query for all keys. */
  async orderPages(keys: readonly PageKey[]): Promise<Connection<OrderRecord>[]> {
    if (keys.length === 0) return [];
    const { ids, ats, afterIds, limits } = pageKeyArrays(keys, '');
    const rows = await this.db.prisma.$queryRaw<RawOrderRow[]>(Prisma.sql`
      SELECT k.ord, o."id", o."customerId", o."channel"::text AS "channel", o."locationId", o."status"::text AS "status", o."total", o."placedAt"
      FROM unnest(${ids}::text[], ${ats}::text[], ${afterIds}::text[], ${limits}::int[]) WITH ORDINALITY AS k(cid, at, aid, lim, ord)
      CROSS JOIN LATERAL (
        SELECT * FROM "Order" o
        WHERE o."customerId" = k.cid AND (o."placedAt", o."id") < (k.at::timestamp(3), k.aid)
        ORDER BY o."placedAt" DESC, o."id" DESC
        LIMIT k.lim
      ) o
      ORDER BY k.ord, o."placedAt" DESC, o."id" DESC`);
    return groupByOrdinal(keys.length, rows).map((group, i) =>
      connection(
        group.map((r) => ({ id: r.id, customerId: r.customerId, channel: r.channel, locationId: r.locationId, status: r.status, total: toNumber(r.total), placedAt: r.placedAt })),
        keys[i]!.first,
        orderCursor,
      ),
    );
  }

  async linesByOrderIds(orderIds: readonly string[]): Promise<Map<string, OrderLineRecord[]>> {
    const rows = await this.db.prisma.orderLine.findMany({ where: { orderId: { in: [...orderIds] } }, orderBy: [{ orderId: 'asc' }, { id: 'asc' }] });
    const byOrder = new Map<string, OrderLineRecord[]>(orderIds.map((id) => [id, []]));
    for (const r of rows) {
      byOrder.get(r.orderId)?.push({
        id: r.id,
        orderId: r.orderId,
        productId: r.productId,
        quantity: r.quantity,
        unitPrice: toNumber(r.unitPrice),
        discount: toNumber(r.discount),
        promotionId: r.promotionId,
      });
    }
    return byOrder;
  }
}
