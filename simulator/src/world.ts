// generateWorld: validates the config, then builds the world from independent random streams (one
// per part, one per customer), so changing one size leaves the other parts as they were where
// possible. Reference data is held in memory; the history (interactions, orders) is streamed by
// world.activity() in chunks of customers.
import { generateActivity, type ActivityChunk, type ActivityOptions } from './activityGenerator.ts';
import type { ModelTruth } from './behaviourModel.ts';
import { PURCHASE_MODEL } from './behaviourModel.ts';
import { Calendar } from './calendar.ts';
import { generateCatalog } from './catalogGenerator.ts';
import { validateWorldConfig, type WorldConfig } from './config.ts';
import { generateCustomers, type CustomerTruth } from './customerGenerator.ts';
import { REGIONS } from './geography.ts';
import { generateLocations } from './locationGenerator.ts';
import { generateCompetitorPrices, generateSocialSignals } from './marketSignals.ts';
import { generatePromotions } from './promotionGenerator.ts';
import { PromotionIndex } from './promotionIndex.ts';
import { createRandom } from './random.ts';
import type { BrandRow, CategoryRow, CompetitorPriceRow, CustomerRow, InteractionRow, LocationRow, OrderLineRow, OrderRow, ProductRow, PromotionRow, SocialSignalRow, StockLevelRow } from './rows.ts';
import { generateStock } from './stockGenerator.ts';
import { generateWalkInSales, WalkInDemand, type WalkInSaleRow } from './walkInSales.ts';

/** Hidden state behind the rows: what the purchase model knows and a learner must infer. */
export interface GroundTruth extends ModelTruth {
  customers: CustomerTruth;
  /** Location index by id. */
  locationIndex: ReadonlyMap<string, number>;
  /** Expected walk-in sales per store and product, which the stores' stock and walk-in sales follow. */
  walkIns: WalkInDemand;
}

export interface World {
  config: WorldConfig;
  categories: CategoryRow[];
  brands: BrandRow[];
  products: ProductRow[];
  locations: LocationRow[];
  stockLevels: StockLevelRow[];
  competitorPrices: CompetitorPriceRow[];
  socialSignals: SocialSignalRow[];
  customers: CustomerRow[];
  promotions: PromotionRow[];
  truth: GroundTruth;
  /** Stores' sales to shoppers the CRM does not know, per product, store and day (computed on each call). */
  walkInSales(): WalkInSaleRow[];
  /** Streams interactions, orders and order lines in chunks of customers (a fresh, identical stream per call). */
  activity(options?: ActivityOptions): Generator<ActivityChunk>;
}

export function generateWorld(input: WorldConfig): World {
  const config = validateWorldConfig(input);
  const root = createRandom(config.seed);
  const catalog = generateCatalog(root.fork('catalog'), config.products, config.now);
  const locations = generateLocations(root.fork('locations'), config.stores, config.warehouses);
  const customers = generateCustomers(root.fork('customers'), config.customers, locations, config.now);
  const competitorPrices = generateCompetitorPrices(root.fork('competitors'), catalog, config.competitors, config.now, config.days);
  const socialSignals = generateSocialSignals(root.fork('social'), catalog, config.now, config.days);
  const promotions = generatePromotions(root.fork('promotions'), catalog, config.promotions, config.now, config.days);

  const lifecycleEffect = new Float64Array(catalog.products.length);
  catalog.products.forEach((p, i) => (lifecycleEffect[i] = PURCHASE_MODEL.lifecycle[p.lifecycle]));
  const model: ModelTruth = {
    customers: customers.truth,
    products: catalog.truth,
    lifecycleEffect,
    locationRegion: Uint8Array.from(locations.rows, (l) => REGIONS.indexOf(l.region as (typeof REGIONS)[number])),
  };
  // Stores stock what they expect to sell, and walk-ins are most of what they sell.
  const walkIns = new WalkInDemand(catalog, locations, customers, model);
  const truth: GroundTruth = { ...model, locationIndex: new Map(locations.rows.map((l, i) => [l.id, i])), walkIns };
  const stock = generateStock(root.fork('stock'), catalog, locations, config.now, (s, p) => walkIns.dailyUnits(s, p));
  const calendar = new Calendar(config.now, config.days);
  const promotionIndex = new PromotionIndex(catalog, promotions);

  return {
    config,
    categories: catalog.categories,
    brands: catalog.brands,
    products: catalog.products,
    locations: locations.rows,
    stockLevels: stock.rows,
    competitorPrices,
    socialSignals,
    customers: customers.rows,
    promotions,
    truth,
    walkInSales: () => generateWalkInSales(root.fork('walk-ins'), walkIns, calendar, catalog, locations, stock.rows, promotionIndex),
    activity: (options) =>
      generateActivity(
        {
          seed: config.seed,
          interactions: config.interactions,
          now: config.now,
          calendar,
          catalog,
          locations,
          customers,
          availableInStore: stock.availableInStore,
          promotions: promotionIndex,
          model: truth,
        },
        options,
      ),
  };
}

export interface Activity {
  interactions: InteractionRow[];
  orders: OrderRow[];
  orderLines: OrderLineRow[];
}

/** The whole history in memory: for small worlds (tests, analysis). */
export function collectActivity(world: World): Activity {
  const all: Activity = { interactions: [], orders: [], orderLines: [] };
  for (const chunk of world.activity({ customersPerChunk: 5000 })) {
    for (const row of chunk.interactions) all.interactions.push(row);
    for (const row of chunk.orders) all.orders.push(row);
    for (const row of chunk.orderLines) all.orderLines.push(row);
  }
  return all;
}
