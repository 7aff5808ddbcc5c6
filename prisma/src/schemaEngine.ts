// Prisma's schema engine, as WebAssembly, driven through a PGlite driver adapter. It is what
// `prisma migrate diff` runs, without the native binary the CLI would download (unreachable here).
// Used at development time only: to write a new migration and to check migrations match the schema.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PrismaPGlite } from 'pglite-prisma-adapter';
import { bindMigrationAwareSqlAdapterFactory } from '@prisma/driver-adapter-utils';
import { listMigrations, MIGRATIONS_DIR } from './migrations.ts';

export const SCHEMA_PATH = join(MIGRATIONS_DIR, '..', 'schema.prisma');

interface WasmSchemaEngine {
  diff(params: unknown): Promise<{ exitCode: number; stdout: string | null }>;
  free(): void;
}

type EngineConstructor = { new: (options: unknown, log: (msg: string) => void, adapter: unknown) => Promise<WasmSchemaEngine> };

// The wasm bindings keep module-level state (memory views, decoders): instantiate once per process.
let engineModule: Promise<EngineConstructor> | undefined;

async function loadSchemaEngine(adapterFactory: unknown, schema: string): Promise<WasmSchemaEngine> {
  engineModule ??= instantiateEngine();
  return (await engineModule).new({ datamodels: [[SCHEMA_PATH, schema]] }, () => undefined, adapterFactory);
}

async function instantiateEngine(): Promise<EngineConstructor> {
  const g = globalThis as Record<string, unknown>;
  // The wasm module reports Rust panics through this global before throwing.
  g.PRISMA_WASM_PANIC_REGISTRY ??= { set_message(message: string) { g.PRISMA_WASM_LAST_PANIC = message; } };
  const require = createRequire(import.meta.url);
  const dir = dirname(require.resolve('@prisma/schema-engine-wasm'));
  const bindings = (await import(join(dir, 'schema_engine_bg.js'))) as Record<string, unknown> & {
    __wbg_set_wasm(exports: unknown): void;
    SchemaEngine: EngineConstructor;
  };
  const { instance } = await WebAssembly.instantiate(readFileSync(join(dir, 'schema_engine_bg.wasm')), {
    './schema_engine_bg.js': bindings as WebAssembly.ModuleImports,
  });
  bindings.__wbg_set_wasm(instance.exports);
  (instance.exports as { __wbindgen_start?: () => void }).__wbindgen_start?.();
  return bindings.SchemaEngine;
}

const NO_FILTER = { externalTables: [], externalEnums: [] };

/**
 * Diffs the committed migrations (replayed on a scratch shadow database) against schema.prisma.
 * Returns the SQL that would bring the migrations up to the schema: empty when they agree.
 */
export async function diffMigrationsToSchema(schema = readFileSync(SCHEMA_PATH, 'utf8'), migrationsDir = MIGRATIONS_DIR): Promise<string> {
  const pglite = await PGlite.create('memory://');
  try {
    const engine = await loadSchemaEngine(bindMigrationAwareSqlAdapterFactory(new PrismaPGlite(pglite)), schema);
    const migrations = listMigrations(migrationsDir);
    const from = migrations.length === 0
      ? { tag: 'empty' }
      : {
          tag: 'migrations',
          baseDir: migrationsDir,
          lockfile: { path: join(migrationsDir, 'migration_lock.toml'), content: 'provider = "postgresql"\n' },
          shadowDbInitScript: '',
          migrationDirectories: migrations.map((m) => ({
            path: join(migrationsDir, m.name),
            migrationFile: { path: join(migrationsDir, m.name, 'migration.sql'), content: { tag: 'ok', value: m.sql } },
          })),
        };
    const result = await engine.diff({
      from,
      to: { tag: 'schemaDatamodel', files: [{ path: SCHEMA_PATH, content: schema }] },
      script: true,
      exitCode: true,
      filters: NO_FILTER,
    });
    engine.free();
    const sql = (result.stdout ?? '').trim();
    return sql === '-- This is an empty migration.' ? '' : sql;
  } finally {
    await pglite.close();
  }
}
