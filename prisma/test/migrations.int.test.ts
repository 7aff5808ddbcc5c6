// Parts started together on an empty Postgres database (the README starts four processes at
// once): each applies the migrations at start, and they must queue on the advisory lock, not race.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { describe, expect, it } from 'vitest';
import { listMigrations, openDatabase } from '@retail/db';

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

describe('migrations on Postgres', () => {
  it('six processes opening one empty database at once: one applies each migration, none fails, the lock is released', async () => {
    const name = `retail_mig_${randomBytes(5).toString('hex')}`;
    await admin((c) => c.query(`CREATE DATABASE ${name}`));
    const url = new URL(process.env.DATABASE_URL!);
    url.pathname = `/${name}`;
    try {
      const dbs = await Promise.all(Array.from({ length: 6 }, () => openDatabase({ url: url.toString(), poolSize: 3 })));
      try {
        const applied = dbs.flatMap((d) => d.migration.applied);
        expect(applied.sort()).toEqual(listMigrations().map((m) => m.name).sort());
        const [row] = await dbs[0]!.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
        expect(row!.n).toBe(listMigrations().length);
        // No connection still holds the migrations' advisory lock.
        const held = await dbs[0]!.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_locks l JOIN pg_database d ON d.oid = l.database WHERE l.locktype = 'advisory' AND d.datname = $1`, [name]);
        expect(held[0]!.n).toBe(0);
      } finally {
        await Promise.all(dbs.map((d) => d.close()));
      }
    } finally {
      await admin((c) => c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`));
    }
  }, 120_000);
});
