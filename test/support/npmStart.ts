// `npm start` as the README says to run it, in a child process: the embedded database under the
// given DATA_DIR, free ports, no DATABASE_URL or REDIS_URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { freePort } from './processes.ts';

const root = join(import.meta.dirname, '..', '..');
const running = new Set<ChildProcess>();

export interface StartedProduct {
  child: ChildProcess;
  /** The gateway's GraphQL endpoint. */
  url: string;
  port: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
}

/** Runs `npm start` and waits until it says it is ready. */
export async function npmStart(dataDir: string): Promise<StartedProduct> {
  const ports = await Promise.all([1, 2, 3, 4, 5].map(freePort));
  const env: Record<string, string> = { ...(process.env as Record<string, string>), DATA_DIR: dataDir, PORT: String(ports[0]), CUSTOMER_PORT: String(ports[1]), PRODUCT_PORT: String(ports[2]), INVENTORY_PORT: String(ports[3]), OFFERS_PORT: String(ports[4]), LOG_LEVEL: 'info' };
  delete env.DATABASE_URL;
  delete env.REDIS_URL;
  // Its own process group, so ctrlC can signal npm and everything under it, as a terminal does.
  const child = spawn('npm', ['start'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  running.add(child);
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const deadline = Date.now() + 120_000;
  while (!out.includes('Press Ctrl-C to stop')) {
    if (child.exitCode !== null) throw new Error(`npm start exited with ${child.exitCode}:\n${out}`);
    if (Date.now() > deadline) throw new Error(`npm start did not become ready:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return { child, url: `http://127.0.0.1:${ports[0]}/graphql`, port: ports[0]!, output: () => out };
}

/**
 * Ctrl-C: SIGINT to npm's whole process group, as a terminal does. npm itself dies of the signal;
 * what matters is that the product under it shut down cleanly, which it says last.
 */
export async function ctrlC(started: StartedProduct): Promise<string> {
  const exited = new Promise<void>((resolve) => started.child.once('exit', () => resolve()));
  process.kill(-started.child.pid!, 'SIGINT');
  await exited;
  const deadline = Date.now() + 30_000;
  while (!started.output().includes('stopped cleanly') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  return started.output();
}

/** For afterAll: kills what is left of every `npm start` of this test file (a test that failed midway, a product still shutting down). */
export function killNpmStarts(): void {
  for (const child of running) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
}
