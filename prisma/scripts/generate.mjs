// Generates the Prisma client into prisma/generated when the schema changed since the last run.
// PRISMA_SCHEMA_ENGINE_BINARY: the CLI otherwise tries to download a schema-engine binary, which
// `generate` does not need (the Prisma 7 client is pure TypeScript with a driver adapter).
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const prismaDir = join(dirname(fileURLToPath(import.meta.url)), '..');
const schema = join(prismaDir, 'schema.prisma');
const stamp = join(prismaDir, 'generated', '.schema-hash');
const hash = createHash('sha256').update(readFileSync(schema)).digest('hex');
if (existsSync(stamp) && readFileSync(stamp, 'utf8') === hash) process.exit(0);

execFileSync(process.execPath, [join(prismaDir, '..', 'node_modules', 'prisma', 'build', 'index.js'), 'generate', '--schema', schema], {
  stdio: ['ignore', 'ignore', 'inherit'],
  env: { ...process.env, PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? fileURLToPath(import.meta.url), PRISMA_HIDE_UPDATE_MESSAGE: '1', CHECKPOINT_DISABLE: '1' },
});
writeFileSync(stamp, hash);
