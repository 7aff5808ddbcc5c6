// Writes the SQL that brings the committed migrations up to schema.prisma as a new migration.
// Usage: npm run db:migration:new -- <name>
import { mkdirSync, writeFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { diffMigrationsToSchema } from '../src/schemaEngine.ts';
import { MIGRATIONS_DIR } from '../src/migrations.ts';

const name = (process.argv[2] ?? '').trim();
if (!/^[a-z0-9_]+$/.test(name)) {
  console.error('Usage: npm run db:migration:new -- <name>   (name: lower-case letters, digits and _)');
  process.exit(2);
}
const sql = await diffMigrationsToSchema();
if (!sql) {
  console.log('schema.prisma and the migrations already agree: nothing to write.');
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
const dir = join(MIGRATIONS_DIR, `${stamp}_${name}`);
mkdirSync(dir, { recursive: true });
writeFileSync(join(dir, 'migration.sql'), sql + '\n');
const lock = join(MIGRATIONS_DIR, 'migration_lock.toml');
if (!existsSync(lock)) writeFileSync(lock, '# Written by prisma/scripts/new-migration.ts\nprovider = "postgresql"\n');
console.log(`wrote ${dir}/migration.sql (${sql.split('\n').length} lines)`);
