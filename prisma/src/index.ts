export { openDatabase, dumpMigratedTemplate, type Database, type DatabaseKind, type OpenDatabaseOptions, type SqlRunner } from './database.ts';
export { enqueueEvent, startOutboxRelay, type EventPublisher, type OutboxRelay, type OutboxRelayOptions } from './outbox.ts';
export { applyMigrations, listMigrations, MIGRATIONS_DIR, type Migration, type MigrationReport } from './migrations.ts';
export * from '../generated/client.ts';
