// Seeds the database with a synthetic world: DATABASE_URL when set, else the embedded database
// under ${DATA_DIR:-./.data}/pglite. Progress on stderr, summary on stdout.
// Usage: npm run seed -- --customers N --products M --interactions K --stores S --seed X [--reset]
import { SMALL_WORLD } from '@retail/simulator';
import { openDatabase } from '../src/database.ts';
import { parseSeedArgs, SeedArgsError, seedUsage } from '../src/seed/seedArgs.ts';
import { formatProgress, formatReport } from '../src/seed/seedLog.ts';
import { SeedError, seedWorld } from '../src/seed/seedWorld.ts';

let command;
try {
  command = parseSeedArgs(process.argv.slice(2), SMALL_WORLD);
} catch (error) {
  if (!(error instanceof SeedArgsError)) throw error;
  console.error(`${error.message}\n\n${seedUsage('npm run seed', SMALL_WORLD)}`);
  process.exit(2);
}
if (command.help) {
  console.log(seedUsage('npm run seed', SMALL_WORLD));
  process.exit(0);
}

const url = process.env.DATABASE_URL || undefined;
const dataDir = `${process.env.DATA_DIR || './.data'}/pglite`;
const db = await openDatabase({ url, dataDir });
console.error(`Seeding ${url ? 'Postgres (DATABASE_URL)' : `the embedded database in ${dataDir}`}${command.reset ? ', after emptying it' : ''}…`);
try {
  const report = await seedWorld(db, { ...command.size, now: command.now }, (p) => console.error(formatProgress(p)), { reset: command.reset, method: command.method });
  console.log(formatReport(report));
} catch (error) {
  console.error(error instanceof SeedError ? error.message : error);
  process.exitCode = 1;
} finally {
  await db.close();
}
