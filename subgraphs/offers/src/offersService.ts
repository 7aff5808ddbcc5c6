// Data access for offers: promotions by id, the back-office listing, and the live promotions for
// many customers or products at once (one query per kind, whatever the number of entities).
import type { Channel, Database, Prisma, PromotionStatus } from '@retail/db';
import { decodeCursor, encodeCursor } from '@retail/platform';
import { appliesTo, isEligible, isLive, onChannel, type CustomerTraits, type ProductTraits, type PromotionRow } from './rules.ts';

export interface CustomerPromotionKey extends CustomerTraits {
  channel: Channel;
}

export interface ProductPromotionKey extends ProductTraits {
  channel: Channel | null;
}

export const customerKey = (k: CustomerPromotionKey) => JSON.stringify([k.loyaltyTier, [...k.segments].sort(), k.channel]);
export const productKey = (k: ProductPromotionKey) => JSON.stringify([k.productId, k.categoryPath, k.brandId, k.channel]);

/** Offered first: the ones ending soonest. */
const LIVE_ORDER: Prisma.PromotionOrderByWithRelationInput[] = [{ endsAt: 'asc' }, { id: 'asc' }];

const activeWhere = (now: Date): Prisma.PromotionWhereInput => ({ status: 'APPROVED', startsAt: { lte: now }, endsAt: { gt: now } });

type ListCursor = [createdAt: string, id: string];
const isListCursor = (v: unknown): v is ListCursor =>
  Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string') && !Number.isNaN(Date.parse(v[0] as string));

export class OffersService {
  constructor(private readonly db: Database) {}

  async promotionsByIds(ids: readonly string[]): Promise<Map<string, PromotionRow>> {
    const rows = await this.db.prisma.promotion.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Newest first; `first` is already checked by pageSize(). */
  async listPromotions(status: PromotionStatus | null | undefined, first: number, after: string | null | undefined) {
    const where: Prisma.PromotionWhereInput = status ? { status } : {};
    if (after) {
      const [createdAt, id] = decodeCursor(after, isListCursor);
      const at = new Date(createdAt);
      where.OR = [{ createdAt: { lt: at } }, { createdAt: at, id: { lt: id } }];
    }
    const rows = await this.db.prisma.promotion.findMany({ where, orderBy: [{ createdAt: 'desc' }, { id: 'desc' }], take: first + 1 });
    const page = rows.slice(0, first);
    const cursor = (p: PromotionRow) => encodeCursor([p.createdAt.toISOString(), p.id] satisfies ListCursor);
    return {
      edges: page.map((node) => ({ cursor: cursor(node), node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? cursor(page.at(-1)!) : null },
    };
  }

  /** Live promotions on the channel each customer may receive (tier and segment eligibility). */
  async promotionsForCustomers(keys: readonly CustomerPromotionKey[], now: Date): Promise<Map<string, PromotionRow[]>> {
    const channels = [...new Set(keys.map((k) => k.channel))];
    const rows = await this.db.prisma.promotion.findMany({ where: { ...activeWhere(now), channels: { hasSome: channels } }, orderBy: LIVE_ORDER });
    const live = rows.filter((p) => isLive(p, now));
    return new Map(keys.map((k) => [customerKey(k), live.filter((p) => onChannel(p, k.channel) && isEligible(p, k))]));
  }

  /** Live promotions that apply to each product, on its channel when one is given. */
  async promotionsForProducts(keys: readonly ProductPromotionKey[], now: Date): Promise<Map<string, PromotionRow[]>> {
    const productIds = [...new Set(keys.map((k) => k.productId))];
    const categoryIds = [...new Set(keys.flatMap((k) => k.categoryPath))];
    const brandIds = [...new Set(keys.map((k) => k.brandId).filter((b): b is string => b !== null))];
    const channels = keys.some((k) => k.channel === null) ? null : [...new Set(keys.map((k) => k.channel as Channel))];
    const targets: Prisma.PromotionWhereInput[] = [{ productId: { in: productIds } }, { productId: null, categoryId: null, brandId: null }];
    if (categoryIds.length) targets.push({ categoryId: { in: categoryIds } });
    if (brandIds.length) targets.push({ brandId: { in: brandIds } });
    const rows = await this.db.prisma.promotion.findMany({
      where: { ...activeWhere(now), ...(channels ? { channels: { hasSome: channels } } : {}), OR: targets },
      orderBy: LIVE_ORDER,
    });
    const live = rows.filter((p) => isLive(p, now));
    return new Map(keys.map((k) => [productKey(k), live.filter((p) => onChannel(p, k.channel) && appliesTo(p, k))]));
  }
}
