// Units sold per product, location and day, folded from the world's orders as they stream by and
// from the stores' sales to walk-in shoppers (who place no order): the history inventory's demand
// forecasts start from. Orders count on their UTC day, store orders at their store; online orders
// (no store) at the warehouse that holds most of the product, which is where they ship from.
import type { OrderLineRow, OrderRow, StockLevelRow, WalkInSaleRow } from '@retail/simulator';

export interface DailySalesRow {
  productId: string;
  locationId: string;
  /** YYYY-MM-DD (UTC). */
  day: string;
  units: number;
}

export class DailySalesAccumulator {
  private readonly units = new Map<string, number>();
  private readonly shipsFrom = new Map<string, string>();

  constructor(stockLevels: readonly StockLevelRow[], warehouseIds: ReadonlySet<string>) {
    const best = new Map<string, number>();
    for (const s of stockLevels) {
      if (!warehouseIds.has(s.locationId)) continue;
      if (s.onHand > (best.get(s.productId) ?? -1)) {
        best.set(s.productId, s.onHand);
        this.shipsFrom.set(s.productId, s.locationId);
      }
    }
  }

  add(orders: readonly OrderRow[], lines: readonly OrderLineRow[]): void {
    const byId = new Map(orders.map((o) => [o.id, o]));
    for (const line of lines) {
      const order = byId.get(line.orderId);
      if (!order || order.status === 'CANCELLED') continue;
      const locationId = order.locationId ?? this.shipsFrom.get(line.productId);
      if (!locationId) continue;
      this.addUnits(line.productId, locationId, order.placedAt.toISOString().slice(0, 10), line.quantity);
    }
  }

  addWalkIns(rows: readonly WalkInSaleRow[]): void {
    for (const row of rows) this.addUnits(row.productId, row.locationId, row.day, row.units);
  }

  private addUnits(productId: string, locationId: string, day: string, units: number): void {
    const key = `${productId}\u0000${locationId}\u0000${day}`;
    this.units.set(key, (this.units.get(key) ?? 0) + units);
  }

  rows(): DailySalesRow[] {
    return [...this.units].map(([key, units]) => {
      const [productId, locationId, day] = key.split('\u0000') as [string, string, string];
      return { productId, locationId, day, units };
    });
  }
}
