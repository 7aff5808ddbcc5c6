// Seeding the database with a synthetic world (see seedWorld.ts).
export { seedWorld, seedIfEmpty, SeedError, SMALL_WORLD, type SeedConfig, type SeedOptions, type SeedProgress, type SeedReport, type SeedStep } from './seedWorld.ts';
export { SEEDED_TABLES, type SeededTable } from './tables.ts';
export type { WriteMethod } from './rowWriter.ts';
