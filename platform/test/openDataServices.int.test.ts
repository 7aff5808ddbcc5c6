// Wrong (not unreachable) DATABASE_URL / REDIS_URL against the real servers: a database that does
// not exist, and a REDIS_URL that points at Postgres.
import { describe, expect, it } from 'vitest';
import { openDataServices, StartupError } from '../src/index.ts';

const server = new URL(process.env.DATABASE_URL!);

describe('openDataServices with a wrong configuration', () => {
  it('names a missing database and how to create it, and a REDIS_URL that reaches something else than Redis', async () => {
    const missing = new URL(server);
    missing.pathname = '/retail_no_such_database';
    const notRedis = `redis://${server.hostname}:${server.port || 5432}`;
    const error = await openDataServices({ databaseUrl: missing.toString(), redisUrl: notRedis }).then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    const [database, redis] = (error as StartupError).problems;
    expect(database).toMatchObject({ variable: 'DATABASE_URL', problem: 'the database "retail_no_such_database" does not exist' });
    expect(database!.hint).toContain('createdb retail_no_such_database');
    expect(redis).toMatchObject({ variable: 'REDIS_URL', address: `${notRedis}`, problem: 'the server there closed the connection: it does not speak Redis' });
  });
});
