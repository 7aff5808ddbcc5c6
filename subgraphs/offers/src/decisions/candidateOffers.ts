// Candidate generation: which offers one request ranks. A retrieval stage picks up to
// `maxProducts` products the serving location carries — the shopper's own top products, products
// that promotions target, best sellers of the shopper's departments, then overall best sellers —
// and each becomes an offer without promotion plus one per promotion that applies to it and that
// the shopper's tier and segments qualify for. The engine's hard constraints then judge each offer.
import type { Channel } from '@retail/db';
import type { OfferFeatures, RankCandidate } from '@retail/engine';
import type { CandidateCatalog, CatalogProduct, StockOutlook } from '../readModel/candidateCatalog.ts';
import { appliesTo, discountPerUnit, isEligible, type PromotionRow } from '../rules.ts';
import type { ShopperProfile } from './shopperProfile.ts';

export interface CandidateRequest {
  profile: ShopperProfile;
  channel: Channel;
  /** A store, or null for online. */
  locationId: string | null;
  /** Promotions in their window, approved or awaiting approval (the constraints remove the latter, visibly). */
  promotions: readonly PromotionRow[];
  maxProducts: number;
  /** The soft penalty's flag: offers that have done far worse than average so far. */
  isUnderperforming?: (offerId: string) => boolean;
}

/** Offer ids are `<productId>|<promotionId or ->`: stable across requests, so the model learns per offer. */
export const offerIdOf = (productId: string, promotionId: string | null) => `${productId}|${promotionId ?? '-'}`;

export function parseOfferId(offerId: string): { productId: string; promotionId: string | null } | null {
  const at = offerId.lastIndexOf('|');
  if (at <= 0 || at === offerId.length - 1) return null;
  const promotion = offerId.slice(at + 1);
  return { productId: offerId.slice(0, at), promotionId: promotion === '-' ? null : promotion };
}

export function retrieveProducts(catalog: CandidateCatalog, request: CandidateRequest, promoted: readonly PromotionRow[]): CatalogProduct[] {
  const { profile, locationId, maxProducts } = request;
  const picked = new Map<string, CatalogProduct>();
  const add = (p: CatalogProduct | undefined, limit: number) => {
    if (p && picked.size < limit && !picked.has(p.id) && catalog.carries(p.id, locationId)) picked.set(p.id, p);
  };
  const quarter = Math.ceil(maxProducts / 4);
  for (const id of profile.topProducts) add(catalog.products.get(id), quarter);
  const bestSellers = catalog.bestSellers();
  // Promoted products: for a category or brand promotion, its best sellers.
  const promotedLimit = picked.size + quarter;
  for (const p of promoted.filter((x) => x.productId !== null)) add(catalog.products.get(p.productId!), promotedLimit);
  const wide = promoted.filter((x) => x.productId === null);
  if (wide.length) for (const product of bestSellers) {
    if (picked.size >= promotedLimit) break;
    if (wide.some((x) => appliesTo(x, { productId: product.id, categoryPath: product.categoryPath, brandId: product.brandId }))) add(product, promotedLimit);
  }
  // The shopper's departments, in proportion to their affinity.
  const affinityLimit = picked.size + quarter;
  for (const [department, share] of profile.departments) {
    const want = picked.size + Math.max(1, Math.round(share * quarter));
    for (const product of bestSellers) {
      if (picked.size >= Math.min(want, affinityLimit)) break;
      if (product.departmentId === department) add(product, affinityLimit);
    }
  }
  for (const product of bestSellers) {
    if (picked.size >= maxProducts) break;
    add(product, maxProducts);
  }
  return [...picked.values()];
}

/**
 * 0..1, how far the forecast says stock outlasts demand: from 60 days of cover (0) to 180 (1).
 * With no forecast yet, a long cover from recent sales (180 to 360 days). No expected demand at
 * all is not overstock: nothing says promoting it would move it.
 */
export function overstockOf(outlook: StockOutlook | null, stockCoverDays: number | null): number {
  if (outlook) return outlook.daysOfCover === null ? 0 : Math.min(1, Math.max(0, (outlook.daysOfCover - 60) / 120));
  return stockCoverDays !== null && stockCoverDays > 180 ? Math.min(1, (stockCoverDays - 180) / 180) : 0;
}

export function candidateOffers(catalog: CandidateCatalog, request: CandidateRequest): RankCandidate[] {
  const { profile, channel, locationId } = request;
  const qualifying = request.promotions.filter((p) => isEligible(p, { loyaltyTier: profile.loyaltyTier as never, segments: profile.segments }));
  const products = retrieveProducts(catalog, request, qualifying);
  const out: RankCandidate[] = [];
  for (const product of products) {
    const available = catalog.availableAt(product.id, locationId);
    const salesPerDay = catalog.salesPerDay(product.id);
    const outlook = catalog.outlookFor(product.id, locationId);
    const stockoutRisk = outlook?.stockoutRisk ?? 0;
    const traits = { productId: product.id, categoryPath: product.categoryPath, brandId: product.brandId };
    const offer = (promotion: PromotionRow | null): RankCandidate => {
      const discount = promotion ? Math.min(product.price, discountPerUnit(promotion.type, promotion.depth, product.price, channel)) : 0;
      const net = product.price - discount;
      const offerId = offerIdOf(product.id, promotion?.id ?? null);
      const features: OfferFeatures = {
        categoryId: product.departmentId,
        price: product.price,
        discountShare: product.price > 0 ? discount / product.price : 0,
        marginAfterDiscount: net > 0 ? (net - product.unitCost) / net : -1,
        competitorGap: product.competitorGap,
        lifecycle: product.lifecycle,
        rating: product.rating,
        sentiment: product.sentiment,
        stockCoverDays: available > 0 ? available / Math.max(0.05, salesPerDay) : 0,
        pricePosition: product.pricePosition,
        brandTier: product.brandTier,
        reviewCount: product.reviewCount,
      };
      const budgetAmount = promotion?.budgetAmount == null ? null : promotion.budgetAmount.toNumber();
      return {
        offerId,
        productId: product.id,
        promotionId: promotion?.id ?? null,
        offer: features,
        constraint: {
          offerId,
          price: product.price,
          unitCost: product.unitCost,
          discount,
          marginFloor: product.marginFloor,
          available,
          stockoutRisk,
          promotion: promotion
            ? {
                id: promotion.id,
                approved: promotion.status === 'APPROVED',
                startsAt: promotion.startsAt.getTime(),
                endsAt: promotion.endsAt.getTime(),
                channels: promotion.channels,
                budgetAmountLeft: budgetAmount === null ? null : budgetAmount - promotion.spentAmount.toNumber() - promotion.reservedAmount.toNumber(),
                budgetUnitsLeft: promotion.budgetUnits === null ? null : promotion.budgetUnits - promotion.spentUnits - promotion.reservedUnits,
              }
            : null,
        },
        budget:
          promotion && budgetAmount !== null
            ? { budget: budgetAmount, spent: promotion.spentAmount.toNumber() + promotion.reservedAmount.toNumber(), startsAt: promotion.startsAt.getTime(), endsAt: promotion.endsAt.getTime() }
            : null,
        popularity: salesPerDay + 1e-6 * (product.price > 0 ? discount / product.price : 0),
        overstock: overstockOf(outlook, features.stockCoverDays),
        underperforming: request.isUnderperforming?.(offerId) ?? false,
        stockoutRisk,
        daysOfCover: outlook?.daysOfCover ?? null,
      };
    };
    out.push(offer(null));
    for (const promotion of qualifying) if (appliesTo(promotion, traits)) out.push(offer(promotion));
  }
  return out;
}
