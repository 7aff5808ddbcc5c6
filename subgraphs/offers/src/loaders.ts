// Per-request DataLoaders: entity references and per-entity fields arriving in one gateway call
// are resolved with one query per kind of data. `now` is fixed per request so every field agrees.
import DataLoader from 'dataloader';
import { customerKey, productKey, type CustomerPromotionKey, type OffersService, type ProductPromotionKey } from './offersService.ts';
import type { PromotionRow } from './rules.ts';

export function createOffersLoaders(offers: OffersService, now: Date) {
  return {
    promotion: new DataLoader<string, PromotionRow | null>(async (ids) => {
      const map = await offers.promotionsByIds(ids);
      return ids.map((id) => map.get(id) ?? null);
    }),
    forCustomer: new DataLoader<CustomerPromotionKey, PromotionRow[], string>(
      async (keys) => {
        const map = await offers.promotionsForCustomers(keys, now);
        return keys.map((k) => map.get(customerKey(k)) ?? []);
      },
      { cacheKeyFn: customerKey },
    ),
    forProduct: new DataLoader<ProductPromotionKey, PromotionRow[], string>(
      async (keys) => {
        const map = await offers.promotionsForProducts(keys, now);
        return keys.map((k) => map.get(productKey(k)) ?? []);
      },
      { cacheKeyFn: productKey },
    ),
  };
}

export type OffersLoaders = ReturnType<typeof createOffersLoaders>;
