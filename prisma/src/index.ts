export { openDatabase, dumpMigratedTemplate, type Database, type DatabaseKind, type OpenDatabaseOptions, type SqlRunner } from './database.ts';
export { enqueueEvent, enqueueEventsSql, startOutboxRelay, type EventPublisher, type OutboxRelay, type OutboxRelayOptions } from './outbox.ts';
export { createDatabaseIfMissing } from './createDatabase.ts';
export { applyMigrations, listMigrations, MIGRATIONS_DIR, type Migration, type MigrationReport } from './migrations.ts';
export * from '../generated/client.ts';
export { seedWorld, seedIfEmpty, SeedError, SMALL_WORLD, SEEDED_TABLES, type SeedConfig, type SeedOptions, type SeedProgress, type SeedReport, type SeededTable } from './seed/index.ts';
