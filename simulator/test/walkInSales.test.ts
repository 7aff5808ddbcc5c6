// Stores' sales to walk-in shoppers (no customer record): what they follow, and the stock sized to them.
import { describe, expect, it } from 'vitest';
import { generateWorld, type WorldConfig } from '../src/index.ts';
import { STORE_STOCK } from '../src/stockGenerator.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const CONFIG: WorldConfig = { seed: 11, customers: 400, products: 150, stores: 5, warehouses: 2, interactions: 6000, days: 60, now: NOW, competitors: 3, promotions: 30 };
const world = generateWorld(CONFIG);
const sales = world.walkInSales();
const storeIndex = new Map(world.locations.filter((l) => l.type === 'STORE').map((l, i) => [l.id, i]));
const productIndex = new Map(world.products.map((p, i) => [p.id, i]));
const expectedDaily = (productId: string, locationId: string) => world.truth.walkIns.dailyUnits(storeIndex.get(locationId)!, productIndex.get(productId)!);

describe('walk-in sales', () => {
  it('sell only what a store stocks, on the days of the window, in whole units', () => {
    expect(sales.length).toBeGreaterThan(1000);
    const stocked = new Set(world.stockLevels.map((s) => `${s.productId}@${s.locationId}`));
    const first = new Date(NOW.getTime() - (CONFIG.days - 1) * DAY).toISOString().slice(0, 10);
    const today = NOW.toISOString().slice(0, 10);
    const keys = new Set<string>();
    for (const row of sales) {
      expect(storeIndex.has(row.locationId)).toBe(true);
      expect(stocked.has(`${row.productId}@${row.locationId}`)).toBe(true);
      expect(row.day >= first && row.day <= today).toBe(true);
      expect(Number.isInteger(row.units) && row.units >= 1).toBe(true);
      keys.add(`${row.productId}@${row.locationId}@${row.day}`);
    }
    expect(keys.size).toBe(sales.length);
  });

  it('add up to the expected demand per product and store, and fast sellers sell on most days', () => {
    const bySeries = new Map<string, { units: number; days: number }>();
    for (const row of sales) {
      const key = `${row.productId}@${row.locationId}`;
      const s = bySeries.get(key) ?? { units: 0, days: 0 };
      s.units += row.units;
      s.days++;
      bySeries.set(key, s);
    }
    let realised = 0;
    let expected = 0;
    for (const [key, s] of bySeries) {
      const [productId, locationId] = key.split('@') as [string, string];
      realised += s.units;
      expected += expectedDaily(productId, locationId) * CONFIG.days;
    }
    // an ordinary day is 1; the store week averages 1.04 and the season climbs towards Black Friday
    expect(realised / expected).toBeGreaterThan(1);
    expect(realised / expected).toBeLessThan(1.25);
    const purchasesPerDay = (key: string) => {
      const [productId, locationId] = key.split('@') as [string, string];
      return world.truth.walkIns.dailyPurchases(storeIndex.get(locationId)!, productIndex.get(productId)!);
    };
    const fast = [...bySeries].filter(([key]) => purchasesPerDay(key) >= 3); // no sale on ≤ 5 % of days
    expect(fast.length).toBeGreaterThan(0);
    for (const [, s] of fast) expect(s.days / CONFIG.days).toBeGreaterThan(0.85);
  });

  it('follow the stores\u2019 week: Saturdays sell about 1.8 times what Tuesdays do', () => {
    const byWeekday = new Array<number>(7).fill(0);
    for (const row of sales) byWeekday[new Date(row.day).getUTCDay()]! += row.units;
    expect(byWeekday[6]! / byWeekday[2]!).toBeGreaterThan(1.5);
    expect(byWeekday[6]! / byWeekday[2]!).toBeLessThan(2.1);
  });

  it('rise with a discount, as the purchase model says', () => {
    const p = productIndex.get(sales[0]!.productId)!;
    const s = storeIndex.get(sales[0]!.locationId)!;
    expect(world.truth.walkIns.dailyPurchases(s, p, 0.2)).toBeGreaterThan(1.2 * world.truth.walkIns.dailyPurchases(s, p, 0));
  });
});

describe('store stock', () => {
  it('holds a shelf of a slow seller and about two weeks of a fast one', () => {
    const inStores = world.stockLevels.filter((l) => storeIndex.has(l.locationId) && l.onHand > 0);
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
    const fast = inStores.filter((l) => expectedDaily(l.productId, l.locationId) * STORE_STOCK.coverDays > 3 * STORE_STOCK.shelfUnits);
    const slow = inStores.filter((l) => expectedDaily(l.productId, l.locationId) * STORE_STOCK.coverDays < STORE_STOCK.shelfUnits);
    expect(fast.length).toBeGreaterThan(5);
    expect(slow.length).toBeGreaterThan(50);
    expect(median(fast.map((l) => l.onHand / expectedDaily(l.productId, l.locationId)))).toBeGreaterThan(9);
    expect(median(fast.map((l) => l.onHand / expectedDaily(l.productId, l.locationId)))).toBeLessThan(21);
    expect(median(slow.map((l) => l.onHand))).toBeGreaterThan(8);
    expect(median(slow.map((l) => l.onHand))).toBeLessThan(18);
  });
});
