// `npm start` as the README says, spawned as its own process group on free ports and a data
// directory of the test's choosing, with no DATABASE_URL or REDIS_URL (the embedded default).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './processes.ts';

export const PROJECT_ROOT = join(import.meta.dirname, '..', '..');

export interface StartedProduct {
  child: ChildProcess;
  /** The gateway's GraphQL endpoint. */
  url: string;
  port: number;
  /** Everything the product printed so far (stdout and stderr). */
  output(): string;
}

const started: ChildProcess[] = [];

export async function npmStart(dataDir: string, extraEnv: Record<string, string> = {}, readyTimeoutMs = 120_000): Promise<StartedProduct> {
  const [gateway, customer, product, inventory, offers] = await Promise.all([1, 2, 3, 4, 5].map(freePort));
  const env: Record<string, string> = {
    ...(process.env as Record<string, string>),
    DATA_DIR: dataDir,
    PORT: String(gateway),
    CUSTOMER_PORT: String(customer),
    PRODUCT_PORT: String(product),
    INVENTORY_PORT: String(inventory),
    OFFERS_PORT: String(offers),
    LOG_LEVEL: 'info',
    ...extraEnv,
  };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  delete env.NODE_ENV; // as a user runs it (under vitest's `test`, Apollo Server changes its signal handling)
  const child = spawn('npm', ['start'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  started.push(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + readyTimeoutMs;
  while (!out.includes('Press Ctrl-C to stop')) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`npm start did not become ready in ${readyTimeoutMs} ms:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: `http://127.0.0.1:${gateway}/graphql`, port: gateway!, output: () => out };
}

/**
 * Ctrl-C: SIGINT to npm's whole process group, as a terminal does. Resolves with everything the
 * product printed once npm has exited and the product has said it stopped (or 30 s have passed).
 */
export async function ctrlC(product: StartedProduct): Promise<string> {
  if (product.child.exitCode === null && product.child.signalCode === null) {
    const exited = new Promise<void>((resolve) => product.child.once('exit', () => resolve()));
    process.kill(-product.child.pid!, 'SIGINT');
    await exited;
  }
  const deadline = Date.now() + 30_000;
  while (!product.output().includes('stopped cleanly') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return product.output();
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

/**
 * SIGTERM to the npm process alone, as a supervisor stops it. Resolves with npm's exit code and
 * the processes of its tree (npm, node) still alive afterwards — none, when the stop is clean.
 */
export async function sigterm(product: StartedProduct): Promise<{ code: number | null; leftAlive: number[] }> {
  const tree = processTree(product.child.pid!);
  const exited = new Promise<number | null>((resolve) => product.child.once('exit', (code) => resolve(code)));
  process.kill(product.child.pid!, 'SIGTERM');
  const code = await exited;
  return { code, leftAlive: tree.filter(isAlive) };
}

/** Kills whatever a test left running (afterAll): the whole process group of each start. */
export function killAllStarted(): void {
  for (const child of started.splice(0)) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
