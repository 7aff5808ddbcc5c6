// The offers engine's read model of everything it ranks over that other subgraphs own: the
// catalogue (product subgraph), stock by location (inventory) and recent unit sales (customer).
// Loaded over their GraphQL APIs at start, then kept current by the events they publish
// (stock.adjusted, interaction.recorded PURCHASE), so a ranking never reads another subgraph's
// tables and never waits on the network. Stock events can arrive out of order (several outbox
// relays publish side by side) and a reload reads rows while events fly: every stock row carries
// inventory's version, and an event or a loaded row is taken only when its version is newer than
// the one held (setAvailable), so a late one can never bring back stock that is gone.
import type { StockAdjustedEvent, StockForecastSummary, StockReservationChangedEvent, StockSafetyChangedEvent } from '@retail/platform';
import { queryGraphQL, type GraphQLSource } from '../sources/graphqlSource.ts';

export type Lifecycle = 'NEW' | 'CORE' | 'SEASONAL' | 'CLEARANCE';

export interface CatalogProduct {
  id: string;
  categoryId: string;
  /** Root of the category path: offers are diversified and affinities counted per department. */
  departmentId: string;
  /** Root-first, ending with the product's own category (promotion targeting). */
  categoryPath: readonly string[];
  brandId: string;
  brandTier: number | null;
  price: number;
  unitCost: number;
  /** The product's margin floor, or its category's. */
  marginFloor: number;
  lifecycle: Lifecycle;
  rating: number | null;
  reviewCount: number;
  competitorGap: number | null;
  sentiment: number | null;
  /** ln(price / geometric mean of the category's price band). */
  pricePosition: number | null;
  /** Pack size as labelled ("500 g", "1 l"), for substitutions; null when the product has none. */
  size: string | null;
  /** Dietary flags (vegan, gluten-free, …): a substitute must keep every one. */
  dietary: readonly string[];
}

export interface CatalogLocation {
  id: string;
  type: 'STORE' | 'WAREHOUSE';
  latitude: number;
  longitude: number;
  timezone: string;
}

export interface CatalogSources {
  product: GraphQLSource;
  inventory: GraphQLSource;
  customer: GraphQLSource;
}

/** What the demand forecast says about one product at one location. */
export type StockOutlook = Pick<StockForecastSummary, 'dailyDemand' | 'daysOfCover' | 'stockoutRisk'>;

/** One location's stock of one product as the read model holds it. */
interface StockEntry {
  available: number;
  /** Inventory's StockLevel.version of what `available` reflects. */
  version: number;
}

export class CandidateCatalog {
  readonly products = new Map<string, CatalogProduct>();
  readonly locations = new Map<string, CatalogLocation>();
  /** Available to promise, with its version, by location, then product. */
  private readonly stock = new Map<string, Map<string, StockEntry>>();
  /** Demand outlook by location, then product (from inventory's forecasts). */
  private readonly outlook = new Map<string, Map<string, StockOutlook>>();
  /** Σ over warehouses of max(0, available): what online orders can promise. */
  private readonly online = new Map<string, number>();
  private readonly unitsSold = new Map<string, number>();
  private bestSellerOrder: CatalogProduct[] | null = null;

  constructor(readonly salesWindowDays = 28) {}

  addProduct(p: CatalogProduct): void {
    this.products.set(p.id, p);
    this.bestSellerOrder = null;
  }

  addLocation(l: CatalogLocation): void {
    this.locations.set(l.id, l);
  }

  /**
   * Sets one location's available-to-promise for one product (a loaded row or a stock event) when
   * `version` is newer than the version held; returns whether it did. The one ordering rule.
   */
  setAvailable(productId: string, locationId: string, available: number, version: number): boolean {
    let atLocation = this.stock.get(locationId);
    if (!atLocation) this.stock.set(locationId, (atLocation = new Map()));
    const before = atLocation.get(productId);
    if (before && before.version >= version) return false;
    atLocation.set(productId, { available, version });
    if (this.locations.get(locationId)?.type !== 'STORE') {
      const delta = Math.max(0, available) - Math.max(0, before?.available ?? 0);
      this.online.set(productId, (this.online.get(productId) ?? 0) + delta);
    }
    return true;
  }

  /** A stock change or a safety-stock change: inventory's available after it, and the forecast outlook with it (unless stale). */
  applyStockEvent(e: StockAdjustedEvent | StockSafetyChangedEvent): void {
    if (this.setAvailable(e.productId, e.locationId, e.available, e.version) && e.forecast) this.setOutlook(e.productId, e.locationId, e.forecast);
  }

  /** A hold placed, released, consumed or expired: inventory's stock after it (unless stale). A refusal changed nothing. */
  applyReservationEvent(e: StockReservationChangedEvent): void {
    if (e.status === 'REFUSED') return;
    this.setAvailable(e.productId, e.locationId, e.available, e.version);
  }

  /** The version of the stock row the read model holds, or null when it holds none. */
  stockVersion(productId: string, locationId: string): number | null {
    return this.stock.get(locationId)?.get(productId)?.version ?? null;
  }

  setOutlook(productId: string, locationId: string, outlook: StockOutlook): void {
    let atLocation = this.outlook.get(locationId);
    if (!atLocation) this.outlook.set(locationId, (atLocation = new Map()));
    atLocation.set(productId, { dailyDemand: outlook.dailyDemand, daysOfCover: outlook.daysOfCover, stockoutRisk: outlook.stockoutRisk });
  }

  /** The outlook where an offer would be fulfilled: the store, or the warehouse online orders ship from. */
  outlookFor(productId: string, locationId: string | null): StockOutlook | null {
    const at = locationId && this.locations.get(locationId)?.type === 'STORE' ? locationId : this.shipsFrom(productId);
    return at ? (this.outlook.get(at)?.get(productId) ?? null) : null;
  }

  /** The warehouse with the most available to promise for an online order of the product, or null. */
  shipsFrom(productId: string): string | null {
    let best: string | null = null;
    let most = 0;
    for (const [locationId, l] of this.locations) {
      if (l.type === 'STORE') continue;
      const available = this.stock.get(locationId)?.get(productId)?.available ?? 0;
      if (available > most) [best, most] = [locationId, available];
    }
    return best;
  }

  addSales(productId: string, units: number): void {
    this.unitsSold.set(productId, (this.unitsSold.get(productId) ?? 0) + units);
    this.bestSellerOrder = null;
  }

  /** Available to promise at a store, or online (the warehouses) when no store is given. */
  availableAt(productId: string, locationId: string | null): number {
    if (locationId && this.locations.get(locationId)?.type === 'STORE') return this.stock.get(locationId)?.get(productId)?.available ?? 0;
    return this.online.get(productId) ?? 0;
  }

  /** Whether the location carries the product at all (a store's assortment). */
  carries(productId: string, locationId: string | null): boolean {
    if (locationId && this.locations.get(locationId)?.type === 'STORE') return this.stock.get(locationId)?.has(productId) ?? false;
    return this.products.has(productId);
  }

  salesPerDay(productId: string): number {
    return (this.unitsSold.get(productId) ?? 0) / this.salesWindowDays;
  }

  /** Products by units sold lately, most first (ties by id, so the order is stable). */
  bestSellers(): readonly CatalogProduct[] {
    this.bestSellerOrder ??= [...this.products.values()].sort((a, b) => this.salesPerDay(b.id) - this.salesPerDay(a.id) || (a.id < b.id ? -1 : 1));
    return this.bestSellerOrder;
  }

  get size(): { products: number; locations: number; stockRows: number } {
    let stockRows = 0;
    for (const m of this.stock.values()) stockRows += m.size;
    return { products: this.products.size, locations: this.locations.size, stockRows };
  }
}

const PRODUCTS = `query Catalog($after: String) {
  products(first: 100, after: $after) {
    edges { node {
      id price unitCost marginFloor lifecycle rating reviewCount competitorPriceGap attributes
      sentiment { score }
      brand { id tier }
      category { id path priceBand { low high } }
    } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const LOCATIONS = `{ locations { id type latitude longitude timezone } }`;

const STOCK = `query Stock($after: String) {
  stockLevels(first: 5000, after: $after) {
    edges { node { product { id } location { id } available version dailyDemand daysOfCover stockoutRisk } }
    pageInfo { hasNextPage endCursor }
  }
}`;

const SALES = `query Sales($days: Int!) { productSales(days: $days) { product { id } units } }`;

interface Page<N> {
  edges: { node: N }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

interface ProductNode {
  id: string;
  price: number;
  unitCost: number;
  marginFloor: number;
  lifecycle: Lifecycle;
  rating: number | null;
  reviewCount: number;
  competitorPriceGap: number | null;
  sentiment: { score: number | null };
  brand: { id: string; tier: number };
  category: { id: string; path: string[]; priceBand: { low: number; high: number } };
  attributes?: { size?: unknown; dietary?: unknown } | null;
}

async function* pages<N>(source: GraphQLSource, query: string, field: string): AsyncGenerator<N[]> {
  let after: string | null = null;
  do {
    const data: Record<string, Page<N>> = await queryGraphQL(source, query, { after });
    const page = data[field]!;
    yield page.edges.map((e) => e.node);
    after = page.pageInfo.hasNextPage ? page.pageInfo.endCursor : null;
  } while (after);
}

export function toCatalogProduct(n: ProductNode): CatalogProduct {
  const path = n.category.path.length ? n.category.path : [n.category.id];
  const { low, high } = n.category.priceBand;
  return {
    id: n.id,
    categoryId: n.category.id,
    departmentId: path[0]!,
    categoryPath: path.includes(n.category.id) ? path : [...path, n.category.id],
    brandId: n.brand.id,
    brandTier: n.brand.tier,
    price: n.price,
    unitCost: n.unitCost,
    marginFloor: n.marginFloor,
    lifecycle: n.lifecycle,
    rating: n.rating,
    reviewCount: n.reviewCount,
    competitorGap: n.competitorPriceGap,
    sentiment: n.sentiment.score,
    pricePosition: low > 0 && high > 0 && n.price > 0 ? Math.log(n.price / Math.sqrt(low * high)) : null,
    size: typeof n.attributes?.size === 'string' ? n.attributes.size : null,
    dietary: Array.isArray(n.attributes?.dietary) ? n.attributes.dietary.filter((d): d is string => typeof d === 'string') : [],
  };
}

/** Loads the whole read model from the three subgraphs (a few seconds for 10k products). */
export async function loadCandidateCatalog(sources: CatalogSources, salesWindowDays = 28): Promise<CandidateCatalog> {
  const catalog = new CandidateCatalog(salesWindowDays);
  const { locations } = await queryGraphQL<{ locations: CatalogLocation[] }>(sources.inventory, LOCATIONS);
  for (const l of locations) catalog.addLocation(l);
  const loadProducts = (async () => {
    for await (const nodes of pages<ProductNode>(sources.product, PRODUCTS, 'products')) for (const n of nodes) catalog.addProduct(toCatalogProduct(n));
  })();
  const loadStock = (async () => {
    for await (const nodes of pages<{ product: { id: string }; location: { id: string }; available: number; version: number } & StockOutlook>(sources.inventory, STOCK, 'stockLevels')) {
      for (const n of nodes) if (catalog.setAvailable(n.product.id, n.location.id, n.available, n.version)) catalog.setOutlook(n.product.id, n.location.id, n);
    }
  })();
  const loadSales = (async () => {
    const { productSales } = await queryGraphQL<{ productSales: { product: { id: string }; units: number }[] }>(sources.customer, SALES, { days: salesWindowDays });
    for (const s of productSales) catalog.addSales(s.product.id, s.units);
  })();
  await Promise.all([loadProducts, loadStock, loadSales]);
  return catalog;
}
