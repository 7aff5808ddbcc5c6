import { mkdtempSync, mkdirSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { applyMigrations, listMigrations, MIGRATIONS_DIR, openDatabase } from '@retail/db';
import { diffMigrationsToSchema } from '../src/schemaEngine.ts';

describe('migrations', () => {
  it('agree with schema.prisma: replaying them leaves nothing to diff', async () => {
    expect(await diffMigrationsToSchema()).toBe('');
  }, 120_000);

  it('detect a schema change the migrations do not cover', async () => {
    const schema = (await import('node:fs')).readFileSync(join(MIGRATIONS_DIR, '..', 'schema.prisma'), 'utf8');
    const changed = schema.replace('model ModelSnapshot {', 'model ModelSnapshot {\n  note String?');
    expect(await diffMigrationsToSchema(changed)).toMatch(/ALTER TABLE "ModelSnapshot" ADD COLUMN\s+"note" TEXT/);
  }, 120_000);

  it('apply once, record themselves, and refuse an edited migration', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    cpSync(MIGRATIONS_DIR, dir, { recursive: true });
    const db = await openDatabase({ dataDir: 'memory://', migrate: false });
    try {
      const first = await applyMigrations(db.sql, dir);
      expect(first.applied).toEqual(listMigrations(dir).map((m) => m.name));
      const second = await applyMigrations(db.sql, dir);
      expect(second.applied).toEqual([]);
      expect(second.alreadyApplied).toBe(first.applied.length);
      const [row] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "_prisma_migrations"');
      expect(row!.n).toBe(first.applied.length);

      const name = first.applied[0]!;
      writeFileSync(join(dir, name, 'migration.sql'), '-- edited\nSELECT 1;');
      await expect(applyMigrations(db.sql, dir)).rejects.toThrow(`Migration ${name} was edited after it was applied`);
    } finally {
      await db.close();
    }
  });

  it('roll back a failing migration whole', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'migrations-'));
    mkdirSync(join(dir, '001_ok'));
    writeFileSync(join(dir, '001_ok', 'migration.sql'), 'CREATE TABLE a (id int);');
    mkdirSync(join(dir, '002_bad'));
    writeFileSync(join(dir, '002_bad', 'migration.sql'), 'CREATE TABLE b (id int);\nSELECT * FROM missing_table;');
    const db = await openDatabase({ dataDir: 'memory://', migrate: false });
    try {
      await expect(applyMigrations(db.sql, dir)).rejects.toThrow('Migration 002_bad failed');
      const tables = await db.sql.query<{ t: string }>("SELECT table_name AS t FROM information_schema.tables WHERE table_name IN ('a','b')");
      expect(tables.map((r) => r.t)).toEqual(['a']);
      const applied = await db.sql.query<{ m: string }>('SELECT migration_name AS m FROM "_prisma_migrations"');
      expect(applied.map((r) => r.m)).toEqual(['001_ok']);
    } finally {
      await db.close();
    }
  });
});

describe('a database the product creates itself (no template)', () => {
  it('takes array parameters of the enum types its migrations created, on the connection that migrated it', async () => {
    // A fresh directory: the types are created by the migrations after PGlite opened. Before the
    // fix, every Channel[] parameter went out as plain text: `malformed array literal: "WEB"`.
    const db = await openDatabase({ dataDir: join(mkdtempSync(join(tmpdir(), 'fresh-db-')), 'pglite') });
    try {
      expect(db.migration.applied.length).toBeGreaterThan(0);
      const now = new Date();
      await db.prisma.promotion.create({
        data: { id: 'pro_fresh', name: 'fresh', type: 'PERCENT_OFF', depth: 0.1, channels: ['WEB', 'APP'], status: 'APPROVED', startsAt: new Date(now.getTime() - 60_000), endsAt: new Date(now.getTime() + 60_000) },
      });
      const found = await db.prisma.promotion.findMany({ where: { channels: { hasSome: ['WEB'] } }, select: { id: true, channels: true } });
      expect(found).toEqual([{ id: 'pro_fresh', channels: ['WEB', 'APP'] }]);
      const raw = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "Promotion" WHERE channels && $1::"Channel"[]`, [['APP']]);
      expect(raw[0]!.n).toBe(1);
    } finally {
      await db.close();
    }
  }, 60_000);
});
