// npm run bench:soldout [-- --trials N] [--warmup N] [--timeout-ms N] [--redis-url URL] [--no-redis]
//                        [--postgres-url URL] [--no-processes] [--browsers N] [--browse-decisions N]
//                        [--no-write]:
// how fast does a unit sold out in a store disappear from that store's offers, end to end through
// the gateway? (issue 4: within 100 ms, p50/p99). And does browsing drain stock for everyone?
// (issue 8: serving an offer used to hold a unit of short stock for 15 minutes.)
//
// Starts one stack per event bus in this process (launcher startStack), each on its own embedded
// PGlite database seeded with the small world: the in-process bus (default) and — when Redis
// answers PING at 127.0.0.1:6379 (or --redis-url) — Redis Streams, with a stream prefix of this
// run's own that is deleted at the end; and — when Redis and Postgres (127.0.0.1:5432, or
// --postgres-url) both answer — the product as it is deployed: each subgraph and the gateway in a
// process of its own (their boot files), on a scratch Postgres database seeded with the same small
// world, events over Redis Streams. Trials alternate between the stacks. Each trial, over
// HTTP through the gateway with a keep-alive client, one request at a time:
//   1. personalizedOffers(STORE, IN_STORE, store, limit 3) for the next shopper at the next store;
//      the target is the first offered product with stock to promise there, agreeing with the
//      database (serving holds no stock, and the trials add nothing to a cart);
//   2. adjustStock(SALE, delta = −available, eventId) sells all of it (available to promise → 0);
//   3. the same shopper's personalizedOffers at that store is asked again, back to back, until the
//      product is gone: not in `offers`, and its offer ids listed under removed INSUFFICIENT_STOCK
//      (or not listed at all once the read model has the sale: `removed` lists 20 ids per reason);
//   4. adjustStock(RECEIPT, +the same units) puts it back, and the trial waits until the offers
//      engine's read model has the receipt, so trials are independent.
// In process, without changing the path, the bench timestamps where the sale is on its way: the
// inventory's outbox.wake() right after its commit, the relay's bus.publish of the stock.adjusted
// event, and the read model's applyStockEvent (CandidateCatalog) — so the end-to-end time splits
// into the bus leg (commit → outbox relay → bus → read model) and the next decision's own latency.
// The processes can only be timed from outside: there the bench's own Redis consumer of the stock
// stream stands in for the read model (the offers process reads the same stream).
// After the trials, on the in-process stack, the browsing phase: --browsers shoppers (20) each ask
// --browse-decisions decisions (5) at a store plus one request with 8 aliases of personalizedOffers;
// the bench reads from the database which served offers were short (DecisionItem.holdLocationId:
// where the old rule held a unit) and measures available to promise on those stock rows before
// browsing, after it, under the old rule (the bench places the hold the old rule placed for each
// such offer, with reserveStock, then releases them), after an ADD_TO_CART of every such offer (the
// new rule: one hold per shopper and product) and after a DISMISS per shopper and product.
// The offer policy's frequency cap is lifted (offersPolicy.frequencyCap) so that serving the same
// shopper the product several times cannot remove it as FREQUENCY_CAP, which is checked before
// stock and would hide the stock signal; nothing else differs from `npm start`.
// Writes docs/bench/soldout.json, docs/bench/soldout.svg and the "## Sold out to offers" section
// of docs/BENCHMARKS.md. BENCH_DEBUG=1 logs every trial's legs.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { seedWorld, SMALL_WORLD, type Database } from '@retail/db';
import { createRedisEventBus, STOCK_ADJUSTED, STOCK_HOLDS_REQUESTED, Topics, type EventBus, type OutgoingEvent, type StockAdjustedEvent, type StockHoldsRequestedEvent } from '@retail/platform';
import { DEFAULT_DECISION_SETTINGS, parseOfferId } from '@retail/subgraph-offers';
import { openScratchPostgres, openTestDatabase, type ScratchDatabase } from '@retail/test-support/database';
import { freePort, waitForGraphQL } from '@retail/test-support/processes';
import { replaceSection, runCommit } from '../../engine/bench/benchmarksDoc.ts';
import { startStack, type RunningStack } from '../src/index.ts';
import { booleanFlag, clock, logger, machine, numberFlag, ROOT, stringFlag } from './common.ts';
import { graphqlClient } from './httpClient.ts';
import { renderSoldOutSvg, type PlotMode } from './soldOutPlot.ts';
import { SOLD_OUT_HEADING, soldOutSection, stats, summarise, type Browsing, type Mode, type Trial } from './soldOutReport.ts';

const log = logger('bench:soldout');
const TRIALS = numberFlag('trials', 200);
const WARMUP = numberFlag('warmup', 10, { min: 0 });
const TIMEOUT_MS = numberFlag('timeout-ms', 5_000, { min: 100 });
const REDIS_URL = stringFlag('redis-url') ?? 'redis://127.0.0.1:6379';
const NO_REDIS = booleanFlag('no-redis');
const POSTGRES_URL = stringFlag('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/test';
const NO_PROCESSES = booleanFlag('no-processes');
const WRITE = !booleanFlag('no-write');
const TARGET_MS = 100;
const LIMIT = 3;
/** The browsing phase: shoppers, decisions each (plus one request with ALIASES aliases); 0 shoppers leaves it out. */
const BROWSERS = numberFlag('browsers', 20, { min: 0 });
const BROWSE_DECISIONS = numberFlag('browse-decisions', 5, { min: 0 });
const ALIASES = 8;
/** Short stock: an offer served with this many units or fewer to promise holds one when added to the cart (and used to hold one when served). */
const HOLD_BELOW = DEFAULT_DECISION_SETTINGS.stockHold.belowUnits;
const HOLD_TTL_SECONDS = DEFAULT_DECISION_SETTINGS.stockHold.ttlSeconds;
/** The outbox relay's fallback poll (startOutboxRelay's default): a relay leg this long may have waited for it. */
const RELAY_POLL_MS = 250;
const FREQUENCY_CAP = 1_000_000;
const OFFERS_SEED = 7;
/** BENCH_DEBUG=1 logs every trial's legs. */
const DEBUG = process.env.BENCH_DEBUG === '1';
const RUN_TAG = `${process.pid}-${Date.now().toString(36)}`;

const OFFERS = `query Offers($id: ID!, $ctx: OfferContextInput!) { customer(id: $id) { personalizedOffers(context: $ctx, limit: ${LIMIT}) {
  decisionId offers { offerId product { id } } removed { reason count offerIds } } } }`;
const ADJUST = `mutation Adjust($p: ID!, $l: ID!, $d: Int!, $r: StockChangeReason!, $e: ID) { adjustStock(productId: $p, locationId: $l, delta: $d, reason: $r, eventId: $e) { id onHandAfter } }`;

const MODE_LABEL: Record<Mode, string> = {
  memory: 'in-process bus',
  redis: 'Redis Streams',
  processes: 'processes on Postgres + Redis',
};

interface Slate {
  decisionId: string;
  offers: { offerId: string; product: { id: string } }[];
  removed: { reason: string; count: number; offerIds: string[] }[];
}

/** Where one stock event is on its way, in performance.now() ms of this process. */
interface Marks {
  /** The mutation left the client / its response arrived. */
  sentAt?: number;
  responseAt?: number;
  /** InventoryService.adjustStock called outbox.wake() right after its transaction committed. */
  wokeAt?: number;
  /** The outbox relay called bus.publish for this event / the bus accepted it. */
  publishStart?: number;
  publishEnd?: number;
  /** The offers engine's read model applied it (CandidateCatalog.applyStockEvent). */
  appliedAt?: number;
  appliedAvailable?: number;
}

// ---------------------------------------------------------------- Redis (a bare RESP client: PING and DEL only)

function redisCommand(url: string, args: string[], timeoutMs = 1000): Promise<string> {
  const u = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.createConnection({ host: u.hostname, port: Number(u.port || 6379) });
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no answer from ${u.host} within ${timeoutMs} ms`));
    }, timeoutMs);
    let reply = '';
    socket.on('connect', () => socket.write(`*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`));
    socket.on('data', (chunk) => {
      reply += chunk.toString('utf8');
      if (!reply.includes('\r\n')) return;
      clearTimeout(timer);
      socket.end();
      resolve(reply.slice(0, reply.indexOf('\r\n')));
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

async function redisReachable(url: string): Promise<{ ok: boolean; reason: string }> {
  try {
    const reply = await redisCommand(url, ['PING']);
    return reply === '+PONG' ? { ok: true, reason: 'PING answered PONG' } : { ok: false, reason: `PING answered ${reply}` };
  } catch (error) {
    return { ok: false, reason: (error as Error).message };
  }
}

// ---------------------------------------------------------------- instrumentation (timestamps only)

interface Probes {
  watch: Map<string, Marks>;
  /** The mutation in flight (only one at a time): where the inventory's wake() is attributed. */
  inFlight: Marks | null;
  hookCatalog(catalog: Awaited<ReturnType<RunningStack['offers']['catalog']>>): void;
}

/** Wraps outbox.wake, bus.publish and the read model's applyStockEvent on this stack's objects to timestamp the watched events. */
function instrument(stack: RunningStack): Probes {
  const probes: Probes = { watch: new Map(), inFlight: null, hookCatalog: () => undefined };
  const outbox = stack.outbox;
  const wake = outbox.wake.bind(outbox);
  outbox.wake = () => {
    const marks = probes.inFlight;
    // The inventory subgraph's call (right after adjustStock's commit), not another service's.
    if (marks && marks.wokeAt === undefined && /inventoryService\.ts/.test(new Error().stack ?? '')) marks.wokeAt = performance.now();
    wake();
  };
  const bus: EventBus = stack.bus;
  // The relay hands a batch to publishMany (a pipeline on Redis; one by one through publish on the
  // in-process bus), a single event to publish: both are watched, each event once.
  const beforePublish = (type: string, payload: unknown, at: number) => {
    const marks = type === STOCK_ADJUSTED ? probes.watch.get(String((payload as StockAdjustedEvent).eventId)) : undefined;
    if (marks && marks.publishStart === undefined) marks.publishStart = at;
    return marks;
  };
  let inBatch = false;
  const publish = bus.publish.bind(bus);
  bus.publish = (async (topic: string, type: string, payload: unknown) => {
    const marks = inBatch ? undefined : beforePublish(type, payload, performance.now());
    const event = await publish(topic, type, payload);
    if (marks && marks.publishEnd === undefined) marks.publishEnd = performance.now();
    return event;
  }) as EventBus['publish'];
  const publishMany = bus.publishMany.bind(bus);
  bus.publishMany = async (events: readonly OutgoingEvent[]) => {
    const t0 = performance.now();
    const watched = events.map((e) => beforePublish(e.type, e.payload, t0));
    inBatch = true;
    try {
      return await publishMany(events);
    } finally {
      inBatch = false;
      const t1 = performance.now();
      for (const marks of watched) if (marks && marks.publishEnd === undefined) marks.publishEnd = t1;
    }
  };
  const hooked = new WeakSet<object>();
  probes.hookCatalog = (catalog) => {
    if (hooked.has(catalog)) return;
    hooked.add(catalog);
    const apply = catalog.applyStockEvent.bind(catalog);
    catalog.applyStockEvent = (e: StockAdjustedEvent) => {
      apply(e);
      const marks = e.eventId ? probes.watch.get(e.eventId) : undefined;
      if (marks && marks.appliedAt === undefined) {
        marks.appliedAt = performance.now();
        marks.appliedAvailable = catalog.availableAt(e.productId, e.locationId);
      }
    };
  };
  return probes;
}

// ---------------------------------------------------------------- one stack per mode

interface ModeRun {
  mode: Mode;
  db: Database;
  /** The stack in this process (null for the processes). */
  stack: RunningStack | null;
  /** The offers engine's read model where the bench can reach it (in process), else null. */
  readModel: (() => Promise<{ availableAt(productId: string, locationId: string): number }>) | null;
  probes: Probes;
  client: ReturnType<typeof graphqlClient>;
  trials: Trial[];
  errors: string[];
  /** Offered products passed over as targets: nothing to promise there, or read model and database disagreed. */
  skippedOffers: { noStock: number; disagrees: number };
  /** Position in the shared (shopper, store) sequence: both modes walk the same one. */
  cursor: number;
  seedSeconds: number;
  startSeconds: number;
  streamPrefix: string | null;
}

async function waitForAsync(done: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!(await done())) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 5));
  }
  return true;
}

async function waitFor(done: () => boolean, timeoutMs: number): Promise<boolean> {
  const deadline = performance.now() + timeoutMs;
  while (!done()) {
    if (performance.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 1));
  }
  return true;
}

async function openMode(mode: Mode): Promise<ModeRun> {
  log(`${MODE_LABEL[mode]}: seeding a fresh embedded database (PGlite, in memory) with the small world…`);
  const db = await openTestDatabase();
  opened.dbs.push(db);
  const seedT0 = performance.now();
  await seedWorld(db, { ...SMALL_WORLD });
  const seedSeconds = (performance.now() - seedT0) / 1000;
  const t0 = performance.now();
  const streamPrefix = mode === 'redis' ? `bench-soldout-${RUN_TAG}:` : null;
  if (streamPrefix) opened.streamPrefixes.push(streamPrefix);
  const stack = await startStack({
    db,
    offersSeed: OFFERS_SEED,
    offersPolicy: { frequencyCap: FREQUENCY_CAP },
    ...(mode === 'redis' ? { redisUrl: REDIS_URL, eventStreamPrefix: streamPrefix! } : {}),
  });
  opened.stacks.push(stack);
  const probes = instrument(stack);
  const readModel = async () => {
    const catalog = await stack.offers.catalog();
    probes.hookCatalog(catalog);
    return catalog;
  };
  const catalog = await stack.offers.catalog();
  probes.hookCatalog(catalog);
  const client = graphqlClient(stack.gateway.url, 2);
  opened.clients.push(client);
  const startSeconds = (performance.now() - t0) / 1000;
  log(`${MODE_LABEL[mode]}: seeded in ${seedSeconds.toFixed(1)} s; stack up in ${startSeconds.toFixed(1)} s (gateway ${stack.gateway.url}${streamPrefix ? `, Redis ${REDIS_URL}, stream prefix ${streamPrefix}` : ''}); read model ${JSON.stringify(catalog.size)}`);
  return { mode, db, stack, readModel, probes, client, trials: [], errors: [], skippedOffers: { noStock: 0, disagrees: 0 }, cursor: 0, seedSeconds, startSeconds, streamPrefix };
}

/** The subgraphs and the gateway each in its own process (their boot files), as deployed. */
async function openProcesses(): Promise<ModeRun> {
  const mode: Mode = 'processes';
  log(`${MODE_LABEL[mode]}: a scratch database on ${POSTGRES_URL.replace(/\/[^/]*$/, '/…')}, seeded with the small world…`);
  const db = await openScratchPostgres(POSTGRES_URL);
  opened.dbs.push(db);
  const seedT0 = performance.now();
  await seedWorld(db, { ...SMALL_WORLD });
  const seedSeconds = (performance.now() - seedT0) / 1000;
  const t0 = performance.now();
  const streamPrefix = `bench-soldout-${RUN_TAG}-p:`;
  opened.streamPrefixes.push(streamPrefix);
  const ports: Record<string, number> = {};
  for (const name of ['customer', 'product', 'inventory', 'offers', 'gateway']) ports[name] = await freePort();
  const url = (name: string) => `http://127.0.0.1:${ports[name]}/graphql`;
  const env = {
    DATABASE_URL: (db as ScratchDatabase).url,
    REDIS_URL,
    EVENT_STREAM_PREFIX: streamPrefix,
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    CUSTOMER_URL: url('customer'),
    PRODUCT_URL: url('product'),
    INVENTORY_URL: url('inventory'),
    OFFERS_URL: url('offers'),
    OFFERS_RANDOM_SEED: String(OFFERS_SEED),
    OFFERS_FREQUENCY_CAP: String(FREQUENCY_CAP),
  };
  const start = (name: string, entry: string) => {
    // node itself, not the tsx wrapper, so that stopping the child stops the server.
    const child = spawn(process.execPath, ['--import', 'tsx', join(ROOT, entry)], { cwd: ROOT, env: { ...process.env, ...env, PORT: String(ports[name]) }, stdio: ['ignore', 'ignore', 'inherit'] });
    opened.children.push(child);
  };
  for (const name of ['customer', 'product', 'inventory']) start(name, `subgraphs/${name}/src/main.ts`);
  for (const name of ['customer', 'product', 'inventory']) await waitForGraphQL(url(name), 120_000);
  start('offers', 'subgraphs/offers/src/main.ts');
  await waitForGraphQL(url('offers'), 120_000);
  start('gateway', 'gateway/src/main.ts');
  await waitForGraphQL(url('gateway'), 120_000);
  // The bench's own consumer of the stock stream: when it has the sale, so has (within a hop) the
  // offers process, which reads the same stream.
  const probes: Probes = { watch: new Map(), inFlight: null, hookCatalog: () => undefined };
  const bus = await createRedisEventBus({ url: REDIS_URL, prefix: streamPrefix, blockMs: 1000 });
  opened.buses.push(bus);
  await bus.subscribe<StockAdjustedEvent>(Topics.stock, (e) => {
    if (e.type !== STOCK_ADJUSTED) return;
    const marks = e.payload.eventId ? probes.watch.get(e.payload.eventId) : undefined;
    if (marks && marks.appliedAt === undefined) marks.appliedAt = performance.now();
  });
  const client = graphqlClient(url('gateway'), 2);
  opened.clients.push(client);
  const startSeconds = (performance.now() - t0) / 1000;
  log(`${MODE_LABEL[mode]}: seeded in ${seedSeconds.toFixed(1)} s; five processes up in ${startSeconds.toFixed(1)} s (gateway ${url('gateway')}, stream prefix ${streamPrefix})`);
  return { mode, db, stack: null, readModel: null, probes, client, trials: [], errors: [], skippedOffers: { noStock: 0, disagrees: 0 }, cursor: 0, seedSeconds, startSeconds, streamPrefix };
}

async function postgresReachable(url: string): Promise<{ ok: boolean; reason: string }> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.createConnection({ host: u.hostname, port: Number(u.port || 5432) });
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ ok: false, reason: `no answer from ${u.host} within 1000 ms` });
    }, 1000);
    socket.on('connect', () => {
      clearTimeout(timer);
      socket.end();
      resolve({ ok: true, reason: 'accepts connections' });
    });
    socket.on('error', (error) => {
      clearTimeout(timer);
      resolve({ ok: false, reason: error.message });
    });
  });
}

/** One sell-out: pick, sell out, ask until gone, put back. */
async function runTrial(run: ModeRun, k: number, customers: readonly string[], stores: readonly string[]): Promise<Trial> {
  const { mode, db, probes, client } = run;
  const offersFor = async (customer: string, store: string) =>
    (await client.request<{ customer: { personalizedOffers: Slate } }>(OFFERS, { id: customer, ctx: { channel: 'STORE', device: 'IN_STORE', locationId: store } })).customer.personalizedOffers;
  const adjust = (p: string, l: string, d: number, r: 'SALE' | 'RECEIPT', e: string) => client.request<{ adjustStock: { id: string; onHandAfter: number } }>(ADJUST, { p, l, d, r, e });

  // ---- 1. a product this store offers this shopper now, with stock to promise
  let picked: { customer: string; store: string; product: string; units: number } | null = null;
  let picks = 0;
  while (!picked) {
    if (++picks > 50) throw new Error(`${MODE_LABEL[mode]}: no offered product with stock to promise in 50 answers`);
    const customer = customers[run.cursor % customers.length]!;
    const store = stores[run.cursor % stores.length]!;
    run.cursor++;
    const slate = await offersFor(customer, store);
    const readModel = run.readModel ? await run.readModel() : null;
    for (const o of slate.offers) {
      const product = o.product.id;
      const [row] = await db.sql.query<{ onHand: number; reserved: number; safetyStock: number }>(
        `SELECT "onHand", "reserved", "safetyStock" FROM "StockLevel" WHERE "productId" = $1 AND "locationId" = $2`,
        [product, store],
      );
      const available = row ? Math.max(0, row.onHand - row.reserved - row.safetyStock) : 0;
      if (available < 1) {
        run.skippedOffers.noStock++;
        continue;
      }
      if (readModel && readModel.availableAt(product, store) !== available) {
        run.skippedOffers.disagrees++;
        continue;
      }
      picked = { customer, store, product, units: available };
      break;
    }
  }
  const { customer, store, product, units } = picked;

  // ---- 2. sell all of it
  const saleId = `soldout-${RUN_TAG}-${mode}-${k}`;
  const sale: Marks = {};
  probes.watch.set(saleId, sale);
  probes.inFlight = sale;
  const sentAt = (sale.sentAt = performance.now());
  const sold = await adjust(product, store, -units, 'SALE', saleId);
  const responseAt = (sale.responseAt = performance.now());
  probes.inFlight = null;
  if (typeof sold.adjustStock.onHandAfter !== 'number') throw new Error(`adjustStock answered ${JSON.stringify(sold)}`);

  // ---- 3. the same shopper at the same store, back to back, until the product is gone
  let polls = 0;
  let missingForOtherReasons = 0;
  let gone: { sentAt: number; at: number; listed: boolean } | null = null;
  const mine = (ids: readonly string[]) => ids.some((id) => parseOfferId(id)?.productId === product);
  while (!gone) {
    const pollSent = performance.now();
    const slate = await offersFor(customer, store);
    const at = performance.now();
    polls++;
    const offered = slate.offers.some((o) => o.product.id === product);
    const listed = slate.removed.some((r) => r.reason === 'INSUFFICIENT_STOCK' && mine(r.offerIds));
    const otherReason = slate.removed.some((r) => r.reason !== 'INSUFFICIENT_STOCK' && mine(r.offerIds));
    // Not listed at all is accepted only once the read model has the sale (removed lists 20 ids per reason).
    if (!offered && (listed || (!otherReason && sale.appliedAt !== undefined && sale.appliedAt < at))) gone = { sentAt: pollSent, at, listed };
    else if (!offered) missingForOtherReasons++;
    if (!gone && at - responseAt > TIMEOUT_MS) break;
  }
  if (!gone) run.errors.push(`trial ${k}: ${product} at ${store} still offered ${TIMEOUT_MS} ms after the sale (the read model ${sale.appliedAt === undefined ? 'never had it' : 'had it'})`);

  // ---- 4. put it back, and wait until the read model has it
  const receiptId = `${saleId}-receipt`;
  const receipt: Marks = {};
  probes.watch.set(receiptId, receipt);
  const receiptSent = performance.now();
  await adjust(product, store, units, 'RECEIPT', receiptId);
  const receiptResponse = performance.now();
  if (!(await waitFor(() => receipt.appliedAt !== undefined && sale.appliedAt !== undefined, TIMEOUT_MS)))
    run.errors.push(`trial ${k}: the read model did not get ${sale.appliedAt === undefined ? 'the sale' : 'the receipt'} within ${TIMEOUT_MS} ms`);
  probes.watch.delete(saleId);
  probes.watch.delete(receiptId);

  const applied = sale.appliedAt ?? NaN;
  const woke = sale.wokeAt ?? NaN;
  const published = sale.publishStart ?? NaN;
  const seen = Number.isFinite(applied) ? Math.max(applied, responseAt) : responseAt;
  return {
    mode,
    trial: k - WARMUP,
    customer,
    store,
    product,
    units,
    picks,
    timedOut: !gone,
    mutationMs: responseAt - sentAt,
    e2eFromResponseMs: gone ? gone.at - responseAt : Number.POSITIVE_INFINITY,
    e2eFromSendMs: gone ? gone.at - sentAt : Number.POSITIVE_INFINITY,
    commitMs: woke - sentAt,
    relayMs: published - woke,
    publishMs: (sale.publishEnd ?? NaN) - published,
    deliveryMs: applied - published,
    busFromCommitMs: applied - woke,
    busFromSendMs: applied - sentAt,
    busFromResponseMs: applied - responseAt,
    decisionMs: gone ? gone.at - seen : Number.POSITIVE_INFINITY,
    detectingPollMs: gone ? gone.at - gone.sentAt : NaN,
    detectingPollSentBeforeApply: gone ? gone.sentAt < applied : false,
    polls,
    missingForOtherReasons,
    listedInsufficientStock: gone?.listed ?? false,
    restockMutationMs: receiptResponse - receiptSent,
    restockBusFromResponseMs: (receipt.appliedAt ?? NaN) - receiptResponse,
  };
}

// ---------------------------------------------------------------- browsing: does serving drain stock?

/** What the browsing phase measured (available to promise summed over the stock rows short-stock offers were served from). */
const RESERVE = `mutation($i: ReserveStockInput!) { reserveStock(input: $i) { id } }`;
const RELEASE = `mutation($r: ID!) { releaseStockReservation(reference: $r) { status } }`;
const OUTCOME = `mutation($i: RecordOfferOutcomeInput!) { recordOfferOutcome(input: $i) { duplicate } }`;

async function measureBrowsing(run: ModeRun, customers: readonly string[], stores: readonly string[]): Promise<Browsing> {
  const { db, client } = run;
  const stack = run.stack!;
  const t0 = performance.now();
  const key = (productId: string, locationId: string) => `${productId}@${locationId}`;
  const availableNow = async () =>
    new Map((await db.sql.query<{ productId: string; locationId: string; available: number }>(`SELECT "productId", "locationId", GREATEST(0, "onHand" - reserved - "safetyStock")::int AS available FROM "StockLevel"`)).map((r) => [key(r.productId, r.locationId), r.available]));
  const reservedNow = async () => (await db.sql.query<{ n: number }>('SELECT COALESCE(sum(reserved), 0)::int AS n FROM "StockLevel"'))[0]!.n;
  // Inventory takes hold requests in order: once a marker request is answered, every request before it has been.
  let markers = 0;
  const [spare] = await db.sql.query<{ productId: string; locationId: string }>(`SELECT "productId", "locationId" FROM "StockLevel" WHERE "onHand" - reserved - "safetyStock" >= 50 ORDER BY "productId", "locationId" LIMIT 1`);
  if (!spare) throw new Error('browsing: no stock row with 50 units to promise for the marker hold');
  const holdsSettled = async () => {
    await stack.outbox.drain();
    const reference = `bench-marker-${RUN_TAG}-${++markers}`;
    await stack.bus.publish(Topics.stockHolds, STOCK_HOLDS_REQUESTED, { holds: [{ reference, productId: spare.productId, locationId: spare.locationId, quantity: 1, ttlSeconds: 60 }] } satisfies StockHoldsRequestedEvent);
    if (!(await waitForAsync(async () => (await db.sql.query('SELECT 1 FROM "StockReservation" WHERE reference = $1', [reference])).length > 0, TIMEOUT_MS)))
      throw new Error(`browsing: inventory did not answer the hold requests within ${TIMEOUT_MS} ms`);
    await client.request(RELEASE, { r: reference });
    await stack.outbox.drain();
  };

  const before = await availableNow();
  const reservedBefore = await reservedNow();
  // ---- browsing: decisions and one many-alias request per shopper, nothing added to a cart
  const aliases = Array.from({ length: ALIASES }, (_, i) => `a${i}: personalizedOffers(context: $ctx, limit: ${LIMIT}) { decisionId }`).join(' ');
  const MANY = `query($id: ID!, $ctx: OfferContextInput!) { customer(id: $id) { ${aliases} } }`;
  const decisionIds: string[] = [];
  const shoppers = customers.slice(0, BROWSERS);
  for (const [i, customer] of shoppers.entries()) {
    const ctx = { channel: 'STORE', device: 'IN_STORE', locationId: stores[i % stores.length] };
    for (let d = 0; d < BROWSE_DECISIONS; d++) decisionIds.push((await client.request<{ customer: { personalizedOffers: Slate } }>(OFFERS, { id: customer, ctx })).customer.personalizedOffers.decisionId);
    const many = await client.request<{ customer: Record<string, { decisionId: string }> }>(MANY, { id: customer, ctx });
    decisionIds.push(...Object.values(many.customer).map((x) => x.decisionId));
  }
  await holdsSettled();
  const served = await db.sql.query<{ customerId: string; decisionId: string; offerId: string; productId: string; holdLocationId: string | null }>(
    `SELECT d."customerId", i."decisionId", i."offerId", i."productId", i."holdLocationId" FROM "DecisionItem" i JOIN "Decision" d ON d.id = i."decisionId" WHERE i."decisionId" = ANY($1::text[]) ORDER BY i."decisionId", i.position`,
    [decisionIds],
  );
  const short = served.filter((x): x is typeof x & { holdLocationId: string } => x.holdLocationId !== null);
  const rows = [...new Set(short.map((x) => key(x.productId, x.holdLocationId)))];
  const sumOver = (m: Map<string, number>) => rows.reduce((n, r) => n + (m.get(r) ?? 0), 0);
  const emptied = (m: Map<string, number>) => rows.filter((r) => (before.get(r) ?? 0) > 0 && (m.get(r) ?? 0) === 0).length;
  const afterBrowsing = await availableNow();
  const reservedAfterBrowsing = (await reservedNow()) - reservedBefore;

  // ---- the old rule, for the same decisions: one hold of one unit per short-stock offer served
  const oldRuleHolds = { placed: 0, refused: 0 };
  const oldReferences: string[] = [];
  for (const x of short) {
    const reference = `bench-old-rule:${x.decisionId}:${x.offerId}`;
    const r = await client.raw(RESERVE, { i: { reference, productId: x.productId, locationId: x.holdLocationId, quantity: 1, ttlSeconds: HOLD_TTL_SECONDS } });
    if (r.errors?.length) {
      if (r.errors[0]!.extensions?.code !== 'BAD_USER_INPUT') throw new Error(`browsing: reserveStock answered ${JSON.stringify(r.errors)}`);
      oldRuleHolds.refused++;
    } else {
      oldRuleHolds.placed++;
      oldReferences.push(reference);
    }
  }
  const oldRule = await availableNow();
  for (const reference of oldReferences) await client.request(RELEASE, { r: reference });
  const oldRuleReleased = await availableNow();

  // ---- the new rule: every short-stock offer served is added to the cart, then one dismissal per shopper and product
  for (const x of short) await client.request(OUTCOME, { i: { decisionId: x.decisionId, offerId: x.offerId, outcome: 'ADD_TO_CART', idempotencyKey: `bench-cart-${x.decisionId}-${x.offerId}` } });
  await holdsSettled();
  const addedToCart = await availableNow();
  const holders = [...new Set(short.map((x) => `shopper:${x.customerId}`))];
  const [held] = await db.sql.query<{ n: number }>(`SELECT count(*)::int AS n FROM "StockReservation" WHERE status = 'ACTIVE' AND holder = ANY($1::text[])`, [holders]);
  const firstOfPair = new Map<string, (typeof short)[number]>();
  for (const x of short) if (!firstOfPair.has(`${x.customerId}|${x.productId}`)) firstOfPair.set(`${x.customerId}|${x.productId}`, x);
  for (const x of firstOfPair.values()) await client.request(OUTCOME, { i: { decisionId: x.decisionId, offerId: x.offerId, outcome: 'DISMISS', idempotencyKey: `bench-dismiss-${x.decisionId}-${x.offerId}` } });
  await holdsSettled();
  const afterDismissals = await availableNow();

  return {
    shoppers: shoppers.length,
    decisionsPerShopper: BROWSE_DECISIONS,
    aliasesPerRequest: ALIASES,
    decisions: decisionIds.length,
    servedOffers: served.length,
    shortOffers: short.length,
    rows: rows.length,
    shopperProducts: firstOfPair.size,
    available: {
      before: sumOver(before),
      afterBrowsing: sumOver(afterBrowsing),
      oldRule: sumOver(oldRule),
      oldRuleReleased: sumOver(oldRuleReleased),
      addedToCart: sumOver(addedToCart),
      afterDismissals: sumOver(afterDismissals),
    },
    oldRuleHolds,
    rowsEmptied: { oldRule: emptied(oldRule), addedToCart: emptied(addedToCart) },
    addToCart: { outcomes: short.length, holds: held!.n },
    reservedAfterBrowsing,
    seconds: Math.round((performance.now() - t0) / 100) / 10,
  };
}

async function deleteStreams(prefix: string): Promise<void> {
  const keys = Object.values(Topics).map((t) => `${prefix}stream:${t}`);
  try {
    const reply = await redisCommand(REDIS_URL, ['DEL', ...keys]);
    log(`deleted this run's Redis streams (${prefix}stream:*): ${reply}`);
  } catch (error) {
    log(`could not delete this run's Redis streams (${prefix}stream:*): ${(error as Error).message}`);
  }
}

// ---------------------------------------------------------------- main

/** Everything this run opened, closed in reverse on the way out (also on Ctrl-C). */
const opened: { clients: { close(): void }[]; stacks: RunningStack[]; children: ChildProcess[]; buses: EventBus[]; dbs: Database[]; streamPrefixes: string[] } = {
  clients: [],
  stacks: [],
  children: [],
  buses: [],
  dbs: [],
  streamPrefixes: [],
};
let closing: Promise<void> | null = null;
function closeAll(): Promise<void> {
  closing ??= (async () => {
    for (const c of opened.clients) c.close();
    for (const s of opened.stacks.reverse()) await s.stop().catch((e) => log(`stopping a stack failed: ${String(e)}`));
    for (const b of opened.buses) await b.close().catch(() => undefined);
    await Promise.all(opened.children.reverse().map((child) => stopChild(child)));
    for (const p of opened.streamPrefixes) await deleteStreams(p);
    for (const d of opened.dbs.reverse()) await d.close().catch(() => undefined);
  })();
  return closing;
}
function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(force);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
// Two stacks in one process register more signal listeners than Node's default warning threshold.
process.setMaxListeners(32);
process.once('SIGINT', () => void closeAll().finally(() => process.exit(130)));

const started = performance.now();
const m0 = machine();
log(`machine: ${m0.cores} cores (${m0.cpu}), Node ${m0.node}; /proc/loadavg at start: ${m0.procLoadavg}`);
const redis = NO_REDIS ? { ok: false, reason: '--no-redis' } : await redisReachable(REDIS_URL);
const postgres = NO_PROCESSES ? { ok: false, reason: '--no-processes' } : !redis.ok ? { ok: false, reason: 'no Redis' } : await postgresReachable(POSTGRES_URL);
const modes: Mode[] = [
  'memory',
  ...(redis.ok ? (['redis'] as const) : []),
  ...(postgres.ok ? (['processes'] as const) : []),
];
log(
  `Redis at ${REDIS_URL}: ${redis.ok ? 'reachable' : `not used (${redis.reason})`}; ${modes.map((m) => MODE_LABEL[m]).join(' and ')}: ${TRIALS} trials each after ${WARMUP} warm-up trials; one stack each, side by side, trials alternating between them` +
    (BROWSERS > 0 ? `; then the browsing phase on the ${MODE_LABEL.memory} stack: ${BROWSERS} shoppers × (${BROWSE_DECISIONS} decisions + one request with ${ALIASES} aliases)` : ''),
);

try {
  const runs: ModeRun[] = [];
  for (const mode of modes) runs.push(mode === 'processes' ? await openProcesses() : await openMode(mode));
  const first = runs[0]!.db;
  const customers = (await first.sql.query<{ id: string }>(`SELECT id FROM "Customer" ORDER BY md5(id)`)).map((r) => r.id);
  const stores = (await first.sql.query<{ id: string }>(`SELECT id FROM "Location" WHERE type = 'STORE' ORDER BY id`)).map((r) => r.id);
  const [plenty] = await first.sql.query<{ rows: number; plenty: number; short: number }>(
    `SELECT count(*)::int AS rows, count(*) FILTER (WHERE "onHand" - "reserved" - "safetyStock" > 0)::int AS plenty,
            count(*) FILTER (WHERE "onHand" - "reserved" - "safetyStock" BETWEEN 1 AND $1)::int AS short
     FROM "StockLevel" s JOIN "Location" l ON l.id = s."locationId" WHERE l.type = 'STORE'`,
    [HOLD_BELOW],
  );
  log(`${customers.length} customers, ${stores.length} stores; ${plenty!.plenty} of the ${plenty!.rows} store stock rows have stock to promise, ${plenty!.short} of them ${HOLD_BELOW} units or fewer`);

  const runT0 = performance.now();
  const total = WARMUP + TRIALS;
  for (let k = 0; k < total; k++) {
    // Alternate which bus goes first, so neither always follows the other's trial.
    const order = k % 2 === 0 ? runs : [...runs].reverse();
    for (const run of order) {
      const trial = await runTrial(run, k, customers, stores);
      if (k >= WARMUP) run.trials.push(trial);
      if (DEBUG) log(`${run.mode} #${k}: ${JSON.stringify(roundTrial(trial))}`);
    }
    if (k + 1 === WARMUP) log(`${WARMUP} warm-up trial${WARMUP === 1 ? '' : 's'} per stack done (not counted)`);
    const n = k + 1 - WARMUP;
    if (n > 0 && (n % 20 === 0 || k + 1 === total)) {
      const done = (k + 1) / total;
      const elapsed = performance.now() - runT0;
      const parts = runs.map((r) => {
        const e = stats(r.trials.map((t) => t.e2eFromResponseMs));
        const b = stats(r.trials.map((t) => (r.mode === 'processes' ? t.busFromSendMs : t.busFromCommitMs)));
        return `${MODE_LABEL[r.mode]}: gone after the response p50 ${e.p50.toFixed(1)} p99 ${e.p99.toFixed(1)} ms, ${r.mode === 'processes' ? 'send → stream consumer' : 'bus leg'} p50 ${b.p50.toFixed(1)} ms`;
      });
      log(`${n}/${TRIALS} trials  ${parts.join('; ')}  [${(100 * done).toFixed(0)} %, ETA ${clock((elapsed / done) * (1 - done))}]`);
    }
  }
  const runSeconds = (performance.now() - runT0) / 1000;
  const browsing = BROWSERS > 0 ? await measureBrowsing(runs.find((r) => r.mode === 'memory')!, customers, stores) : null;
  if (browsing) {
    const a = browsing.available;
    log(
      `browsing: ${browsing.decisions} decisions served ${browsing.shortOffers} short-stock offers on ${browsing.rows} rows; available to promise there ${a.before} before, ${a.afterBrowsing} after browsing, ` +
        `${a.oldRule} under the old rule (${browsing.oldRuleHolds.placed} holds placed, ${browsing.oldRuleHolds.refused} refused), ${a.addedToCart} after ${browsing.addToCart.outcomes} add-to-carts (${browsing.addToCart.holds} holds), ${a.afterDismissals} after the dismissals (${browsing.seconds} s)`,
    );
  }

  const summaries = runs.map((r) => summarise({ ...r, label: MODE_LABEL[r.mode] }, TARGET_MS, RELAY_POLL_MS));
  for (const s of summaries)
    log(
      `${s.label}: gone after the mutation's response p50 ${s.e2eFromResponseMs.p50} ms, p95 ${s.e2eFromResponseMs.p95}, p99 ${s.e2eFromResponseMs.p99}, max ${s.e2eFromResponseMs.max}; from its send p50 ${s.e2eFromSendMs.p50}, p99 ${s.e2eFromSendMs.p99}; ` +
        `${s.overTargetFromResponse}/${s.trials} over ${TARGET_MS} ms (${s.overTargetFromSend} from the send); ` +
        (s.busFromCommitMs.n > 0 ? `bus leg commit → read model p50 ${s.busFromCommitMs.p50} ms p99 ${s.busFromCommitMs.p99} (relay ${s.relayMs.p50}/${s.relayMs.p99}, delivery ${s.deliveryMs.p50}/${s.deliveryMs.p99}); ` : `send → the bench's stream consumer p50 ${s.busFromSendMs.p50} ms p99 ${s.busFromSendMs.p99}; `) +
        `next decision p50 ${s.decisionMs.p50} p99 ${s.decisionMs.p99}`,
    );
  const m1 = machine();
  const errors = runs.flatMap((r) => r.errors.map((e) => `${MODE_LABEL[r.mode]}: ${e}`));
  await closeAll();
  const wallMs = performance.now() - started;
  const result = {
    command: 'npm run bench:soldout' + argsText(),
    date: new Date().toISOString(),
    commit: runCommit(ROOT),
    machine: { ...m0, procLoadavgAtStart: m0.procLoadavg, procLoadavgAtEnd: m1.procLoadavg },
    wallSeconds: Math.round(wallMs / 100) / 10,
    trialSeconds: Math.round(runSeconds * 10) / 10,
    targetMs: TARGET_MS,
    world: {
      config: { ...SMALL_WORLD },
      seedSeconds: runs.map((r) => Math.round(r.seedSeconds * 10) / 10),
      customers: customers.length,
      stores: stores.length,
      storeStockRows: plenty!.rows,
      storeStockRowsWithStock: plenty!.plenty,
      storeStockRowsShort: plenty!.short,
    },
    setup: {
      trialsPerMode: TRIALS,
      warmupTrialsPerMode: WARMUP,
      interleaved: runs.length > 1,
      timeoutMs: TIMEOUT_MS,
      limit: LIMIT,
      offersSeed: OFFERS_SEED,
      frequencyCap: FREQUENCY_CAP,
      holdBelowUnits: HOLD_BELOW,
      holdTtlSeconds: HOLD_TTL_SECONDS,
      browsing: { shoppers: BROWSERS, decisionsPerShopper: BROWSE_DECISIONS, aliasesPerRequest: ALIASES },
      outboxRelayPollMs: RELAY_POLL_MS,
      redis: { url: REDIS_URL, used: redis.ok, reason: redis.reason },
      processes: { postgresUrl: POSTGRES_URL, used: postgres.ok, reason: postgres.reason },
      queries: { offers: OFFERS, adjust: ADJUST },
    },
    modes: summaries,
    browsing,
    errors,
    trials: '__TRIALS__',
  };
  // Every trial, one line each: the field names once, then one array of values per trial.
  const fields = Object.keys(runs[0]!.trials[0] ?? {}) as (keyof Trial)[];
  const rows = runs.flatMap((r) => r.trials.map((t) => {
    const rounded = roundTrial(t);
    return JSON.stringify(fields.map((k) => rounded[k]));
  }));
  const json = JSON.stringify(result, null, 2).replace('"__TRIALS__"', `{\n    "fields": ${JSON.stringify(fields)},\n    "rows": [\n      ${rows.join(',\n      ')}\n    ]\n  }`);
  if (WRITE) {
    mkdirSync(join(ROOT, 'docs', 'bench'), { recursive: true });
    writeFileSync(join(ROOT, 'docs', 'bench', 'soldout.json'), json + '\n');
    const plot: PlotMode[] = runs.map((r) => ({
      mode: r.mode,
      label: MODE_LABEL[r.mode],
      e2eFromResponseMs: r.trials.map((t) => t.e2eFromResponseMs),
      e2eFromSendMs: r.trials.map((t) => t.e2eFromSendMs),
      busFromCommitMs: r.mode === 'processes' ? [] : r.trials.map((t) => t.busFromCommitMs),
      median: {
        commit: stats(r.trials.map((t) => t.commitMs)).p50,
        publish: stats(r.trials.map((t) => t.commitMs + t.relayMs)).p50,
        applied: stats(r.trials.map((t) => t.busFromSendMs)).p50,
        response: stats(r.trials.map((t) => t.mutationMs)).p50,
        gone: stats(r.trials.map((t) => t.e2eFromSendMs)).p50,
        goneP99: stats(r.trials.map((t) => t.e2eFromSendMs)).p99,
      },
    }));
    writeFileSync(join(ROOT, 'docs', 'bench', 'soldout.svg'), renderSoldOutSvg({ modes: plot, targetMs: TARGET_MS, title: `npm run bench:soldout — ${TRIALS} sell-outs per stack through the gateway; small world${runs.some((r) => r.mode === 'processes') ? ', in process on embedded PGlite, processes on Postgres' : ' on embedded PGlite'}; ${m0.cores} cores; ${result.date.slice(0, 10)}` }));
    replaceSection(join(ROOT, 'docs', 'BENCHMARKS.md'), SOLD_OUT_HEADING, soldOutSection(result, summaries, wallMs));
    log('wrote docs/bench/soldout.json, docs/bench/soldout.svg and the "Sold out to offers" section of docs/BENCHMARKS.md');
  } else log('--no-write: docs/ left as they were');
  if (errors.length) {
    log(`${errors.length} trial problems, first: ${errors[0]}`);
    process.exitCode = 1;
  }
  log(`done in ${clock(wallMs)}`);
} finally {
  await closeAll();
}

// ---------------------------------------------------------------- report

function roundTrial(t: Trial): Record<string, unknown> {
  return Object.fromEntries(Object.entries(t).map(([k, v]) => [k, typeof v === 'number' ? (Number.isFinite(v) ? Math.round(v * 100) / 100 : null) : v]));
}

function argsText(): string {
  const args = process.argv.slice(2).filter((a) => a !== '--no-write');
  return args.length ? ` -- ${args.join(' ')}` : '';
}
