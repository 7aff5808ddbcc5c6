// The tables the seeder writes, in foreign-key order, with each column's Postgres type. Table and
// column names are Prisma's (model and field names, quoted). The mapped types make a spec list
// every field of the simulator's row, so a field added on one side and not the other fails tsc.
import type {
  BrandRow,
  CategoryRow,
  CompetitorPriceRow,
  CustomerRow,
  InteractionRow,
  LocationRow,
  OrderLineRow,
  OrderRow,
  ProductRow,
  PromotionRow,
  SocialSignalRow,
  StockLevelRow,
} from '@retail/simulator';
import type { DailySalesRow } from './dailySales.ts';

export type ColumnType =
  | 'text'
  | 'int'
  | 'bigint'
  | 'float8'
  | 'numeric'
  | 'bool'
  | 'timestamp'
  | 'date'
  | 'jsonb'
  | 'text[]'
  | '"LoyaltyTier"'
  | '"LoyaltyTier"[]'
  | '"Channel"'
  | '"Channel"[]'
  | '"Device"'
  | '"InteractionType"'
  | '"OrderStatus"'
  | '"Lifecycle"'
  | '"LocationType"'
  | '"PromotionType"'
  | '"PromotionStatus"';

export interface TableSpec<R> {
  table: string;
  columns: { readonly [K in keyof R]-?: ColumnType };
}

const spec = <R>(table: string, columns: TableSpec<R>['columns']): TableSpec<R> => ({ table, columns });

export const CATEGORY = spec<CategoryRow>('Category', { id: 'text', name: 'text', slug: 'text', parentId: 'text', marginFloor: 'float8', priceLow: 'numeric', priceHigh: 'numeric' });
export const BRAND = spec<BrandRow>('Brand', { id: 'text', name: 'text', tier: 'int' });
export const PRODUCT = spec<ProductRow>('Product', {
  id: 'text', sku: 'text', name: 'text', description: 'text', categoryId: 'text', brandId: 'text', price: 'numeric', unitCost: 'numeric', currency: 'text',
  lifecycle: '"Lifecycle"', marginFloor: 'float8', attributes: 'jsonb', rating: 'float8', reviewCount: 'int', launchedAt: 'timestamp', createdAt: 'timestamp',
});
export const COMPETITOR_PRICE = spec<CompetitorPriceRow>('CompetitorPrice', { id: 'text', productId: 'text', competitor: 'text', price: 'numeric', observedAt: 'timestamp' });
export const SOCIAL_SIGNAL = spec<SocialSignalRow>('SocialSignal', { id: 'text', productId: 'text', source: 'text', mentions: 'int', sentiment: 'float8', observedAt: 'timestamp' });
export const LOCATION = spec<LocationRow>('Location', { id: 'text', code: 'text', name: 'text', type: '"LocationType"', city: 'text', region: 'text', lat: 'float8', lon: 'float8', timezone: 'text' });
export const STOCK_LEVEL = spec<StockLevelRow>('StockLevel', { productId: 'text', locationId: 'text', onHand: 'int', reserved: 'int', safetyStock: 'int', updatedAt: 'timestamp' });
export const CUSTOMER = spec<CustomerRow>('Customer', {
  id: 'text', email: 'text', firstName: 'text', lastName: 'text', birthYear: 'int', gender: 'text', incomeBand: 'int', homeCity: 'text', homeLat: 'float8', homeLon: 'float8',
  homeStoreId: 'text', loyaltyTier: '"LoyaltyTier"', loyaltyPoints: 'int', consentEmail: 'bool', consentSms: 'bool', consentPush: 'bool', consentPersonalization: 'bool',
  priceSensitivity: 'float8', segments: 'text[]', createdAt: 'timestamp', updatedAt: 'timestamp',
});
export const PROMOTION = spec<PromotionRow>('Promotion', {
  id: 'text', name: 'text', description: 'text', type: '"PromotionType"', depth: 'float8', productId: 'text', categoryId: 'text', brandId: 'text',
  eligibleTiers: '"LoyaltyTier"[]', eligibleSegments: 'text[]', channels: '"Channel"[]', startsAt: 'timestamp', endsAt: 'timestamp', status: '"PromotionStatus"',
  budgetAmount: 'numeric', budgetUnits: 'int', spentAmount: 'numeric', spentUnits: 'int', reservedAmount: 'numeric', reservedUnits: 'int', rationale: 'text', proposedBy: 'text', proposedAt: 'timestamp',
  reviewedBy: 'text', reviewedAt: 'timestamp', reviewNote: 'text', version: 'int', createdAt: 'timestamp', updatedAt: 'timestamp',
});
export const INTERACTION = spec<InteractionRow>('Interaction', {
  id: 'bigint', idempotencyKey: 'text', customerId: 'text', type: '"InteractionType"', channel: '"Channel"', device: '"Device"', sessionId: 'text', productId: 'text',
  query: 'text', locationId: 'text', lat: 'float8', lon: 'float8', value: 'numeric', rating: 'int', occurredAt: 'timestamp',
});
export const ORDER = spec<OrderRow>('Order', { id: 'text', customerId: 'text', channel: '"Channel"', locationId: 'text', status: '"OrderStatus"', total: 'numeric', placedAt: 'timestamp' });
export const ORDER_LINE = spec<OrderLineRow>('OrderLine', { id: 'text', orderId: 'text', productId: 'text', quantity: 'int', unitPrice: 'numeric', discount: 'numeric', promotionId: 'text' });

export const DAILY_SALES = spec<DailySalesRow>('DailySales', { productId: 'text', locationId: 'text', day: 'date', units: 'int' });

/** Every table the seeder writes, parents before children. */
export const SEEDED_TABLES = [CATEGORY, BRAND, PRODUCT, COMPETITOR_PRICE, SOCIAL_SIGNAL, LOCATION, STOCK_LEVEL, PROMOTION, CUSTOMER, INTERACTION, ORDER, ORDER_LINE, DAILY_SALES].map((s) => s.table);
export type SeededTable = 'Category' | 'Brand' | 'Product' | 'CompetitorPrice' | 'SocialSignal' | 'Location' | 'StockLevel' | 'Promotion' | 'Customer' | 'Interaction' | 'Order' | 'OrderLine' | 'DailySales';
