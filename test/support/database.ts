// Test databases. Embedded: a fresh in-memory PGlite per call, cloned from a migrated template
// made once per test worker, so test files do not pay for the migrations again. Postgres: a
// scratch database per call on the server named by DATABASE_URL, dropped by close().
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { dumpMigratedTemplate, openDatabase, type Database } from '@retail/db';

let template: Promise<Blob> | undefined;

export async function openTestDatabase(): Promise<Database> {
  template ??= dumpMigratedTemplate();
  return openDatabase({ dataDir: 'memory://', template: await template });
}

export type ScratchDatabase = Database & { url: string };

/** A scratch database on the Postgres server of DATABASE_URL; close() drops it. */
export async function openScratchPostgres(serverUrl = process.env.DATABASE_URL!): Promise<ScratchDatabase> {
  const name = `retail_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const db = await openDatabase({ url: url.toString() });
  const closeDb = db.close.bind(db);
  return Object.assign(db, {
    url: url.toString(),
    async close() {
      await closeDb();
      const dropper = new pg.Client({ connectionString: serverUrl });
      await dropper.connect();
      // pg's pool.end() resolves before its sockets have closed; a FORCE drop while one is still
      // open kills it and its client reports the error after the test. Wait for them to go first.
      for (let i = 0; i < 100; i++) {
        const open = await dropper.query('SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1', [name]);
        if (open.rows[0].n === 0) break;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await dropper.end();
    },
  });
}
