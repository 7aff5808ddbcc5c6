// Rows shaped exactly like the Prisma models of prisma/schema.prisma (same field names, enums as
// their string values, money as numbers rounded to cents, BigInt ids as numbers), so the loader can
// write them column by column and tests can hand them to Prisma. No relation fields.

export type LoyaltyTier = 'NONE' | 'BRONZE' | 'SILVER' | 'GOLD' | 'PLATINUM';
export type Channel = 'WEB' | 'APP' | 'STORE' | 'EMAIL' | 'SOCIAL' | 'CALL_CENTRE';
export type Device = 'DESKTOP' | 'MOBILE' | 'TABLET' | 'IN_STORE' | 'PHONE' | 'OTHER';
export type InteractionType = 'VIEW' | 'SEARCH' | 'ADD_TO_CART' | 'REMOVE_FROM_CART' | 'CHECKOUT_START' | 'PURCHASE' | 'CART_ABANDON' | 'REVIEW' | 'SERVICE_CONTACT';
export type OrderStatus = 'PLACED' | 'FULFILLED' | 'CANCELLED' | 'RETURNED';
export type Lifecycle = 'NEW' | 'CORE' | 'SEASONAL' | 'CLEARANCE';
export type LocationType = 'STORE' | 'WAREHOUSE';
export type PromotionType = 'PERCENT_OFF' | 'AMOUNT_OFF' | 'BUY_X_GET_Y' | 'FREE_SHIPPING' | 'LOYALTY_POINTS';
export type PromotionStatus = 'DRAFT' | 'PENDING_APPROVAL' | 'APPROVED' | 'REJECTED' | 'PAUSED' | 'ENDED';

export const LOYALTY_TIERS: readonly LoyaltyTier[] = ['NONE', 'BRONZE', 'SILVER', 'GOLD', 'PLATINUM'];
export const CHANNELS: readonly Channel[] = ['WEB', 'APP', 'STORE', 'EMAIL', 'SOCIAL', 'CALL_CENTRE'];
export const DEVICES: readonly Device[] = ['DESKTOP', 'MOBILE', 'TABLET', 'IN_STORE', 'PHONE', 'OTHER'];

export type ProductAttributes = Record<string, string | number | boolean | string[]>;

export interface CategoryRow {
  id: string;
  name: string;
  slug: string;
  parentId: string | null;
  marginFloor: number;
  priceLow: number;
  priceHigh: number;
}

export interface BrandRow {
  id: string;
  name: string;
  tier: number;
}

export interface ProductRow {
  id: string;
  sku: string;
  name: string;
  description: string;
  categoryId: string;
  brandId: string;
  price: number;
  unitCost: number;
  currency: string;
  lifecycle: Lifecycle;
  marginFloor: number | null;
  attributes: ProductAttributes;
  rating: number | null;
  reviewCount: number;
  launchedAt: Date;
  createdAt: Date;
}

export interface CompetitorPriceRow {
  id: string;
  productId: string;
  competitor: string;
  price: number;
  observedAt: Date;
}

export interface SocialSignalRow {
  id: string;
  productId: string;
  source: string;
  mentions: number;
  sentiment: number;
  observedAt: Date;
}

export interface LocationRow {
  id: string;
  code: string;
  name: string;
  type: LocationType;
  city: string;
  region: string;
  lat: number;
  lon: number;
  timezone: string;
}

export interface StockLevelRow {
  productId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  updatedAt: Date;
}

export interface CustomerRow {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  birthYear: number | null;
  gender: string | null;
  incomeBand: number | null;
  homeCity: string | null;
  homeLat: number | null;
  homeLon: number | null;
  homeStoreId: string | null;
  loyaltyTier: LoyaltyTier;
  loyaltyPoints: number;
  consentEmail: boolean;
  consentSms: boolean;
  consentPush: boolean;
  consentPersonalization: boolean;
  priceSensitivity: number;
  segments: string[];
  createdAt: Date;
  updatedAt: Date;
}

export interface InteractionRow {
  id: number;
  idempotencyKey: string | null;
  customerId: string;
  type: InteractionType;
  channel: Channel;
  device: Device;
  sessionId: string | null;
  productId: string | null;
  query: string | null;
  locationId: string | null;
  lat: number | null;
  lon: number | null;
  value: number | null;
  rating: number | null;
  occurredAt: Date;
}

export interface OrderRow {
  id: string;
  customerId: string;
  channel: Channel;
  locationId: string | null;
  status: OrderStatus;
  total: number;
  placedAt: Date;
}

export interface OrderLineRow {
  id: string;
  orderId: string;
  productId: string;
  quantity: number;
  unitPrice: number;
  discount: number;
  promotionId: string | null;
}

export interface PromotionRow {
  id: string;
  name: string;
  description: string;
  type: PromotionType;
  depth: number;
  productId: string | null;
  categoryId: string | null;
  brandId: string | null;
  eligibleTiers: LoyaltyTier[];
  eligibleSegments: string[];
  channels: Channel[];
  startsAt: Date;
  endsAt: Date;
  status: PromotionStatus;
  budgetAmount: number | null;
  budgetUnits: number | null;
  spentAmount: number;
  spentUnits: number;
  /** Discount held by offers served and not yet final: none in a generated world. */
  reservedAmount: number;
  reservedUnits: number;
  rationale: string | null;
  proposedBy: string | null;
  proposedAt: Date | null;
  reviewedBy: string | null;
  reviewedAt: Date | null;
  reviewNote: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
