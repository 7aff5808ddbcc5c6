// A process given a bad or unreachable DATABASE_URL / REDIS_URL says which variable, the address
// it tried and what to do, prints no stack trace, and exits non-zero within seconds: `npm start`
// and a standalone subgraph, as an operator runs them.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { StartupError } from '@retail/platform';
import { openTestDatabase } from '@retail/test-support/database';
import { PROJECT_ROOT } from '@retail/test-support/npmStart';
import { freePort } from '@retail/test-support/processes';
import { startStack } from '../src/index.ts';

interface Finished {
  code: number | null;
  stderr: string;
  ms: number;
}

function run(command: string, args: string[], env: Record<string, string | undefined>): Promise<Finished> {
  const started = Date.now();
  const merged: Record<string, string> = { ...(process.env as Record<string, string>) };
  for (const [k, v] of Object.entries(env)) v === undefined ? delete merged[k] : (merged[k] = v);
  const child = spawn(command, args, { cwd: PROJECT_ROOT, env: merged, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stdout!.on('data', (d) => (stderr += d));
  child.stderr!.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.once('exit', (code) => resolve({ code, stderr, ms: Date.now() - started })));
}

const subgraph = (name: string, env: Record<string, string | undefined>) => run(process.execPath, ['--import', 'tsx', `subgraphs/${name}/src/main.ts`], { REDIS_URL: undefined, ...env });
const npmStart = (env: Record<string, string | undefined>) => run('npm', ['start'], { DATA_DIR: mkdtempSync(join(tmpdir(), 'retail-misconfig-')), DATABASE_URL: undefined, REDIS_URL: undefined, ...env });

const STACK_LINE = /^\s+at /m;

/** A port something already listens on, for as long as the test holds it. */
async function takenPort(): Promise<{ port: number; release: () => Promise<void> }> {
  const blocker: Server = createServer().listen(0, '127.0.0.1');
  await once(blocker, 'listening');
  return { port: (blocker.address() as AddressInfo).port, release: () => new Promise((resolve) => blocker.close(() => resolve())) };
}

describe('misconfiguration at start', () => {
  it('a standalone subgraph names an unreachable DATABASE_URL and REDIS_URL, with the addresses and a fix, and exits 1', async () => {
    const port = await freePort(); // nothing listens there
    const r = await subgraph('product', { DATABASE_URL: `postgres://app:s3cret@127.0.0.1:${port}/retail`, REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(r.code).toBe(1);
    expect(r.ms).toBeLessThan(15_000);
    expect(r.stderr).toContain(`DATABASE_URL (postgres://app:***@127.0.0.1:${port}/retail): cannot reach Postgres: connection refused`);
    expect(r.stderr).toContain('Start Postgres there, or point DATABASE_URL at the Postgres you run.');
    expect(r.stderr).toContain(`REDIS_URL (redis://127.0.0.1:${port}): cannot reach Redis: connection refused`);
    expect(r.stderr).not.toContain('s3cret');
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a standalone subgraph without DATABASE_URL says it is required and exits 2 before connecting anywhere', async () => {
    const r = await subgraph('offers', { DATABASE_URL: undefined, CUSTOMER_URL: 'not a url' });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('DATABASE_URL: required');
    expect(r.stderr).toContain('CUSTOMER_URL:'); // the offers subgraph's own variables are checked with the common ones
    expect(r.stderr).not.toMatch(STACK_LINE);
  });

  it('a standalone gateway on a port already taken names PORT and exits 1', async () => {
    const taken = await takenPort();
    try {
      const r = await run(process.execPath, ['--import', 'tsx', 'gateway/src/main.ts'], { PORT: String(taken.port), HOST: '127.0.0.1' });
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(`PORT (127.0.0.1:${taken.port}): the port is already in use. Stop what listens there, or set PORT to a free port.`);
      expect(r.stderr).not.toMatch(STACK_LINE);
    } finally {
      await taken.release();
    }
  });

  it('the one-process stack names the variable of the port that is taken (CUSTOMER_PORT), not PORT', async () => {
    const taken = await takenPort();
    const db = await openTestDatabase();
    try {
      const error = await startStack({ db, subgraphPorts: { customer: taken.port } }).then(() => null, (e: unknown) => e);
      expect(error).toBeInstanceOf(StartupError);
      expect((error as StartupError).problems).toEqual([
        { variable: 'CUSTOMER_PORT', address: `127.0.0.1:${taken.port}`, problem: 'the port is already in use', hint: 'Stop what listens there, or set CUSTOMER_PORT to a free port.' },
      ]);
    } finally {
      await taken.release();
      await db.close();
    }
  });

  it('npm start names an unreachable DATABASE_URL and exits non-zero', async () => {
    const port = await freePort();
    const r = await npmStart({ DATABASE_URL: `postgres://postgres@127.0.0.1:${port}/retail` });
    expect(r.code).not.toBe(0);
    expect(r.ms).toBeLessThan(60_000); // npm runs `generate` first
    expect(r.stderr).toContain(`DATABASE_URL (postgres://postgres@127.0.0.1:${port}/retail): cannot reach Postgres: connection refused`);
    expect(r.stderr).not.toMatch(STACK_LINE);
  }, 90_000);

  it('npm start names an unreachable REDIS_URL (embedded database) and exits non-zero', async () => {
    const port = await freePort();
    const r = await npmStart({ REDIS_URL: `redis://127.0.0.1:${port}` });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`REDIS_URL (redis://127.0.0.1:${port}): cannot reach Redis: connection refused`);
    expect(r.stderr).toContain('Start Redis there, or point REDIS_URL at the Redis you run.');
    expect(r.stderr).not.toMatch(STACK_LINE);
  }, 90_000);
});
