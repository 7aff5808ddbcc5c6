// Aggregates over the order and interaction history, read by other subgraphs (the offers engine's
// candidate read model) over GraphQL. Per-customer aggregates take a list of customer ids, so a
// gateway call resolving any number of customers makes one query per aggregate.
import { Prisma, type Database } from '@retail/db';
import { badInput } from '@retail/platform';
import { toNumber } from './customerService.ts';

/** Orders not cancelled, summed. */
export interface OrderSummary {
  orderCount: number;
  totalSpend: number;
  lastOrderAt: Date | null;
}

export interface ProductInterest {
  productId: string;
  interactions: number;
}

export interface ProductSales {
  productId: string;
  units: number;
}

export const EMPTY_ORDER_SUMMARY: OrderSummary = Object.freeze({ orderCount: 0, totalSpend: 0, lastOrderAt: null });

/** Products per customer in ShoppingHistory.topProducts. */
export const TOP_PRODUCTS = 100;
/** Interaction types that count as engaging with a product. */
export const ENGAGEMENT_TYPES = ['VIEW', 'ADD_TO_CART', 'PURCHASE'] as const;
export const SALES_DAYS = { default: 28, min: 1, max: 365 } as const;

const DAY_MS = 86_400_000;

/** The sales window in days; BAD_USER_INPUT outside SALES_DAYS. */
export function salesDays(days: number | null | undefined): number {
  const n = days ?? SALES_DAYS.default;
  if (!Number.isInteger(n) || n < SALES_DAYS.min || n > SALES_DAYS.max) {
    throw badInput(`days must be an integer from ${SALES_DAYS.min} to ${SALES_DAYS.max}, got ${n}`, 'days');
  }
  return n;
}

export class HistoryService {
  constructor(private readonly db: Database) {}

  /** Count, spend and last order time of each customer's orders not cancelled, in one query. */
  async orderSummaries(customerIds: readonly string[]): Promise<Map<string, OrderSummary>> {
    if (customerIds.length === 0) return new Map();
    const rows = await this.db.prisma.$queryRaw<{ customerId: string; orderCount: number; totalSpend: unknown; lastOrderAt: Date }[]>(Prisma.sql`
      SELECT o."customerId", count(*)::int AS "orderCount", sum(o."total") AS "totalSpend", max(o."placedAt") AS "lastOrderAt"
      FROM "Order" o
      WHERE o."customerId" = ANY(${[...new Set(customerIds)]}::text[]) AND o."status" <> 'CANCELLED'
      GROUP BY o."customerId"`);
    return new Map(rows.map((r) => [r.customerId, { orderCount: r.orderCount, totalSpend: toNumber(r.totalSpend), lastOrderAt: r.lastOrderAt }]));
  }

  /**
   * The TOP_PRODUCTS products each customer engaged with most (ENGAGEMENT_TYPES interactions), most
   * first, ties by product id: one query for every customer, ranked per customer by a window function.
   */
  async topProducts(customerIds: readonly string[]): Promise<Map<string, ProductInterest[]>> {
    const result = new Map<string, ProductInterest[]>(customerIds.map((id) => [id, []]));
    if (customerIds.length === 0) return result;
    const rows = await this.db.prisma.$queryRaw<{ customerId: string; productId: string; interactions: number }[]>(Prisma.sql`
      SELECT t."customerId", t."productId", t."interactions"
      FROM (
        SELECT i."customerId", i."productId", count(*)::int AS "interactions",
               row_number() OVER (PARTITION BY i."customerId" ORDER BY count(*) DESC, i."productId" ASC) AS rank
        FROM "Interaction" i
        WHERE i."customerId" = ANY(${[...new Set(customerIds)]}::text[])
          AND i."type" = ANY(${[...ENGAGEMENT_TYPES]}::"InteractionType"[])
          AND i."productId" IS NOT NULL
        GROUP BY i."customerId", i."productId"
      ) t
      WHERE t.rank <= ${TOP_PRODUCTS}
      ORDER BY t."customerId", t.rank`);
    for (const r of rows) result.get(r.customerId)?.push({ productId: r.productId, interactions: r.interactions });
    return result;
  }

  /**
   * Units per product in the order lines of orders not cancelled placed in [now - days, now]; products
   * with no units left out; most units first, ties by product id.
   */
  async productSales(days: number | null | undefined, now: Date): Promise<ProductSales[]> {
    const since = new Date(now.getTime() - salesDays(days) * DAY_MS);
    const rows = await this.db.prisma.$queryRaw<{ productId: string; units: bigint | number }[]>(Prisma.sql`
      SELECT l."productId", sum(l."quantity") AS "units"
      FROM "Order" o
      JOIN "OrderLine" l ON l."orderId" = o."id"
      WHERE o."status" <> 'CANCELLED'
        AND o."placedAt" >= ${since.toISOString()}::timestamp(3) AND o."placedAt" <= ${now.toISOString()}::timestamp(3)
      GROUP BY l."productId"
      HAVING sum(l."quantity") > 0
      ORDER BY sum(l."quantity") DESC, l."productId" ASC`);
    return rows.map((r) => ({ productId: r.productId, units: toNumber(r.units) }));
  }
}
