// Unreachable services at start: real connection attempts (a closed port, a name that cannot
// resolve), each problem named by its variable, with the address (password hidden) and a fix.
import { describe, expect, it } from 'vitest';
import { freePort } from '@retail/test-support/processes';
import { openDataServices, StartupError } from '../src/index.ts';

async function problemsOf(options: Parameters<typeof openDataServices>[0]) {
  const error = await openDataServices(options).then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(StartupError);
  return (error as StartupError).problems;
}

describe('openDataServices at start', () => {
  it('names both variables when Postgres and Redis refuse connections', async () => {
    const port = await freePort();
    const problems = await problemsOf({ databaseUrl: `postgres://app:hunter2@127.0.0.1:${port}/retail`, redisUrl: `redis://:hunter2@127.0.0.1:${port}/0` });
    expect(problems.map((p) => [p.variable, p.address])).toEqual([
      ['DATABASE_URL', `postgres://app:***@127.0.0.1:${port}/retail`],
      ['REDIS_URL', `redis://:***@127.0.0.1:${port}/0`],
    ]);
    expect(problems[0]!.problem).toContain('connection refused');
    expect(problems[1]!.hint).toBe('Start Redis there, or point REDIS_URL at the Redis you run.');
  });

  it('says when a host name does not resolve', async () => {
    const problems = await problemsOf({ databaseUrl: 'postgres://app@db.invalid:5432/retail', redisUrl: 'redis://cache.invalid:6379' });
    expect(problems.map((p) => p.problem)).toEqual(['cannot reach Postgres: the host name does not resolve', 'cannot reach Redis: the host name does not resolve']);
    expect(problems.map((p) => p.hint)).toEqual(['Check the host part of DATABASE_URL.', 'Check the host part of REDIS_URL.']);
  });

  it('with the embedded database, reports a bad REDIS_URL alone', async () => {
    const port = await freePort();
    const problems = await problemsOf({ dataDir: 'memory://', redisUrl: `redis://127.0.0.1:${port}` });
    expect(problems.map((p) => p.variable)).toEqual(['REDIS_URL']);
  });
});
