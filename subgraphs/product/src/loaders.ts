// Per-request DataLoaders: entity references and per-product fields arriving in one gateway call
// are resolved with one query per kind of data.
import DataLoader from 'dataloader';
import type { CatalogService } from './catalogService.ts';

const fromMap = <K, V>(fetch: (keys: readonly K[]) => Promise<Map<K, V>>, fallback: V) =>
  new DataLoader<K, V>(async (keys) => {
    const map = await fetch(keys);
    return keys.map((k) => map.get(k) ?? fallback);
  });

export function createCatalogLoaders(catalog: CatalogService) {
  return {
    product: fromMap((ids: readonly string[]) => catalog.productsByIds(ids), null),
    category: fromMap((ids: readonly string[]) => catalog.categoriesByIds(ids), null),
    brand: fromMap((ids: readonly string[]) => catalog.brandsByIds(ids), null),
    categoryPath: fromMap((ids: readonly string[]) => catalog.categoryPaths(ids), [] as string[]),
    children: fromMap((ids: readonly (string | null)[]) => catalog.childCategories(ids), []),
    competitorPrices: fromMap((ids: readonly string[]) => catalog.competitorPrices(ids), []),
    sentiment: fromMap((ids: readonly string[]) => catalog.sentiment(ids), { score: null, mentions: 0, sources: [] as string[] }),
  };
}

export type CatalogLoaders = ReturnType<typeof createCatalogLoaders>;
