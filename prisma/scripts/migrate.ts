// Applies pending migrations to DATABASE_URL, or to the embedded database under DATA_DIR (default ./.data/pglite).
import { openDatabase } from '../src/database.ts';

const db = await openDatabase({ url: process.env.DATABASE_URL || undefined, dataDir: process.env.DATA_DIR ? `${process.env.DATA_DIR}/pglite` : undefined });
const { applied, alreadyApplied } = db.migration;
console.log(`${db.kind}: ${applied.length} migration(s) applied${applied.length ? ` (${applied.join(', ')})` : ''}, ${alreadyApplied} already in place.`);
await db.close();
