// Applies pending migrations to DATABASE_URL (creating the database when the server has none of
// that name), or to the embedded database under DATA_DIR (default ./.data/pglite).
import { createDatabaseIfMissing } from '../src/createDatabase.ts';
import { openDatabase } from '../src/database.ts';

const url = process.env.DATABASE_URL || undefined;
if (url && (await createDatabaseIfMissing(url))) console.log(`created database ${new URL(url).pathname.slice(1)}`);
const db = await openDatabase({ url, dataDir: `${process.env.DATA_DIR || './.data'}/pglite` });
const { applied, alreadyApplied } = db.migration;
console.log(`${db.kind}: ${applied.length} migration(s) applied${applied.length ? ` (${applied.join(', ')})` : ''}, ${alreadyApplied} already in place.`);
await db.close();
