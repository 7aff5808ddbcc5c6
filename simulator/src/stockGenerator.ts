// Stock per (product, location): every product sits in at least one warehouse (round-robin, plus
// others at random); each store carries a share of the catalogue that depends on the department.
// Stores run thin (and sometimes out): a shelf's worth of a slow item, about two weeks of a fast
// one's expected sales (lognormal around it); warehouses deep.
import { DEPARTMENTS } from './catalogData.ts';
import type { Catalog } from './catalogGenerator.ts';
import { DAY } from './geography.ts';
import type { Locations } from './locationGenerator.ts';
import type { Random } from './random.ts';
import type { StockLevelRow } from './rows.ts';

export interface Stock {
  rows: StockLevelRow[];
  /** Per store (location index < storeCount): 1 when the product is available to sell there. */
  availableInStore: Uint8Array[];
}

/** Units on a store shelf of a slow seller (median), and days of expected sales a store holds of a fast one. */
export const STORE_STOCK = { shelfUnits: Math.exp(2.5), coverDays: 14 } as const;

/** `dailySales(store, p)`: the units a store expects to sell of product p on an ordinary day. */
export function generateStock(random: Random, catalog: Catalog, locations: Locations, now: Date, dailySales: (store: number, p: number) => number): Stock {
  const rows: StockLevelRow[] = [];
  const { storeCount } = locations;
  const warehouses = locations.rows.slice(storeCount);
  const availableInStore = Array.from({ length: storeCount }, () => new Uint8Array(catalog.products.length));
  const nowMs = now.getTime();
  const updatedAt = () => new Date(nowMs - Math.floor(random.float(0, 3 * DAY)));
  catalog.products.forEach((product, p) => {
    const coverage = DEPARTMENTS[catalog.truth.department[p]!]!.storeCoverage;
    for (let s = 0; s < storeCount; s++) {
      if (!random.chance(coverage)) continue;
      const target = Math.max(STORE_STOCK.shelfUnits, dailySales(s, p) * STORE_STOCK.coverDays);
      const onHand = random.chance(0.06) ? 0 : Math.max(1, Math.round(target * Math.exp(random.normal(0, 0.8))));
      const reserved = onHand > 2 && random.chance(0.2) ? random.int(1, Math.min(3, onHand - 1)) : 0;
      rows.push({ productId: product.id, locationId: locations.rows[s]!.id, onHand, reserved, safetyStock: random.int(2, 5), updatedAt: updatedAt() });
      if (onHand - reserved > 0) availableInStore[s]![p] = 1;
    }
    const home = p % warehouses.length;
    warehouses.forEach((warehouse, w) => {
      if (w !== home && !random.chance(0.4)) return;
      const onHand = Math.round(Math.exp(random.normal(5.5, 0.8)));
      rows.push({
        productId: product.id,
        locationId: warehouse.id,
        onHand,
        reserved: Math.floor(onHand * random.float(0, 0.1)),
        safetyStock: random.int(20, 60),
        updatedAt: updatedAt(),
      });
    });
  });
  return { rows, availableInStore };
}
