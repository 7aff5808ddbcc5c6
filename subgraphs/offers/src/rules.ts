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
