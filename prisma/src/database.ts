// Opens the product's database: embedded PGlite under a data directory by default, or a real
// Postgres when a URL is given. Both come back as the same Prisma client plus a raw SQL path
// (migrations, bulk loads) so callers never branch on the kind.
import { mkdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { PrismaPg } from '@prisma/adapter-pg';
import pg from 'pg';
import { PrismaClient } from '../generated/client.ts';
import { applyMigrations, type MigrationReport } from './migrations.ts';

export type DatabaseKind = 'pglite' | 'postgres';

export interface SqlRunner {
  /** Runs one parameterised statement and returns its rows. */
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /** Runs a script of several statements without parameters. */
  exec(sql: string): Promise<void>;
  /** Runs fn on one connection inside BEGIN … COMMIT (ROLLBACK when it throws). */
  transaction<T>(fn: (tx: Omit<SqlRunner, 'transaction'>) => Promise<T>): Promise<T>;
  /** Embedded only: runs `COPY … FROM '/dev/blob'` reading the blob (bulk loads). */
  copyFrom?(sql: string, data: Blob): Promise<void>;
}

export interface Database {
  kind: DatabaseKind;
  /** Round-trips made through the Prisma client since open (tests assert batching with it). */
  readonly stats: { queries: number };
  prisma: PrismaClient;
  sql: SqlRunner;
  migration: MigrationReport;
  close(): Promise<void>;
}

export interface OpenDatabaseOptions {
  /** postgres://… to use a real Postgres; absent for the embedded database. */
  url?: string;
  /** Where the embedded database keeps its files; `memory://` keeps them in memory only. */
  dataDir?: string;
  /** Apply pending migrations before returning (default true). */
  migrate?: boolean;
  /** Connection pool size for Postgres. */
  poolSize?: number;
  /** Embedded only: start from this dump (see dumpMigratedTemplate) instead of an empty database. */
  template?: Blob;
}

export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const { url, migrate = true } = options;
  if (url) return openPostgres(url, migrate, options.poolSize ?? 10);
  return openPglite(options.dataDir ?? './.data/pglite', migrate, options.template);
}

/** A dump of a freshly migrated embedded database: tests clone it instead of migrating each time. */
export async function dumpMigratedTemplate(): Promise<Blob> {
  const pglite = await PGlite.create('memory://');
  try {
    await applyMigrations(pgliteRunner(pglite));
    return await pglite.dumpDataDir('none');
  } finally {
    await pglite.close();
  }
}

function pgliteRunner(pglite: PGlite): SqlRunner {
  return {
    async query(text, params) {
      const result = await pglite.query(text, params ?? []);
      return result.rows as never[];
    },
    async exec(text) {
      await pglite.exec(text);
    },
    async copyFrom(text, data) {
      await pglite.query(text, [], { blob: data });
    },
    transaction(fn) {
      return pglite.transaction((tx) =>
        fn({
          async query(text, params) {
            return (await tx.query(text, params ?? [])).rows as never[];
          },
          async exec(text) {
            await tx.exec(text);
          },
          async copyFrom(text, data) {
            await tx.query(text, [], { blob: data });
          },
        }),
      );
    },
  };
}

async function openPglite(dataDir: string, migrate: boolean, template?: Blob): Promise<Database> {
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true });
  const pglite = await PGlite.create(dataDir, template ? { loadDataDir: template } : {});
  const sql = pgliteRunner(pglite);
  const migration = migrate ? await applyMigrations(sql) : { applied: [], alreadyApplied: 0 };
  // PGlite learns the array types (Channel[], InteractionType[], …) once, when it opens; on a fresh
  // directory the migrations create them after that, and array parameters of those types would go
  // out as plain text ("malformed array literal"). Learn them again before anything queries.
  if (migration.applied.length > 0) await pglite.refreshArrayTypes();
  const stats = { queries: 0 };
  const prisma = new PrismaClient({ adapter: countingAdapter(new PrismaPGlite(pglite), stats) });
  return {
    kind: 'pglite',
    stats,
    prisma,
    sql,
    migration,
    async close() {
      await prisma.$disconnect();
      await pglite.close();
    },
  };
}

/** Statements on one connection (a transaction's, or the migrations' session with its advisory lock). */
function connectionRunner(client: pg.PoolClient): Omit<SqlRunner, 'transaction'> {
  return {
    async query(text, params) {
      return (await client.query(text, params ?? [])).rows as never[];
    },
    async exec(text) {
      await client.query(text);
    },
  };
}

async function openPostgres(url: string, migrate: boolean, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  const sql: SqlRunner = {
    async query(text, params) {
      const result = await pool.query(text, params ?? []);
      return result.rows as never[];
    },
    async exec(text) {
      await pool.query(text);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn(connectionRunner(client));
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
  let migration: MigrationReport = { applied: [], alreadyApplied: 0 };
  if (migrate) {
    // One connection for the whole run: a session advisory lock belongs to the connection that took
    // it, so the lock, the migrations and the unlock must not be spread over the pool.
    const client = await pool.connect();
    try {
      migration = await applyMigrations({ ...connectionRunner(client), transaction: () => Promise.reject(new Error('migrations run their own BEGIN … COMMIT')) });
    } finally {
      client.release();
    }
  }
  const stats = { queries: 0 };
  const prisma = new PrismaClient({ adapter: countingAdapter(new PrismaPg(pool), stats) });
  return {
    kind: 'postgres',
    stats,
    prisma,
    sql,
    migration,
    async close() {
      await prisma.$disconnect();
      await pool.end();
    },
  };
}

type AdapterFactory = ConstructorParameters<typeof PrismaClient>[0] extends { adapter?: infer A } ? NonNullable<A> : never;

/** Wraps a driver adapter factory so every SQL statement sent through Prisma is counted. */
function countingAdapter<F extends { connect(): Promise<object> }>(factory: F, stats: { queries: number }): AdapterFactory {
  const count = <T extends object>(target: T): T =>
    new Proxy(target, {
      get(obj, prop, receiver) {
        const value = Reflect.get(obj, prop, receiver);
        if (typeof value !== 'function') return value;
        if (prop === 'queryRaw' || prop === 'executeRaw') {
          return (...args: unknown[]) => {
            stats.queries++;
            return value.apply(obj, args);
          };
        }
        if (prop === 'startTransaction') {
          return async (...args: unknown[]) => count(await value.apply(obj, args));
        }
        return value.bind(obj);
      },
    });
  return new Proxy(factory, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop === 'connect' && typeof value === 'function') return async () => count(await value.apply(obj));
      return typeof value === 'function' ? value.bind(obj) : value;
    },
  }) as unknown as AdapterFactory;
}
