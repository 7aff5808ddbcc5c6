import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import type { Customer, Database, Interaction, Prisma, Product, Promotion } from '@retail/db';
import { collectActivity, generateWorld, type CustomerRow, type InteractionRow, type ProductRow, type PromotionRow, type WorldSize } from '@retail/simulator';
import { openTestDatabase } from '@retail/test-support/database';
import { SEEDED_TABLES, seedIfEmpty, seedWorld, SeedError, SMALL_WORLD, type SeedProgress } from '../src/index.ts';
import { parseSeedArgs, SeedArgsError } from '../src/seed/seedArgs.ts';
import { DailySalesAccumulator } from '../src/seed/dailySales.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const TINY: WorldSize = { seed: 21, customers: 250, products: 120, stores: 4, warehouses: 2, interactions: 4000, days: 45, competitors: 2, promotions: 20 };
const world = generateWorld({ ...TINY, now: NOW });
const activity = collectActivity(world);
const walkIns = world.walkInSales();
const sales = new DailySalesAccumulator(world.stockLevels, new Set(world.locations.filter((l) => l.type === 'WAREHOUSE').map((l) => l.id)));
sales.add(activity.orders, activity.orderLines);
sales.addWalkIns(walkIns);
const expected: Record<string, number> = {
  Category: world.categories.length,
  Brand: world.brands.length,
  Product: world.products.length,
  CompetitorPrice: world.competitorPrices.length,
  SocialSignal: world.socialSignals.length,
  Location: world.locations.length,
  StockLevel: world.stockLevels.length,
  Promotion: world.promotions.length,
  Customer: world.customers.length,
  Interaction: activity.interactions.length,
  Order: activity.orders.length,
  OrderLine: activity.orderLines.length,
  DailySales: sales.rows().length,
};

async function counts(db: Database): Promise<Record<string, number>> {
  const rows = await db.sql.query<{ t: string; n: number }>(SEEDED_TABLES.map((t) => `SELECT '${t}' AS t, count(*)::int AS n FROM "${t}"`).join(' UNION ALL '));
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}

async function indexNames(db: Database): Promise<string[]> {
  const rows = await db.sql.query<{ indexname: string }>(`SELECT indexname FROM pg_indexes WHERE schemaname = current_schema() ORDER BY indexname`);
  return rows.map((r) => r.indexname);
}

/** A digest of every seeded table's content, to compare two databases. */
async function digest(db: Database): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const t of SEEDED_TABLES) {
    const [row] = await db.sql.query<{ md5: string }>(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS md5 FROM "${t}" x`);
    out[t] = row!.md5;
  }
  return out;
}

describe('row shapes', () => {
  it('are the Prisma models: same field names, assignable to createMany input', () => {
    expectTypeOf<keyof CustomerRow>().toEqualTypeOf<keyof Customer>();
    expectTypeOf<keyof ProductRow>().toEqualTypeOf<keyof Product>();
    expectTypeOf<keyof PromotionRow>().toEqualTypeOf<keyof Promotion>();
    expectTypeOf<keyof InteractionRow>().toEqualTypeOf<keyof Interaction>();
    expectTypeOf<CustomerRow>().toExtend<Prisma.CustomerCreateManyInput>();
    expectTypeOf<ProductRow>().toExtend<Prisma.ProductCreateManyInput>();
    expectTypeOf<PromotionRow>().toExtend<Prisma.PromotionCreateManyInput>();
    expectTypeOf<InteractionRow>().toExtend<Prisma.InteractionCreateManyInput>();
  });
});

describe('seedWorld', () => {
  let db: Database;
  let viaInsert: Database;
  const progress: SeedProgress[] = [];
  let indexesBefore: string[];

  beforeAll(async () => {
    [db, viaInsert] = await Promise.all([openTestDatabase(), openTestDatabase()]);
    indexesBefore = await indexNames(db);
    await seedWorld(db, { ...TINY, now: NOW }, (p) => progress.push(p), { rebuildIndexes: true });
    await seedWorld(viaInsert, { ...TINY, now: NOW }, undefined, { method: 'insert' });
  });
  afterAll(async () => {
    await db?.close();
    await viaInsert?.close();
  });

  it('folds every sold unit into DailySales, on its order\u2019s day and location, with the stores\u2019 walk-in sales', async () => {
    const orders = new Map(activity.orders.map((o) => [o.id, o]));
    const sold = activity.orderLines.filter((l) => orders.get(l.orderId)!.status !== 'CANCELLED');
    const [total] = await db.sql.query<{ n: number }>(`SELECT COALESCE(SUM(units), 0)::int AS n FROM "DailySales"`);
    const walkInUnits = walkIns.reduce((s, r) => s + r.units, 0);
    expect(walkInUnits).toBeGreaterThan(0);
    expect(total!.n).toBe(sold.reduce((s, l) => s + l.quantity, 0) + walkInUnits);
    const line = sold.find((l) => orders.get(l.orderId)!.locationId !== null)!;
    const order = orders.get(line.orderId)!;
    const sameDay = sold.filter((l) => l.productId === line.productId && orders.get(l.orderId)!.locationId === order.locationId && orders.get(l.orderId)!.placedAt.toISOString().slice(0, 10) === order.placedAt.toISOString().slice(0, 10));
    const row = await db.prisma.dailySales.findUniqueOrThrow({ where: { productId_locationId_day: { productId: line.productId, locationId: order.locationId!, day: new Date(order.placedAt.toISOString().slice(0, 10)) } } });
    const walkedIn = walkIns.find((w) => w.productId === line.productId && w.locationId === order.locationId && w.day === order.placedAt.toISOString().slice(0, 10))?.units ?? 0;
    expect(row.units).toBe(sameDay.reduce((s, l) => s + l.quantity, 0) + walkedIn);
  });

  it('gives stores series dense enough for a seasonal forecast: sales on every one of the last 14 days', async () => {
    const rows = await db.sql.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM (SELECT "productId", "locationId" FROM "DailySales" d JOIN "Location" l ON l.id = d."locationId"
       WHERE l.type = 'STORE' AND d.day >= $1::date AND d.day < $2::date AND d.units > 0 GROUP BY 1, 2 HAVING count(*) = 14) s`,
      [new Date(NOW.getTime() - 14 * 86_400_000).toISOString().slice(0, 10), NOW.toISOString().slice(0, 10)],
    );
    expect(rows[0]!.n).toBeGreaterThan(5);
  });

  it('writes every row of the world, and reports progress per table', async () => {
    expect(await counts(db)).toEqual(expected);
    const tables = new Set(progress.filter((p) => p.kind === 'rows').map((p) => (p.kind === 'rows' ? p.table : '')));
    expect([...tables].sort()).toEqual([...SEEDED_TABLES].sort());
    const last = progress.filter((p) => p.kind === 'rows' && p.table === 'Interaction').at(-1);
    expect(last).toMatchObject({ rows: TINY.interactions, expected: TINY.interactions });
    expect(progress.some((p) => p.kind === 'step' && p.step === 'rebuild indexes')).toBe(true);
  });

  it('round-trips values through Prisma: dates, money, enums, arrays, JSON', async () => {
    const customer = world.customers[7]!;
    expect(await db.prisma.customer.findUnique({ where: { id: customer.id } })).toEqual(customer);
    const product = world.products.find((p) => p.marginFloor !== null && Object.keys(p.attributes).length > 1)!;
    const stored = await db.prisma.product.findUniqueOrThrow({ where: { id: product.id } });
    expect({ ...stored, price: stored.price.toNumber(), unitCost: stored.unitCost.toNumber() }).toEqual(product);
    const promotion = world.promotions.find((p) => p.eligibleTiers.length > 0 && p.budgetAmount !== null)!;
    const storedPromotion = await db.prisma.promotion.findUniqueOrThrow({ where: { id: promotion.id } });
    expect({ ...storedPromotion, budgetAmount: storedPromotion.budgetAmount?.toNumber() ?? null, spentAmount: storedPromotion.spentAmount.toNumber(), reservedAmount: storedPromotion.reservedAmount.toNumber() }).toEqual(promotion);
    const purchase = activity.interactions.find((i) => i.type === 'PURCHASE')!;
    const storedPurchase = await db.prisma.interaction.findUniqueOrThrow({ where: { id: BigInt(purchase.id) } });
    expect({ ...storedPurchase, id: Number(storedPurchase.id), value: storedPurchase.value?.toNumber() ?? null }).toEqual(purchase);
  });

  it('leaves the indexes as they were and the Interaction sequence past the loaded ids', async () => {
    expect(await indexNames(db)).toEqual(indexesBefore);
    const created = await db.prisma.interaction.create({ data: { customerId: world.customers[0]!.id, type: 'VIEW', channel: 'WEB', device: 'DESKTOP' } });
    expect(created.id).toBe(BigInt(TINY.interactions + 1));
    await db.prisma.interaction.delete({ where: { id: created.id } });
  });

  it('writes the same data by COPY and by INSERT', async () => {
    expect(await counts(viaInsert)).toEqual(expected);
    expect(await digest(viaInsert)).toEqual(await digest(db));
  });

  it('refuses a database that holds data, and replaces it with reset', async () => {
    await expect(seedWorld(db, { ...TINY, now: NOW })).rejects.toThrow(
      new SeedError(
        'Cannot seed: the database already holds data (Category, Brand, Product, CompetitorPrice, SocialSignal, Location, StockLevel, Promotion, Customer, Interaction, Order, OrderLine, DailySales). Reset it first (seedWorld option reset: true, or npm run seed -- --reset).',
      ),
    );
    const other = { ...TINY, seed: 22, customers: 100, interactions: 1000 };
    const report = await seedWorld(db, { ...other, now: NOW }, undefined, { reset: true });
    const otherWorld = generateWorld({ ...other, now: NOW });
    const n = await counts(db);
    expect(n.Customer).toBe(100);
    expect(n.Interaction).toBe(1000);
    expect(n.Order).toBe(collectActivity(otherWorld).orders.length);
    expect(report.tables.Interaction.rows).toBe(1000);
    expect(report.totalRows).toBe(Object.values(n).reduce((s, x) => s + x, 0));
    expect(report.config).toMatchObject({ seed: 22, now: NOW.toISOString() });
  });
});

describe('a failed seed', () => {
  it('rolls back everything, indexes included', async () => {
    const db = await openTestDatabase();
    try {
      const indexes = await indexNames(db);
      const failing = (p: SeedProgress) => {
        if (p.kind === 'rows' && p.table === 'Interaction') throw new Error('disk full (simulated)');
      };
      await expect(seedWorld(db, { ...TINY, now: NOW }, failing, { rebuildIndexes: true })).rejects.toThrow('disk full (simulated)');
      expect(Object.values(await counts(db)).every((n) => n === 0)).toBe(true);
      expect(await indexNames(db)).toEqual(indexes);
      // The rerun starts clean.
      await seedWorld(db, { ...TINY, now: NOW });
      expect(await counts(db)).toEqual(expected);
    } finally {
      await db.close();
    }
  });
});

describe('seedIfEmpty', () => {
  it('seeds an empty database once, then does nothing', async () => {
    const db = await openTestDatabase();
    try {
      const started = performance.now();
      const first = await seedIfEmpty(db, SMALL_WORLD);
      const ms = performance.now() - started;
      expect(first).not.toBeNull();
      expect(ms).toBeLessThan(20_000); // a few seconds on a loaded 2-core machine; the bound catches a regression to row-by-row writes
      const after = await counts(db);
      expect(after.Customer).toBe(SMALL_WORLD.customers);
      expect(after.Product).toBe(SMALL_WORLD.products);
      expect(after.Interaction).toBe(SMALL_WORLD.interactions);
      expect(after.Location).toBe(SMALL_WORLD.stores + SMALL_WORLD.warehouses);
      // Some promotion is live at the time of seeding.
      const live = await db.prisma.promotion.count({ where: { status: 'APPROVED', startsAt: { lte: new Date() }, endsAt: { gt: new Date() } } });
      expect(live).toBeGreaterThan(0);
      expect(await seedIfEmpty(db, SMALL_WORLD)).toBeNull();
      expect(await counts(db)).toEqual(after);
    } finally {
      await db.close();
    }
  });
});

describe('seed script flags', () => {
  it('parses sizes over the defaults, --reset, --now and --method', () => {
    const command = parseSeedArgs(['--customers', '5000', '--products=900', '--interactions', '0', '--stores', '3', '--seed', '9', '--reset', '--now', '2026-01-02T03:04:05Z', '--method', 'insert'], SMALL_WORLD);
    expect(command).toEqual({
      size: { ...SMALL_WORLD, customers: 5000, products: 900, interactions: 0, stores: 3, seed: 9 },
      reset: true,
      help: false,
      now: new Date('2026-01-02T03:04:05Z'),
      method: 'insert',
    });
    expect(parseSeedArgs([], SMALL_WORLD)).toEqual({ size: { ...SMALL_WORLD }, reset: false, help: false });
  });

  it.each([
    [['--customers', 'many'], '--customers must be an integer from 1 to 999999 (got "many")'],
    [['--customers', '0'], '--customers must be an integer from 1 to 999999 (got "0")'],
    [['--products', '2.5'], '--products must be an integer from 1 to 99999 (got "2.5")'],
    [['--stores'], '--stores needs a value'],
    [['--stores', '--reset'], '--stores needs a value'],
    [['--shoppers', '3'], 'Unknown flag --shoppers (known: --customers, --products, --interactions, --stores, --warehouses, --days, --seed, --competitors, --promotions, --now, --method, --reset, --help)'],
    [['customers', '3'], 'Unexpected argument "customers" (flags start with --; see --help)'],
    [['--reset=yes'], '--reset takes no value'],
    [['--now', 'yesterday'], '--now must be an ISO date such as 2026-11-20T12:00:00Z (got "yesterday")'],
    [['--method', 'carrier-pigeon'], '--method must be copy or insert (got "carrier-pigeon")'],
  ])('rejects %j with an exact message', (argv, message) => {
    expect(() => parseSeedArgs(argv, SMALL_WORLD)).toThrow(new SeedArgsError(message));
  });
});
