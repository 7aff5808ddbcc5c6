import { describe, expect, it } from 'vitest';
import { ConfigError, parseSubgraphEnv } from '../src/index.ts';

describe('configuration', () => {
  it('applies defaults and coerces numbers', () => {
    const env = parseSubgraphEnv(4002, { DATABASE_URL: 'postgres://u@h:5432/db', PORT: '5000' });
    expect(env).toMatchObject({ DATABASE_URL: 'postgres://u@h:5432/db', PORT: 5000, HOST: '0.0.0.0', LOG_LEVEL: 'info' });
    expect(env.REDIS_URL).toBeUndefined();
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      parseSubgraphEnv(4002, { DATABASE_URL: 'mysql://x', REDIS_URL: 'http://nope', PORT: '70000', LOG_LEVEL: 'loud' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toHaveLength(4);
    expect(problems[0]).toBe('DATABASE_URL: must be a postgres:// or postgresql:// URL');
    expect(problems[1]).toBe('REDIS_URL: must be a redis:// or rediss:// URL');
    expect(problems[2]).toMatch(/^PORT: /);
    expect(problems[3]).toMatch(/^LOG_LEVEL: /);
  });

  it('treats empty strings as unset', () => {
    expect(() => parseSubgraphEnv(4002, { DATABASE_URL: '' })).toThrow(/DATABASE_URL/);
    expect(parseSubgraphEnv(4002, { DATABASE_URL: 'postgresql://h/db', REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });
});
