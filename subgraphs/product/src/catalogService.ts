// Data access for the catalog: products, categories, brands, competitor prices and social signals.
// Every method that resolvers call per entity takes a list of ids, so one request makes one query
// per kind of data however many entities it resolves.
import type { Database, Prisma } from '@retail/db';
import { badInput, decodeCursor, encodeCursor } from '@retail/platform';

export interface ProductFilter {
  categoryId?: string | null;
  brandId?: string | null;
  lifecycle?: 'NEW' | 'CORE' | 'SEASONAL' | 'CLEARANCE' | null;
  minPrice?: number | null;
  maxPrice?: number | null;
}

export type ProductRow = Prisma.ProductGetPayload<object>;
export type CategoryRow = Prisma.CategoryGetPayload<object>;
export type BrandRow = Prisma.BrandGetPayload<object>;

const SENTIMENT_WINDOW_DAYS = 30;

export class CatalogService {
  constructor(private readonly db: Database) {}

  async productsByIds(ids: readonly string[]): Promise<Map<string, ProductRow>> {
    const rows = await this.db.prisma.product.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async productBySku(sku: string): Promise<ProductRow | null> {
    return this.db.prisma.product.findUnique({ where: { sku } });
  }

  async categoriesByIds(ids: readonly string[]): Promise<Map<string, CategoryRow>> {
    const rows = await this.db.prisma.category.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async brandsByIds(ids: readonly string[]): Promise<Map<string, BrandRow>> {
    const rows = await this.db.prisma.brand.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async childCategories(parentIds: readonly (string | null)[]): Promise<Map<string | null, CategoryRow[]>> {
    const ids = parentIds.filter((p): p is string => p !== null);
    const rows = await this.db.prisma.category.findMany({
      where: parentIds.includes(null) ? { OR: [{ parentId: { in: ids } }, { parentId: null }] } : { parentId: { in: ids } },
      orderBy: { name: 'asc' },
    });
    const byParent = new Map<string | null, CategoryRow[]>(parentIds.map((p) => [p, []]));
    for (const r of rows) byParent.get(r.parentId)?.push(r);
    return byParent;
  }

  /** The whole category tree is small (hundreds of rows); ancestor paths are computed from it. */
  async categoryPaths(ids: readonly string[]): Promise<Map<string, string[]>> {
    const all = await this.db.prisma.category.findMany({ select: { id: true, parentId: true } });
    const parent = new Map(all.map((c) => [c.id, c.parentId]));
    const result = new Map<string, string[]>();
    for (const id of ids) {
      const path: string[] = [];
      for (let at: string | null | undefined = id; at && path.length < 32; at = parent.get(at)) path.unshift(at);
      result.set(id, path);
    }
    return result;
  }

  async descendantCategoryIds(rootId: string): Promise<string[]> {
    const all = await this.db.prisma.category.findMany({ select: { id: true, parentId: true } });
    const children = new Map<string, string[]>();
    for (const c of all) if (c.parentId) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c.id]);
    const out: string[] = [];
    const stack = [rootId];
    while (stack.length) {
      const id = stack.pop()!;
      out.push(id);
      stack.push(...(children.get(id) ?? []));
    }
    return out;
  }

  async brands(): Promise<BrandRow[]> {
    return this.db.prisma.brand.findMany({ orderBy: { name: 'asc' } });
  }

  /** Latest price per competitor for each product, cheapest first. */
  async competitorPrices(productIds: readonly string[]) {
    const rows = await this.db.prisma.competitorPrice.findMany({
      where: { productId: { in: [...productIds] } },
      orderBy: [{ productId: 'asc' }, { observedAt: 'desc' }],
      distinct: ['productId', 'competitor'],
    });
    const byProduct = new Map<string, { competitor: string; price: number; observedAt: Date }[]>(productIds.map((id) => [id, []]));
    for (const r of rows) byProduct.get(r.productId)?.push({ competitor: r.competitor, price: r.price.toNumber(), observedAt: r.observedAt });
    for (const list of byProduct.values()) list.sort((a, b) => a.price - b.price);
    return byProduct;
  }

  async sentiment(productIds: readonly string[], now = new Date()) {
    const since = new Date(now.getTime() - SENTIMENT_WINDOW_DAYS * 86_400_000);
    const rows = await this.db.prisma.socialSignal.findMany({
      where: { productId: { in: [...productIds] }, observedAt: { gte: since } },
      select: { productId: true, source: true, mentions: true, sentiment: true },
    });
    const acc = new Map(productIds.map((id) => [id, { weighted: 0, mentions: 0, sources: new Set<string>() }]));
    for (const r of rows) {
      const a = acc.get(r.productId)!;
      a.weighted += r.sentiment * r.mentions;
      a.mentions += r.mentions;
      a.sources.add(r.source);
    }
    return new Map(
      [...acc].map(([id, a]) => [id, { score: a.mentions > 0 ? a.weighted / a.mentions : null, mentions: a.mentions, sources: [...a.sources].sort() }]),
    );
  }

  async listProducts(filter: ProductFilter, search: string | null | undefined, first: number, after: string | null | undefined) {
    if (filter.minPrice != null && filter.minPrice < 0) throw badInput('filter.minPrice must be at least 0', 'filter.minPrice');
    if (filter.minPrice != null && filter.maxPrice != null && filter.maxPrice < filter.minPrice) {
      throw badInput('filter.maxPrice must be at least filter.minPrice', 'filter.maxPrice');
    }
    const where: Prisma.ProductWhereInput = {};
    if (filter.categoryId) where.categoryId = { in: await this.descendantCategoryIds(filter.categoryId) };
    if (filter.brandId) where.brandId = filter.brandId;
    if (filter.lifecycle) where.lifecycle = filter.lifecycle;
    if (filter.minPrice != null || filter.maxPrice != null) where.price = { gte: filter.minPrice ?? undefined, lte: filter.maxPrice ?? undefined };
    const term = search?.trim();
    if (term) {
      where.OR = [
        { name: { contains: term, mode: 'insensitive' } },
        { sku: { equals: term } },
        { brand: { name: { contains: term, mode: 'insensitive' } } },
      ];
    }
    if (after) {
      const [name, id] = decodeCursor(after, (v): v is [string, string] => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string'));
      where.AND = [{ OR: [{ name: { gt: name } }, { name, id: { gt: id } }] }];
    }
    const rows = await this.db.prisma.product.findMany({ where, orderBy: [{ name: 'asc' }, { id: 'asc' }], take: first + 1 });
    const page = rows.slice(0, first);
    return {
      edges: page.map((node) => ({ cursor: encodeCursor([node.name, node.id]), node })),
      pageInfo: { hasNextPage: rows.length > first, endCursor: page.length ? encodeCursor([page.at(-1)!.name, page.at(-1)!.id]) : null },
    };
  }
}
