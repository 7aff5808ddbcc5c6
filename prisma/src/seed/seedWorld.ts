// Loads a synthetic world (@retail/simulator) into the database, fast and all-or-nothing:
//   - the world's reference data is generated first, its history streamed in chunks while loading;
//   - everything happens in one transaction (a failure leaves the database as it was, so a rerun
//     starts clean), under an advisory lock (two processes seeding at once do it once);
//   - the secondary indexes of the seeded tables are dropped and rebuilt after the load (inside the
//     transaction, so a failure restores them), foreign-key triggers are skipped where the role
//     allows it (rows are consistent by construction), the Interaction sequence is moved past the
//     loaded ids, and the tables are analysed;
//   - rows go in by COPY on the embedded database, by multi-row unnest INSERTs on Postgres.
// The target tables must be empty unless `reset` is set, which first empties every table of the
// data model (all of them, since decisions, outcomes and events refer to the old world).
import { generateWorld, SMALL_WORLD, type World, type WorldConfig, type WorldSize } from '@retail/simulator';
import type { Database, SqlRunner } from '../database.ts';
import { createRowWriter, type RowWriter, type WriteMethod } from './rowWriter.ts';
import * as T from './tables.ts';
import type { SeededTable, TableSpec } from './tables.ts';
import { DailySalesAccumulator } from './dailySales.ts';

export { SMALL_WORLD };

/** A world's sizes; `now` (the world's present) defaults to the current time. */
export type SeedConfig = WorldSize & { now?: Date };

export type SeedStep = 'generate world' | 'generate history' | 'reset' | 'drop indexes' | 'rebuild indexes' | 'analyze';

export type SeedProgress =
  | { kind: 'rows'; table: SeededTable; rows: number; expected: number | null; elapsedMs: number; rowsPerSecond: number }
  | { kind: 'step'; step: SeedStep; elapsedMs: number };

export interface SeedOptions {
  /** Empty every table of the data model first (default false). */
  reset?: boolean;
  /** Force a write method (default: copy on the embedded database, insert on Postgres). */
  method?: WriteMethod;
  /** Customers per streamed chunk of history (default 2000). */
  customersPerChunk?: number;
  /** Drop secondary indexes during the load and rebuild them after (default: for 100,000 interactions or more). */
  rebuildIndexes?: boolean;
}

export interface SeedReport {
  config: Omit<WorldConfig, 'now'> & { now: string };
  database: Database['kind'];
  method: WriteMethod;
  /** Rows written and milliseconds spent encoding and writing them, per table. */
  tables: Record<SeededTable, { rows: number; ms: number }>;
  /** Milliseconds per step outside the table writes. */
  steps: Partial<Record<SeedStep, number>>;
  totalRows: number;
  totalMs: number;
}

export class SeedError extends Error {
  override name = 'SeedError';
}

const LOCK_ID = 72707370; // seeding; the migration runner uses 72707369
type Runner = Omit<SqlRunner, 'transaction'>;

/** Seeds the world described by `config`; throws SeedError if the target tables hold data and `reset` is not set. */
export async function seedWorld(db: Database, config: SeedConfig, onProgress?: (progress: SeedProgress) => void, options: SeedOptions = {}): Promise<SeedReport> {
  const report = await runSeed(db, config, onProgress, options, false);
  return report!;
}

/** Seeds only when the Customer table is empty (first start); returns null when it did nothing. */
export async function seedIfEmpty(db: Database, config: SeedConfig, onProgress?: (progress: SeedProgress) => void): Promise<SeedReport | null> {
  if (await hasCustomers(db.sql)) return null;
  return runSeed(db, config, onProgress, {}, true);
}

async function hasCustomers(sql: Runner): Promise<boolean> {
  const [row] = await sql.query<{ present: boolean }>('SELECT EXISTS (SELECT 1 FROM "Customer") AS present');
  return Boolean(row?.present);
}

async function runSeed(db: Database, input: SeedConfig, onProgress: ((p: SeedProgress) => void) | undefined, options: SeedOptions, onlyIfEmpty: boolean): Promise<SeedReport | null> {
  const started = performance.now();
  const emit = onProgress ?? (() => undefined);
  const steps: Partial<Record<SeedStep, number>> = {};
  const step = async <X>(name: SeedStep, fn: () => X | Promise<X>): Promise<X> => {
    const t0 = performance.now();
    const result = await fn();
    steps[name] = (steps[name] ?? 0) + (performance.now() - t0);
    // History is generated chunk by chunk between writes: its total is in the report only.
    if (name !== 'generate history') emit({ kind: 'step', step: name, elapsedMs: performance.now() - t0 });
    return result;
  };

  const { now, ...size } = input;
  const world = await step('generate world', () => generateWorld({ ...size, now: now ?? new Date() }));
  const method: WriteMethod = options.method ?? (db.sql.copyFrom ? 'copy' : 'insert');
  const tables = Object.fromEntries(T.SEEDED_TABLES.map((t) => [t, { rows: 0, ms: 0 }])) as SeedReport['tables'];

  const seeded = await db.sql.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [LOCK_ID]);
    if (onlyIfEmpty && (await hasCustomers(tx))) return false;
    if (options.reset) await step('reset', () => truncateAll(tx));
    else await assertEmpty(tx);
    await skipForeignKeyTriggers(tx);
    // Building an index once beats maintaining it row by row only for large loads.
    const rebuild = options.rebuildIndexes ?? world.config.interactions >= 100_000;
    const indexes = rebuild ? await step('drop indexes', () => dropSecondaryIndexes(tx)) : [];
    const writer = createRowWriter(tx, method);
    await loadWorld(world, writer, tables, emit, step, options.customersPerChunk);
    if (rebuild) {
      await step('rebuild indexes', async () => {
        for (const index of indexes) await tx.exec(index.indexdef);
      });
    }
    await tx.query(`SELECT setval(pg_get_serial_sequence('"Interaction"', 'id'), (SELECT COALESCE(MAX("id"), 0) + 1 FROM "Interaction"), false)`);
    return true;
  });
  if (!seeded) return null;
  await step('analyze', () => db.sql.exec(`ANALYZE ${T.SEEDED_TABLES.map((t) => `"${t}"`).join(', ')}`));

  const { seed, customers, products, stores, warehouses, interactions, days, competitors, promotions } = world.config;
  return {
    config: { seed, customers, products, stores, warehouses, interactions, days, competitors, promotions, now: world.config.now.toISOString() },
    database: db.kind,
    method,
    tables,
    steps,
    totalRows: Object.values(tables).reduce((sum, t) => sum + t.rows, 0),
    totalMs: performance.now() - started,
  };
}

async function loadWorld(
  world: World,
  writer: RowWriter,
  tables: SeedReport['tables'],
  emit: (p: SeedProgress) => void,
  step: <X>(name: SeedStep, fn: () => X | Promise<X>) => Promise<X>,
  customersPerChunk: number | undefined,
): Promise<void> {
  const write = async <R>(spec: TableSpec<R>, rows: readonly R[], expected: number | null) => {
    const t0 = performance.now();
    await writer.write(spec, rows);
    const entry = tables[spec.table as SeededTable];
    entry.rows += rows.length;
    entry.ms += performance.now() - t0;
    emit({ kind: 'rows', table: spec.table as SeededTable, rows: entry.rows, expected, elapsedMs: entry.ms, rowsPerSecond: entry.ms > 0 ? (entry.rows * 1000) / entry.ms : 0 });
  };
  const inBatches = async <R>(spec: TableSpec<R>, rows: readonly R[]) => {
    const batch = 25_000;
    if (rows.length === 0) await write(spec, rows, 0);
    for (let from = 0; from < rows.length; from += batch) await write(spec, rows.slice(from, from + batch), rows.length);
  };
  await inBatches(T.CATEGORY, world.categories);
  await inBatches(T.BRAND, world.brands);
  await inBatches(T.PRODUCT, world.products);
  await inBatches(T.COMPETITOR_PRICE, world.competitorPrices);
  await inBatches(T.SOCIAL_SIGNAL, world.socialSignals);
  await inBatches(T.LOCATION, world.locations);
  await inBatches(T.STOCK_LEVEL, world.stockLevels);
  await inBatches(T.PROMOTION, world.promotions);
  await inBatches(T.CUSTOMER, world.customers);

  const sales = new DailySalesAccumulator(world.stockLevels, new Set(world.locations.filter((l) => l.type === 'WAREHOUSE').map((l) => l.id)));
  const history = world.activity({ customersPerChunk: customersPerChunk ?? 2000 });
  for (;;) {
    const next = await step('generate history', () => history.next());
    if (next.done) break;
    const chunk = next.value;
    await write(T.INTERACTION, chunk.interactions, world.config.interactions);
    await write(T.ORDER, chunk.orders, null);
    await write(T.ORDER_LINE, chunk.orderLines, null);
    sales.add(chunk.orders, chunk.orderLines);
  }
  sales.addWalkIns(await step('generate history', () => world.walkInSales()));
  await inBatches(T.DAILY_SALES, sales.rows());
}

async function assertEmpty(tx: Runner): Promise<void> {
  const checks = T.SEEDED_TABLES.map((t) => `SELECT '${t}' AS "table" WHERE EXISTS (SELECT 1 FROM "${t}")`).join(' UNION ALL ');
  const filled = await tx.query<{ table: string }>(checks);
  if (filled.length > 0) {
    throw new SeedError(`Cannot seed: the database already holds data (${filled.map((r) => r.table).join(', ')}). Reset it first (seedWorld option reset: true, or npm run seed -- --reset).`);
  }
}

async function truncateAll(tx: Runner): Promise<void> {
  const rows = await tx.query<{ tablename: string }>(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> '_prisma_migrations' ORDER BY tablename`);
  if (rows.length > 0) await tx.exec(`TRUNCATE ${rows.map((r) => `"${r.tablename}"`).join(', ')} RESTART IDENTITY CASCADE`);
}

/** Foreign-key checks are triggers; `replica` skips them. Needs superuser (PGlite has it); otherwise they stay on. */
async function skipForeignKeyTriggers(tx: Runner): Promise<void> {
  await tx.exec('SAVEPOINT seed_replica');
  try {
    await tx.exec('SET LOCAL session_replication_role = replica');
    await tx.exec('RELEASE SAVEPOINT seed_replica');
  } catch {
    await tx.exec('ROLLBACK TO SAVEPOINT seed_replica');
  }
}

/** Drops the seeded tables' indexes that do not back a constraint; returns their definitions. */
async function dropSecondaryIndexes(tx: Runner): Promise<{ indexname: string; indexdef: string }[]> {
  const indexes = await tx.query<{ indexname: string; indexdef: string }>(
    `SELECT i.indexname, i.indexdef FROM pg_indexes i
     WHERE i.schemaname = current_schema() AND i.tablename = ANY($1::text[])
       AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
     ORDER BY i.tablename, i.indexname`,
    [T.SEEDED_TABLES],
  );
  if (indexes.length > 0) await tx.exec(`DROP INDEX ${indexes.map((i) => `"${i.indexname}"`).join(', ')}`);
  return indexes;
}
