// Every GraphQL example in the README runs without errors against the seeded small world.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD, type Database } from '@retail/db';
import { openTestDatabase } from '@retail/test-support/database';
import { gql } from '@retail/test-support/graphql';
import { startStack, type RunningStack } from '../src/index.ts';

const readme = readFileSync(join(import.meta.dirname, '..', '..', 'README.md'), 'utf8');
const examples = [...readme.matchAll(/```graphql\n([\s\S]*?)```/g)].map((m) => m[1]!);

let db: Database;
let stack: RunningStack;

beforeAll(async () => {
  db = await openTestDatabase();
  await seedWorld(db, SMALL_WORLD);
  stack = await startStack({ db });
}, 180_000);

afterAll(async () => {
  await stack?.stop();
  await db?.close();
});

describe('README examples', () => {
  it('has examples to check', () => expect(examples.length).toBeGreaterThanOrEqual(3));

  for (const [i, query] of examples.entries()) {
    it(`example ${i + 1} (${query.split('\n')[0]!.replace(/^# /, '')}) answers data and no error`, async () => {
      const r = await gql(stack.gateway.url, query);
      expect(r.errors).toBeUndefined();
      const firstField = Object.values(r.data ?? {})[0];
      expect(firstField).toBeTruthy();
      if (firstField && typeof firstField === 'object' && 'edges' in firstField) expect((firstField as { edges: unknown[] }).edges.length).toBeGreaterThan(0);
    });
  }
});
