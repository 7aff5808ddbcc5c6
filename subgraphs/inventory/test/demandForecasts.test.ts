// Demand forecasts through the subgraph: learnt from DailySales at start, followed live from sale
// events as days close, and turned into days of cover and stockout risk.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startOutboxRelay, type Database, type OutboxRelay } from '@retail/db';
import { createMemoryEventBus, type EventBus, type RunningServer } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { errorCode, gql } from '@retail/test-support/graphql';
import { createServer, type InventoryServer } from '../src/index.ts';

const DAY = 86_400_000;
const START = Date.parse('2026-11-20T00:00:00.000Z');
/** Mean units by day of week (Sunday first): a Saturday peak. */
const WEEK = [4, 2, 2, 3, 3, 6, 10];

let db: Database;
let bus: EventBus;
let outbox: OutboxRelay;
let inventory: InventoryServer;
let server: RunningServer;
let clock = new Date(START + 10 * 3_600_000);

const FORECAST = `query($p: ID!, $l: ID!, $h: Int) { _entities(representations: [{ __typename: "Product", id: $p }]) { ... on Product {
  forecast(locationId: $l, horizonDays: $h) { method historyDays points { date mean lower upper } }
  daysOfCover(locationId: $l) stockoutRisk(locationId: $l, horizonDays: 7)
} } }`;
const product = async (p: string, l: string, h = 14) => {
  const r = await gql(server.url, FORECAST, { p, l, h });
  if (r.errors) throw new Error(JSON.stringify(r.errors));
  return (r.data!._entities as unknown[])[0] as { forecast: { method: string; historyDays: number; points: { date: string; mean: number; lower: number; upper: number }[] }; daysOfCover: number | null; stockoutRisk: number };
};

beforeAll(async () => {
  db = await openTestDatabase();
  bus = createMemoryEventBus();
  await db.prisma.location.create({ data: { id: 'l1', code: 'S-001', name: 'Downtown', type: 'STORE', city: 'Springfield', region: 'North', lat: 0, lon: 0 } });
  await db.prisma.stockLevel.createMany({
    data: [
      { productId: 'weekly', locationId: 'l1', onHand: 30 },
      { productId: 'rare', locationId: 'l1', onHand: 2 },
      { productId: 'unsold', locationId: 'l1', onHand: 7 },
    ],
  });
  // 8 weeks of history; a fixed ±1 wobble so the series is not perfectly periodic.
  const rows = [];
  for (let d = 56; d >= 1; d--) {
    const day = new Date(START - d * DAY);
    rows.push({ productId: 'weekly', locationId: 'l1', day, units: WEEK[day.getUTCDay()]! + ((d * 7) % 3) - 1 });
    if (d % 9 === 0) rows.push({ productId: 'rare', locationId: 'l1', day, units: 1 });
  }
  await db.prisma.dailySales.createMany({ data: rows });
  outbox = startOutboxRelay(db, bus, { pollMs: 10 });
  inventory = createServer({ db, outbox, bus, now: () => clock });
  server = await inventory.listen(0);
});

afterAll(async () => {
  await server?.stop();
  await outbox?.stop();
  await bus?.close();
  await db?.close();
});

describe('Product.forecast', () => {
  it('fits Holt-Winters to a weekly series and forecasts its shape from today, with intervals', async () => {
    const { forecast } = await product('weekly', 'l1', 14);
    expect(forecast.method).toBe('HOLT_WINTERS');
    expect(forecast.historyDays).toBe(56);
    expect(forecast.points).toHaveLength(14);
    expect(forecast.points[0]!.date).toBe('2026-11-20');
    expect(forecast.points[13]!.date).toBe('2026-12-03');
    for (const p of forecast.points) expect(p.lower <= p.mean && p.mean <= p.upper).toBe(true);
    // The Saturday peak is learnt: the highest forecast day of each week is a Saturday.
    const peak = forecast.points.slice(0, 7).reduce((a, b) => (b.mean > a.mean ? b : a));
    expect(new Date(peak.date).getUTCDay()).toBe(6);
    const weekly = forecast.points.slice(0, 7).reduce((s, p) => s + p.mean, 0);
    expect(weekly).toBeGreaterThan(24);
    expect(weekly).toBeLessThan(36);
  });

  it('uses Croston for an intermittent series, and says NONE with zero demand when nothing ever sold', async () => {
    expect((await product('rare', 'l1')).forecast.method).toBe('CROSTON');
    const unsold = await product('unsold', 'l1', 3);
    expect(unsold.forecast.method).toBe('NONE');
    expect(unsold.forecast.points.map((p) => p.mean)).toEqual([0, 0, 0]);
    expect(unsold.daysOfCover).toBeNull();
    expect(unsold.stockoutRisk).toBe(0);
  });

  it('turns the forecast into days of cover and a stockout risk that rises as stock falls', async () => {
    const full = await product('weekly', 'l1');
    // 30 units at ~4.3 a day: about a week.
    expect(full.daysOfCover).toBeGreaterThan(5);
    expect(full.daysOfCover).toBeLessThan(9);
    const risks: number[] = [];
    for (const onHand of [60, 30, 20, 5]) {
      await db.prisma.stockLevel.update({ where: { productId_locationId: { productId: 'weekly', locationId: 'l1' } }, data: { onHand } });
      risks.push((await product('weekly', 'l1')).stockoutRisk);
    }
    expect(risks[0]).toBeLessThan(0.05);
    expect(risks[3]).toBeGreaterThan(0.95);
    for (let i = 1; i < risks.length; i++) expect(risks[i]).toBeGreaterThan(risks[i - 1]!);
    await db.prisma.stockLevel.update({ where: { productId_locationId: { productId: 'weekly', locationId: 'l1' } }, data: { onHand: 30 } });
  });

  it('refuses a horizon outside 1 to 90 days', async () => {
    for (const h of [0, 91]) {
      const r = await gql(server.url, FORECAST, { p: 'weekly', l: 'l1', h });
      expect(errorCode(r)).toBe('BAD_USER_INPUT');
      expect(r.errors![0]!.message).toBe(`horizonDays must be an integer from 1 to 90, got ${h}`);
    }
  });

  it('follows live sales: once the day closes, a surge raises the forecast (no batch refit)', async () => {
    const before = (await product('weekly', 'l1', 7)).forecast.points.reduce((s, p) => s + p.mean, 0);
    const sale = await gql(server.url, `mutation { adjustStock(productId: "weekly", locationId: "l1", delta: -25, reason: SALE, eventId: "surge") { onHandAfter } }`);
    expect(sale.data!.adjustStock.onHandAfter).toBe(5);
    // Same day: the forecast only learns closed days.
    await new Promise((r) => setTimeout(r, 50));
    expect((await product('weekly', 'l1', 7)).forecast.points.reduce((s, p) => s + p.mean, 0)).toBeCloseTo(before, 9);
    clock = new Date(START + DAY + 3_600_000);
    const after = await product('weekly', 'l1', 7);
    expect(after.forecast.historyDays).toBe(57);
    expect(after.forecast.points[0]!.date).toBe('2026-11-21');
    expect(after.forecast.points.reduce((s, p) => s + p.mean, 0)).toBeGreaterThan(before + 3);
    // The sale is also in the history a restart would load.
    const row = await db.prisma.dailySales.findUnique({ where: { productId_locationId_day: { productId: 'weekly', locationId: 'l1', day: new Date(START) } } });
    expect(row?.units).toBe(25);
  });
});
