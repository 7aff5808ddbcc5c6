// The rules that decide which promotions are live and to whom or what they apply. Pure functions
// over promotion rows, so the SQL prefilters in OffersService stay a performance detail.
import type { Channel, LoyaltyTier, Prisma } from '@retail/db';

export type PromotionRow = Prisma.PromotionGetPayload<object>;

/** Approved and inside its window: startsAt ≤ now < endsAt. */
export function isActive(p: PromotionRow, now: Date): boolean {
  return p.status === 'APPROVED' && p.startsAt.getTime() <= now.getTime() && now.getTime() < p.endsAt.getTime();
}

/** Money or units budget fully spent (a budget left unset is unlimited). */
export function isBudgetExhausted(p: PromotionRow): boolean {
  if (p.budgetAmount !== null && p.spentAmount.gte(p.budgetAmount)) return true;
  if (p.budgetUnits !== null && p.spentUnits >= p.budgetUnits) return true;
  return false;
}

/** Active and still fundable: what may be offered now. */
export const isLive = (p: PromotionRow, now: Date) => isActive(p, now) && !isBudgetExhausted(p);

/** A promotion runs only on the channels it lists. */
export const onChannel = (p: PromotionRow, channel: Channel | null) => channel === null || (p.channels ?? []).includes(channel);

export interface CustomerTraits {
  loyaltyTier: LoyaltyTier | null;
  segments: readonly string[];
}

/** Empty eligibleTiers / eligibleSegments mean everyone; otherwise the tier must be listed and a segment shared. */
export function isEligible(p: PromotionRow, customer: CustomerTraits): boolean {
  const tiers = p.eligibleTiers ?? [];
  const segments = p.eligibleSegments ?? [];
  if (tiers.length > 0 && (customer.loyaltyTier === null || !tiers.includes(customer.loyaltyTier))) return false;
  if (segments.length > 0 && !segments.some((s) => customer.segments.includes(s))) return false;
  return true;
}

export interface ProductTraits {
  productId: string;
  /** The product's category and its ancestors, root first. */
  categoryPath: readonly string[];
  brandId: string | null;
}

/** The product itself, a category on its path, its brand, or no target at all (store-wide). */
export function appliesTo(p: PromotionRow, product: ProductTraits): boolean {
  if (p.productId === null && p.categoryId === null && p.brandId === null) return true;
  return (
    p.productId === product.productId ||
    (p.categoryId !== null && product.categoryPath.includes(p.categoryId)) ||
    (p.brandId !== null && p.brandId === product.brandId)
  );
}

/**
 * Money off one unit that a promotion gives on a channel: a share of the price, an amount (at most
 * 90 % of the price), half the depth for buy-x-get-y (the second unit at `depth` off), shipping
 * (online only, at most 10 %), or loyalty points worth a cent per point per unit of price.
 */
export function discountPerUnit(type: PromotionRow['type'], depth: number, price: number, channel: Channel): number {
  let share: number;
  switch (type) {
    case 'PERCENT_OFF':
      share = depth;
      break;
    case 'AMOUNT_OFF':
      share = Math.min(0.9, depth / price);
      break;
    case 'BUY_X_GET_Y':
      share = depth / 2;
      break;
    case 'FREE_SHIPPING':
      share = channel === 'STORE' ? 0 : Math.min(0.1, 4.99 / price);
      break;
    case 'LOYALTY_POINTS':
      share = 0.01 * depth;
      break;
  }
  return Math.round(Math.min(1, Math.max(0, share)) * price * 100) / 100;
}
