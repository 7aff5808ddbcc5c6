// The README's "Running on Postgres and Redis, one process per part", run as written: its own
// commands, line by line, with its own environment variables. Two things differ, so that the test
// can share the server with other tests and runs: the database is a fresh scratch name instead of
// `retail` (the recipe's `npm run db:migrate` must create it), and EVENT_STREAM_PREFIX is a fresh
// prefix. Then every GraphQL example of the README is run against the gateway it started, with the
// same checks as on `npm start`, and every process is stopped with SIGTERM, as a supervisor does.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { readmeExamples, readmeRecipe } from '@retail/test-support/readme';
import { PROJECT_ROOT } from '@retail/test-support/npmStart';
import { waitForGraphQL } from '@retail/test-support/processes';
import { newRunState, runExample } from './readmeExampleChecks.ts';

const recipe = readmeRecipe('Running on Postgres and Redis');
const examples = readmeExamples();
const scratchName = `retail_readme_${randomBytes(5).toString('hex')}`;
const env: Record<string, string> = { ...(process.env as Record<string, string>), EVENT_STREAM_PREFIX: `readme-${randomBytes(4).toString('hex')}:`, LOG_LEVEL: 'warn' };
delete env.DATABASE_URL;
delete env.REDIS_URL;
delete env.NODE_ENV; // as a user's shell has it (vitest's `test` changes Apollo Server's signal handling)
const background: { command: string; child: ChildProcess; output: () => string }[] = [];
let gatewayUrl = '';
const state = newRunState();

/** `export A=x B=y`: the variables the rest of the recipe runs with (the database renamed, see above). */
function applyExport(line: string): void {
  for (const [, name, value] of line.replace(/^export\s+/, '').matchAll(/([A-Z_][A-Z0-9_]*)=(\S+)/g)) {
    env[name!] = name === 'DATABASE_URL' ? value!.replace(/\/retail$/, `/${scratchName}`) : value!;
  }
}

function runInBackground(command: string): void {
  const child = spawn('bash', ['-c', command], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  background.push({ command, child, output: () => out });
}

/** Waits for the process just started to serve url; fails at once, with its output, if it exits. */
async function upOrExplain(url: string): Promise<void> {
  const p = background.at(-1)!;
  const gone = new Promise<void>((resolve) => p.child.once('exit', () => resolve()));
  const up = waitForGraphQL(url, 120_000).then(() => true, () => false);
  const served = await Promise.race([up, gone.then(() => false)]);
  if (!served) throw new Error(`README recipe: \`${p.command}\` did not serve ${url} (exit ${p.child.exitCode}):\n${p.output()}`);
}

const portOf = (command: string) => Number(/\bPORT=(\d+)/.exec(command)?.[1]);

/** The recipe's ports are fixed (4000–4004): something else listening there would answer in its place. */
const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const s = createServer().once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });

beforeAll(async () => {
  for (const port of recipe.map(portOf).filter((p) => p > 0)) {
    if (!(await portIsFree(port))) throw new Error(`port ${port}, which the README recipe uses, is taken: stop what listens there (an npm start?) and run again`);
  }
  for (const line of recipe) {
    if (line.startsWith('export ')) {
      applyExport(line);
    } else if (line.endsWith('&')) {
      runInBackground(line.slice(0, -1).trim());
      // The README starts them one after another in a terminal; each is up before the next needs it.
      await upOrExplain(`http://127.0.0.1:${portOf(line)}/graphql`);
    } else if (/\bmain\.ts$/.test(line)) {
      runInBackground(line); // the last process, in the foreground of the user's terminal
      gatewayUrl = `http://127.0.0.1:${portOf(line)}/graphql`;
      await upOrExplain(gatewayUrl);
    } else {
      const r = spawnSync('bash', ['-c', line], { cwd: PROJECT_ROOT, env, encoding: 'utf8', timeout: 300_000 });
      if (r.status !== 0) throw new Error(`README recipe line failed (${r.status}): ${line}\n${r.stdout}\n${r.stderr}`);
    }
  }
  if (!gatewayUrl) throw new Error('the README recipe starts no gateway');
}, 600_000);

afterAll(async () => {
  for (const p of background) {
    try {
      process.kill(-p.child.pid!, 'SIGKILL'); // the whole group: bash and the node it runs
    } catch {
      /* already gone */
    }
  }
  const admin = new pg.Client({ connectionString: process.env.DATABASE_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${scratchName} WITH (FORCE)`);
  await admin.end();
});

describe.sequential("README: Postgres and Redis, one process per part", () => {
  it('starts the four subgraphs and the gateway on the database the recipe created', () => {
    expect(background.map((p) => p.command)).toEqual(expect.arrayContaining([expect.stringContaining('subgraphs/offers/src/main.ts'), expect.stringContaining('gateway/src/main.ts')]));
    expect(background).toHaveLength(5);
  });

  for (const example of examples) {
    it(`example ${example.number}: ${example.title}`, async () => {
      await runExample(gatewayUrl, example, state);
    });
  }

  it('every process stops on SIGTERM with exit code 0 within 15 s, leaving nothing running', async () => {
    const groupAlive = (pid: number) => {
      try {
        process.kill(-pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    const exits = await Promise.all(
      background.map(async (p) => {
        const started = Date.now();
        const exited = new Promise<number | null>((resolve) => (p.child.exitCode !== null ? resolve(p.child.exitCode) : p.child.once('exit', (code) => resolve(code))));
        process.kill(-p.child.pid!, 'SIGTERM'); // the process group (bash and the node it runs), as a terminal's Ctrl-C or a supervisor's stop does
        while (groupAlive(p.child.pid!) && Date.now() - started < 15_000) await new Promise((r) => setTimeout(r, 50));
        const code = groupAlive(p.child.pid!) ? 'still running after 15 s' : await exited;
        return { command: p.command, code, ms: Date.now() - started };
      }),
    );
    expect(exits.filter((e) => e.code !== 0), JSON.stringify(exits, null, 1)).toEqual([]);
  }, 30_000);
});
