// Per-request DataLoaders: entity references and per-product fields arriving in one gateway call
// are resolved with one query per kind of data.
import DataLoader from 'dataloader';
import { EMPTY_AVAILABILITY, stockKey, type Availability, type InventoryService, type LocationRow, type StockKey } from './inventoryService.ts';

export function createInventoryLoaders(inventory: InventoryService) {
  return {
    location: new DataLoader<string, LocationRow | null>(async (ids) => {
      const map = await inventory.locationsByIds(ids);
      return ids.map((id) => map.get(id) ?? null);
    }),
    /** Keyed by (productId, locationId | null); every product of a request in one query. */
    availability: new DataLoader<StockKey, Availability, string>(
      async (keys) => {
        const map = await inventory.availability(keys);
        return keys.map((k) => map.get(stockKey(k)) ?? EMPTY_AVAILABILITY);
      },
      { cacheKeyFn: stockKey },
    ),
  };
}

export type InventoryLoaders = ReturnType<typeof createInventoryLoaders>;
