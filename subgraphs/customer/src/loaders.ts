// Per-request DataLoaders: entity references, nested pages and order lines arriving in one gateway
// call are resolved with one query per kind of data.
import DataLoader from 'dataloader';
import { MAX_PAGE_BATCH, type CustomerService, type PageKey } from './customerService.ts';
import { EMPTY_ORDER_SUMMARY, type HistoryService } from './historyService.ts';
import type { InteractionPageKey, InteractionService } from './interactionService.ts';

const fromMap = <K, V>(fetch: (keys: readonly K[]) => Promise<Map<K, V>>, fallback: V) =>
  new DataLoader<K, V>(async (keys) => {
    const map = await fetch(keys);
    return keys.map((k) => map.get(k) ?? fallback);
  });

const pageKey = (k: PageKey) => [k.customerId, k.first, k.after ? [k.after.at.toISOString(), k.after.id] : null];

export function createCustomerLoaders(customers: CustomerService, interactions: InteractionService, history: HistoryService) {
  return {
    customer: fromMap((ids: readonly string[]) => customers.customersByIds(ids), null),
    orderLines: fromMap((ids: readonly string[]) => customers.linesByOrderIds(ids), []),
    orders: new DataLoader((keys: readonly PageKey[]) => customers.orderPages(keys), {
      cacheKeyFn: (k) => JSON.stringify(pageKey(k)),
      maxBatchSize: MAX_PAGE_BATCH,
    }),
    interactions: new DataLoader((keys: readonly InteractionPageKey[]) => interactions.interactionPages(keys), {
      cacheKeyFn: (k) => JSON.stringify([...pageKey(k), k.types ? [...new Set(k.types)].sort() : null]),
      maxBatchSize: MAX_PAGE_BATCH,
    }),
    /** ShoppingHistory's order figures, by customer id. */
    orderSummary: fromMap((ids: readonly string[]) => history.orderSummaries(ids), EMPTY_ORDER_SUMMARY),
    /** ShoppingHistory.topProducts, by customer id. */
    topProducts: fromMap((ids: readonly string[]) => history.topProducts(ids), []),
  };
}

export type CustomerLoaders = ReturnType<typeof createCustomerLoaders>;
