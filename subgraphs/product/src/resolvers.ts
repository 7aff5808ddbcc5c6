// Thin resolvers: argument checks and shaping; data access lives in CatalogService.
import { GraphQLScalarType, Kind, type ValueNode } from 'graphql';
import { DateTime, pageSize } from '@retail/platform';
import type { CatalogService, ProductFilter, ProductRow, CategoryRow } from './catalogService.ts';
import type { CatalogLoaders } from './loaders.ts';

export interface ProductContext {
  catalog: CatalogService;
  loaders: CatalogLoaders;
}

function literalToJson(ast: ValueNode): unknown {
  switch (ast.kind) {
    case Kind.STRING:
    case Kind.BOOLEAN:
      return ast.value;
    case Kind.INT:
    case Kind.FLOAT:
      return Number(ast.value);
    case Kind.LIST:
      return ast.values.map(literalToJson);
    case Kind.OBJECT:
      return Object.fromEntries(ast.fields.map((f) => [f.name.value, literalToJson(f.value)]));
    default:
      return null;
  }
}

export const JSONScalar = new GraphQLScalarType({ name: 'JSON', serialize: (v) => v, parseValue: (v) => v, parseLiteral: literalToJson });

const money = (v: { toNumber(): number }) => v.toNumber();

export const resolvers = {
  DateTime,
  JSON: JSONScalar,
  Query: {
    product: (_: unknown, { id }: { id: string }, ctx: ProductContext) => ctx.loaders.product.load(id),
    productBySku: (_: unknown, { sku }: { sku: string }, ctx: ProductContext) => ctx.catalog.productBySku(sku),
    products: (_: unknown, args: { filter?: ProductFilter; search?: string; first?: number; after?: string }, ctx: ProductContext) =>
      ctx.catalog.listProducts(args.filter ?? {}, args.search, pageSize(args.first), args.after),
    category: (_: unknown, { id }: { id: string }, ctx: ProductContext) => ctx.loaders.category.load(id),
    categories: (_: unknown, { parentId }: { parentId?: string | null }, ctx: ProductContext) => ctx.loaders.children.load(parentId ?? null),
    brands: (_: unknown, __: unknown, ctx: ProductContext) => ctx.catalog.brands(),
  },
  Product: {
    __resolveReference: (ref: { id: string }, ctx: ProductContext) => ctx.loaders.product.load(ref.id),
    category: (p: ProductRow, _: unknown, ctx: ProductContext) => ctx.loaders.category.load(p.categoryId),
    brand: (p: ProductRow, _: unknown, ctx: ProductContext) => ctx.loaders.brand.load(p.brandId),
    price: (p: ProductRow) => money(p.price),
    unitCost: (p: ProductRow) => money(p.unitCost),
    marginRate: (p: ProductRow) => {
      const price = money(p.price);
      return price > 0 ? (price - money(p.unitCost)) / price : 0;
    },
    marginFloor: async (p: ProductRow, _: unknown, ctx: ProductContext) => p.marginFloor ?? (await ctx.loaders.category.load(p.categoryId))?.marginFloor ?? 0,
    competitorPrices: (p: ProductRow, _: unknown, ctx: ProductContext) => ctx.loaders.competitorPrices.load(p.id),
    competitorPriceGap: async (p: ProductRow, _: unknown, ctx: ProductContext) => {
      const [cheapest] = await ctx.loaders.competitorPrices.load(p.id);
      return cheapest && cheapest.price > 0 ? (money(p.price) - cheapest.price) / cheapest.price : null;
    },
    sentiment: (p: ProductRow, _: unknown, ctx: ProductContext) => ctx.loaders.sentiment.load(p.id),
  },
  Category: {
    __resolveReference: (ref: { id: string }, ctx: ProductContext) => ctx.loaders.category.load(ref.id),
    parent: (c: CategoryRow, _: unknown, ctx: ProductContext) => (c.parentId ? ctx.loaders.category.load(c.parentId) : null),
    children: (c: CategoryRow, _: unknown, ctx: ProductContext) => ctx.loaders.children.load(c.id),
    path: (c: CategoryRow, _: unknown, ctx: ProductContext) => ctx.loaders.categoryPath.load(c.id),
    priceBand: (c: CategoryRow) => ({ low: money(c.priceLow), high: money(c.priceHigh) }),
  },
  Brand: {
    __resolveReference: (ref: { id: string }, ctx: ProductContext) => ctx.loaders.brand.load(ref.id),
  },
};
