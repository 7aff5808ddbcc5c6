// The README's first command, as a newcomer runs it: `npm start` with no configuration creates,
// migrates and seeds the embedded database, serves the graph, stops cleanly on Ctrl-C, and a
// second start reuses the data.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gql } from '@retail/test-support/graphql';

const root = join(import.meta.dirname, '..', '..');
const dataDir = mkdtempSync(join(tmpdir(), 'retail-start-'));
const running: ChildProcess[] = [];

const freePort = () =>
  new Promise<number>((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });

async function npmStart(): Promise<{ child: ChildProcess; url: string; output: () => string }> {
  const ports = await Promise.all([1, 2, 3, 4, 5].map(freePort));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, PORT: String(ports[0]), CUSTOMER_PORT: String(ports[1]), PRODUCT_PORT: String(ports[2]), INVENTORY_PORT: String(ports[3]), OFFERS_PORT: String(ports[4]), LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_ENV; // as a newcomer runs it (vitest's `test` changes Apollo Server's signal handling)
  const child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 120_000;
  while (!out.includes('Press Ctrl-C to stop')) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`npm start did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: `http://127.0.0.1:${ports[0]}/graphql`, output: () => out };
}

/**
 * Ctrl-C: SIGINT to npm's whole process group, as a terminal does. npm itself dies of the signal;
 * what matters is that the product under it shut down cleanly, which it says last.
 */
async function ctrlC(started: { child: ChildProcess; output: () => string }): Promise<string> {
  const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  process.kill(-started.child.pid!, 'SIGINT');
  await exited;
  const deadline = Date.now() + 30_000;
  while (!started.output().includes('stopped cleanly') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return started.output();
}

/** The pids of a process and all its descendants. */
function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    let children = '';
    try {
      children = execFileSync('ps', ['-o', 'pid=', '--ppid', String(tree[i])]).toString();
    } catch {
      /* no children */
    }
    tree.push(...children.split('\n').map((l) => Number(l.trim())).filter(Boolean));
  }
  return tree;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

afterAll(() => {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
});

describe('npm start', () => {
  let customers = 0;

  it('creates, migrates and seeds the embedded database on first start and serves the graph', async () => {
    const started = await npmStart();
    const { url, output } = started;
    expect(output()).toContain('embedded Postgres');
    expect(output()).toContain('seeded an empty database');
    const r = await gql(url, '{ customers(first: 3) { edges { node { id orders(first: 1) { edges { node { lines { product { name availability { available } } } } } } } } } }');
    expect(r.errors).toBeUndefined();
    expect(r.data!.customers.edges).toHaveLength(3);
    const count = await gql(url, '{ customers(first: 100) { edges { cursor } pageInfo { hasNextPage } } }');
    customers = count.data!.customers.edges.length;
    expect(customers).toBe(100);
    expect(await ctrlC(started)).toContain('stopped cleanly');
  }, 240_000);

  it('reuses the data on the second start', async () => {
    const started = await npmStart();
    const { url, output } = started;
    expect(output()).not.toContain('seeded an empty database');
    const marker = await gql(url, '{ customers(first: 1) { edges { node { id } } } }');
    expect(marker.errors).toBeUndefined();
    const rec = await gql(url, `mutation { recordInteraction(input: { customerId: "${marker.data!.customers.edges[0].node.id}", type: VIEW, channel: WEB, device: DESKTOP, productId: "any", idempotencyKey: "restart-check" }) { id } }`);
    expect(rec.errors).toBeUndefined();
    expect(await ctrlC(started)).toContain('stopped cleanly');
    const again = await npmStart();
    const replay = await gql(again.url, `mutation { recordInteraction(input: { customerId: "${marker.data!.customers.edges[0].node.id}", type: VIEW, channel: WEB, device: DESKTOP, productId: "any", idempotencyKey: "restart-check" }) { id } }`);
    expect(replay.data!.recordInteraction.id).toBe(rec.data!.recordInteraction.id); // stored before the restart
    expect(await ctrlC(again)).toContain('stopped cleanly');
  }, 300_000);

  it('stops on a SIGTERM sent to the npm process alone (a supervisor), leaving no node process behind', async () => {
    const started = await npmStart();
    const tree = processTree(started.child.pid!);
    expect(tree.length).toBeGreaterThan(1); // npm and the node it runs the product in
    const exited = new Promise<number | null>((resolve) => started.child.once('exit', (code) => resolve(code)));
    process.kill(started.child.pid!, 'SIGTERM');
    expect(await exited).toBe(0);
    expect(started.output()).toContain('stopped cleanly');
    expect(tree.filter(isAlive)).toEqual([]);
  }, 240_000);
});
