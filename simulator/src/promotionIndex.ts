// Which promotion a shopper gets on a product at a moment: the live ones (approved and running,
// paused ones until they were paused, ended ones while they ran) that target the product, its
// category or department, or its brand, on that channel, for that tier and segments. The best
// discount wins. Budgets are not enforced here.
import type { Catalog } from './catalogGenerator.ts';
import { discountShare } from './promotionGenerator.ts';
import { CHANNELS, LOYALTY_TIERS, type PromotionRow } from './rows.ts';

interface LivePromotion {
  row: PromotionRow;
  from: number;
  to: number;
  channels: number;
  tiers: number;
}

export interface AppliedPromotion {
  promotionId: string;
  share: number;
}

export class PromotionIndex {
  /** Per product index: the promotions that ever ran on it, or undefined. */
  private readonly candidates: (LivePromotion[] | undefined)[];

  constructor(private readonly catalog: Catalog, promotions: readonly PromotionRow[]) {
    this.candidates = new Array(catalog.products.length);
    const byCategory = new Map<string, number[]>();
    catalog.leaves.forEach((leaf) => {
      byCategory.set(leaf.categoryId, leaf.products);
      const department = catalog.departmentIds[leaf.department]!;
      byCategory.set(department, [...(byCategory.get(department) ?? []), ...leaf.products]);
    });
    const productIndex = new Map(catalog.products.map((p, i) => [p.id, i]));
    const brandIndex = new Map(catalog.brands.map((b, i) => [b.id, i]));
    for (const row of promotions) {
      const to = row.status === 'APPROVED' || row.status === 'ENDED' ? row.endsAt.getTime() : row.status === 'PAUSED' ? Math.min(row.updatedAt.getTime(), row.endsAt.getTime()) : -Infinity;
      if (to === -Infinity) continue;
      const live: LivePromotion = {
        row,
        from: row.startsAt.getTime(),
        to,
        channels: row.channels.reduce((mask, c) => mask | (1 << CHANNELS.indexOf(c)), 0),
        tiers: row.eligibleTiers.length === 0 ? 0xff : row.eligibleTiers.reduce((mask, t) => mask | (1 << LOYALTY_TIERS.indexOf(t)), 0),
      };
      const targets = row.productId ? [productIndex.get(row.productId) ?? -1] : row.categoryId ? (byCategory.get(row.categoryId) ?? []) : (catalog.productsByBrand[brandIndex.get(row.brandId!) ?? -1] ?? []);
      for (const p of targets) if (p >= 0) (this.candidates[p] ??= []).push(live);
    }
  }

  /** Whether any promotion that ever ran (or runs) targets product index p. */
  targets(p: number): boolean {
    return this.candidates[p] !== undefined;
  }

  /** The best live promotion for product index p, or null. */
  best(p: number, atMs: number, channel: number, tierLevel: number, segments: readonly string[]): AppliedPromotion | null {
    const candidates = this.candidates[p];
    if (candidates === undefined) return null;
    let best: AppliedPromotion | null = null;
    for (const live of candidates) {
      if (atMs < live.from || atMs >= live.to) continue;
      if (!(live.channels & (1 << channel)) || !(live.tiers & (1 << tierLevel))) continue;
      if (live.row.eligibleSegments.length > 0 && !live.row.eligibleSegments.some((s) => segments.includes(s))) continue;
      const share = discountShare(live.row.type, live.row.depth, this.catalog.products[p]!.price, CHANNELS[channel]!);
      if (share > 0 && (!best || share > best.share)) best = { promotionId: live.row.id, share };
    }
    return best;
  }
}
