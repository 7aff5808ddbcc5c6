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
  private readonly byProduct = new Map<string, LivePromotion[]>();
  private readonly byCategory = new Map<string, LivePromotion[]>();
  private readonly byBrand = new Map<string, LivePromotion[]>();

  constructor(private readonly catalog: Catalog, promotions: readonly PromotionRow[]) {
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
      const [map, key] = row.productId ? [this.byProduct, row.productId] : row.categoryId ? [this.byCategory, row.categoryId] : [this.byBrand, row.brandId!];
      const list = map.get(key) ?? [];
      list.push(live);
      map.set(key, list);
    }
  }

  /** The best live promotion for product index p, or null. */
  best(p: number, atMs: number, channel: number, tierLevel: number, segments: readonly string[]): AppliedPromotion | null {
    const product = this.catalog.products[p]!;
    const department = this.catalog.departmentIds[this.catalog.truth.department[p]!]!;
    let best: AppliedPromotion | null = null;
    for (const list of [this.byProduct.get(product.id), this.byCategory.get(product.categoryId), this.byCategory.get(department), this.byBrand.get(product.brandId)]) {
      if (!list) continue;
      for (const live of list) {
        if (atMs < live.from || atMs >= live.to) continue;
        if (!(live.channels & (1 << channel)) || !(live.tiers & (1 << tierLevel))) continue;
        if (live.row.eligibleSegments.length > 0 && !live.row.eligibleSegments.some((s) => segments.includes(s))) continue;
        const share = discountShare(live.row.type, live.row.depth, product.price, CHANNELS[channel]!);
        if (share > 0 && (!best || share > best.share)) best = { promotionId: live.row.id, share };
      }
    }
    return best;
  }
}
