// Every deployable stops cleanly on SIGTERM, as an operator runs them (README: one process per
// part, `node --import tsx <part>/src/main.ts`, on Postgres and Redis): a request in flight when the
// signal arrives is answered, the process exits 0 within the deadline, offers writes its final
// model snapshot, and nothing of the process is left in Redis (no consumer, no group of its own).
// A second signal during a slow stop exits at once; a stop past SHUTDOWN_TIMEOUT_MS exits 1 and
// says what was pending. The offers process, started before the subgraphs it reads, says so
// naming the variables and loads its read model once they are up.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedWorld, SMALL_WORLD } from '@retail/db';
import { openScratchPostgres, type ScratchDatabase } from '@retail/test-support/database';
import { gql } from '@retail/test-support/graphql';
import { PROJECT_ROOT } from '@retail/test-support/npmStart';
import { freePort, waitForGraphQL } from '@retail/test-support/processes';
const prefix = `shutdown-${Date.now()}:`;
const DEADLINE_MS = 10_000; // the default SHUTDOWN_TIMEOUT_MS

interface Part {
  child: ChildProcess;
  url: string;
  output: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

type Name = 'customer' | 'product' | 'inventory' | 'offers' | 'gateway';

let db: ScratchDatabase;
let redis: Redis;
const ports = {} as Record<Name, number>;
const parts = {} as Record<Name, Part>;
const spare: Part[] = [];
const urlOf = (name: Name) => `http://127.0.0.1:${ports[name]}/graphql`;

function start(entry: string, env: Record<string, string>): Part {
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
    cwd: PROJECT_ROOT,
    // NODE_ENV as in production: under vitest's `test`, Apollo Server would skip the signal handler it installs by default.
    env: { ...process.env, NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: process.env.REDIS_URL!, EVENT_STREAM_PREFIX: prefix, HOST: '127.0.0.1', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (d) => (out += d));
  child.stderr!.on('data', (d) => (out += d));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, url: `http://127.0.0.1:${env.PORT}/graphql`, output: () => out, exit };
}

const startPart = (name: Exclude<Name, 'gateway'>, env: Record<string, string> = {}) => (parts[name] = start(`subgraphs/${name}/src/main.ts`, { PORT: String(ports[name]), ...env }));

async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * A GraphQL request held in flight: the headers and half of the body go now, the rest on finish().
 * The server has the request (it cannot count the connection idle) but cannot answer it yet.
 */
function requestInFlight(url: string, query: string): { sent: Promise<void>; finish(): void; response: Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: unknown[] } }> } {
  const body = Buffer.from(JSON.stringify({ query }));
  const half = Math.floor(body.length / 2);
  let sentResolve!: () => void;
  const sent = new Promise<void>((r) => (sentResolve = r));
  const req = http.request(url, { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': body.length } });
  const response = new Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: unknown[] } }>((resolve, reject) => {
    req.on('response', (res) => {
      let text = '';
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) }));
    });
    req.on('error', reject);
  });
  req.flushHeaders();
  req.write(body.subarray(0, half), () => sentResolve());
  return { sent, finish: () => req.end(body.subarray(half)), response };
}

const alive = (part: Part) => part.child.exitCode === null && part.child.signalCode === null;

/** Every consumer group on this deployment's streams, with its consumers. */
async function groups(): Promise<{ stream: string; group: string; consumers: string[] }[]> {
  const found: { stream: string; group: string; consumers: string[] }[] = [];
  const field = (fields: unknown[], name: string) => String(fields[fields.indexOf(name) + 1]);
  for (const stream of (await redis.keys(`${prefix}stream:*`)).sort()) {
    for (const g of (await redis.xinfo('GROUPS', stream)) as unknown[][]) {
      const group = field(g, 'name');
      const consumers = ((await redis.xinfo('CONSUMERS', stream, group)) as unknown[][]).map((c) => field(c, 'name'));
      found.push({ stream: stream.slice(`${prefix}stream:`.length), group, consumers });
    }
  }
  return found;
}

/** SIGTERM while a request is in flight: the process waits for it, answers it, then exits 0 within the deadline. */
async function stopDuringRequest(part: Part, query: string): Promise<{ status: number; body: { data?: Record<string, unknown>; errors?: unknown[] }; exitMs: number }> {
  const inFlight = requestInFlight(part.url, query);
  await inFlight.sent;
  await new Promise((r) => setTimeout(r, 100)); // the server has read the headers
  const signalled = Date.now();
  part.child.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 500));
  expect(alive(part)).toBe(true); // still serving the request in flight
  inFlight.finish();
  const response = await inFlight.response;
  const exit = await part.exit;
  const exitMs = Date.now() - signalled;
  expect(exit).toEqual({ code: 0, signal: null });
  expect(exitMs).toBeLessThan(DEADLINE_MS);
  expect(part.output()).toContain('stopped cleanly');
  return { ...response, exitMs };
}

beforeAll(async () => {
  db = await openScratchPostgres();
  await seedWorld(db, SMALL_WORLD);
  redis = new Redis(process.env.REDIS_URL!);
  for (const name of ['customer', 'product', 'inventory', 'offers', 'gateway'] as const) ports[name] = await freePort();
  const sources = { CUSTOMER_URL: urlOf('customer'), PRODUCT_URL: urlOf('product'), INVENTORY_URL: urlOf('inventory') };
  // Offers first, as `&` in a shell may well start it: the subgraphs it reads are not up yet.
  startPart('offers', sources);
  await until(() => parts.offers.output().includes('candidate read model did not load'), 'offers to report its sources', 90_000);
  for (const name of ['customer', 'product', 'inventory'] as const) startPart(name);
  for (const name of ['customer', 'product', 'inventory'] as const) await waitForGraphQL(urlOf(name), 90_000);
  parts.gateway = start('gateway/src/main.ts', { PORT: String(ports.gateway), ...sources, OFFERS_URL: urlOf('offers') });
  await waitForGraphQL(urlOf('gateway'), 90_000);
  await until(() => parts.offers.output().includes('candidate read model loaded'), 'offers to load its read model once its sources are up', 90_000);
}, 240_000);

afterAll(async () => {
  for (const part of [...Object.values(parts), ...spare]) if (alive(part)) part.child.kill('SIGKILL');
  await Promise.all([...Object.values(parts), ...spare].map((p) => p.exit));
  const keys = (await redis?.keys(`${prefix}*`)) ?? [];
  if (keys.length) await redis.del(...keys);
  redis?.disconnect();
  await db?.close();
});

describe('SIGTERM stops every deployable cleanly', () => {
  it('offers, started before its sources, named the variables to fix and retried until they answered', () => {
    const warning = parts.offers.output().split('\n').find((l) => l.includes('candidate read model did not load'))!;
    expect(warning).toContain(`CUSTOMER_URL (${urlOf('customer')})`);
    expect(warning).toContain('PRODUCT_URL');
    expect(warning).toContain('INVENTORY_URL');
    expect(warning).toContain('retryInMs');
  });

  it('offers: answers the request in flight, writes the final model snapshot, leaves nothing of its own in Redis', async () => {
    const [customer] = await db.prisma.customer.findMany({ take: 1, orderBy: { id: 'asc' }, select: { id: true } });
    const decided = await gql(urlOf('gateway'), `{ customer(id: "${customer!.id}") { personalizedOffers(context: { channel: WEB, device: DESKTOP }, limit: 3) { decisionId offers { offerId } } } }`);
    expect(decided.errors).toBeUndefined();
    const decision = decided.data!.customer.personalizedOffers;
    const outcome = await gql(urlOf('gateway'), `mutation { recordOfferOutcome(input: { decisionId: "${decision.decisionId}", offerId: "${decision.offers[0].offerId}", outcome: PURCHASE, idempotencyKey: "shutdown-1" }) { finalReward } }`);
    expect(outcome.data!.recordOfferOutcome.finalReward).toBe(true);
    const [{ seq } = { seq: '' }] = await db.sql.query<{ seq: string }>('SELECT max(seq)::text AS seq FROM "Reward"');
    await until(async () => {
      const stats = await gql(urlOf('offers'), '{ modelStats { appliedSeq } }');
      return stats.data?.modelStats.appliedSeq === seq;
    }, 'offers to learn the outcome');
    const before = await groups();
    expect(before.filter((g) => g.group.startsWith('solo-') && ['model-updates', 'interactions'].includes(g.stream))).toHaveLength(2); // offers' own broadcast groups
    const stoppedAt = new Date();

    const { status, body } = await stopDuringRequest(parts.offers, '{ modelStats { appliedSeq } }');
    expect(status).toBe(200);
    expect(body.data).toEqual({ modelStats: { appliedSeq: seq } });

    const snapshots = await db.prisma.modelSnapshot.findMany({ where: { modelName: 'offer-policy', createdAt: { gte: stoppedAt } } });
    expect(snapshots.map((s) => (s.meta as { appliedSeq: string }).appliedSeq)).toEqual([seq]); // written at shutdown, reflecting the outcome
    const after = await groups();
    expect(after.filter((g) => g.group.startsWith('solo-') && ['model-updates', 'interactions'].includes(g.stream))).toEqual([]);
    // Its shared work queue (purchase attribution) stays for the next replica, with no consumer of this one.
    expect(after.filter((g) => g.group === 'offers-purchase-attribution').flatMap((g) => g.consumers)).toEqual([]);
    expect(after.filter((g) => g.stream === 'stock' && g.group.startsWith('solo-'))).toHaveLength(1); // inventory's, still running
  });

  it('gateway: answers the request in flight through the subgraphs, then exits 0', async () => {
    const { status, body } = await stopDuringRequest(parts.gateway, '{ customers(first: 2) { edges { node { id } } } }');
    expect(status).toBe(200);
    expect((body.data!.customers as { edges: unknown[] }).edges).toHaveLength(2);
  });

  it('inventory: answers the request in flight, removes its consumers and its own group', async () => {
    const before = await groups();
    expect(before.some((g) => g.consumers.length > 0)).toBe(true);
    const { status, body } = await stopDuringRequest(parts.inventory, '{ locations { id } }');
    expect(status).toBe(200);
    expect((body.data!.locations as unknown[]).length).toBeGreaterThan(0);
    const after = await groups();
    expect(after.filter((g) => g.group.startsWith('solo-'))).toEqual([]);
    expect(after.flatMap((g) => g.consumers)).toEqual([]); // the shared work queues (holds, feed, attribution) stay, empty
    expect(after.map((g) => g.group).sort()).toEqual(['inventory-holds', 'inventory-stock-feed', 'offers-purchase-attribution']);
  });

  it('customer and product: answer the request in flight, then exit 0', async () => {
    const customer = await stopDuringRequest(parts.customer, '{ customers(first: 1) { edges { node { id } } } }');
    expect(customer.status).toBe(200);
    expect(customer.body.errors).toBeUndefined();
    const product = await stopDuringRequest(parts.product, '{ products(first: 1) { edges { node { id } } } }');
    expect(product.status).toBe(200);
    expect(product.body.errors).toBeUndefined();
  });

  it('a second signal during a slow stop exits at once; a stop past SHUTDOWN_TIMEOUT_MS exits 1 naming what was pending', async () => {
    const port = await freePort();
    const twice = start('subgraphs/product/src/main.ts', { PORT: String(port) });
    spare.push(twice);
    await waitForGraphQL(twice.url, 90_000);
    const stuck = requestInFlight(twice.url, '{ __typename }'); // never finished: the stop waits for it
    stuck.response.catch(() => undefined);
    await stuck.sent;
    await new Promise((r) => setTimeout(r, 100));
    twice.child.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 1_500)); // past the window in which a repeated Ctrl-C counts once
    expect(alive(twice)).toBe(true);
    const second = Date.now();
    twice.child.kill('SIGTERM');
    expect(await twice.exit).toEqual({ code: 130, signal: null });
    expect(Date.now() - second).toBeLessThan(1_000);
    expect(twice.output()).toContain('second signal');

    const late = start('subgraphs/product/src/main.ts', { PORT: String(await freePort()), SHUTDOWN_TIMEOUT_MS: '1500' });
    spare.push(late);
    await waitForGraphQL(late.url, 90_000);
    const hung = requestInFlight(late.url, '{ __typename }');
    hung.response.catch(() => undefined);
    await hung.sent;
    await new Promise((r) => setTimeout(r, 100));
    const signalled = Date.now();
    late.child.kill('SIGTERM');
    expect(await late.exit).toEqual({ code: 1, signal: null });
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_400);
    expect(Date.now() - signalled).toBeLessThan(5_000);
    const report = late.output().split('\n').find((l) => l.includes('shutdown did not finish in time'))!;
    expect(JSON.parse(report).pending).toEqual(['product: requests in flight']);
  });

  it('nothing of any process is left in Redis: no consumer, no per-process group', async () => {
    const left = await groups();
    expect(left.filter((g) => g.group.startsWith('solo-'))).toEqual([]);
    expect(left.flatMap((g) => g.consumers)).toEqual([]);
  });
});
