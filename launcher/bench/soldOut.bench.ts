// npm run bench:soldout [-- --trials N] [--warmup N] [--timeout-ms N] [--redis-url URL] [--no-redis]
//                        [--postgres-url URL] [--no-processes] [--no-control] [--no-write]
//                        [a what-if, never written to docs/: --hold-below N]:
// how fast does a unit sold out in a store disappear from that store's offers, end to end through
// the gateway? (issue 4: within 100 ms, p50/p99).
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
//      the target is the first offered product with more than stockHold.belowUnits available to
//      promise there (so no offer hold moves its stock meanwhile), agreeing with the database;
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
// It also counts the stock holds the relay carries during a trial (offers served with few units
// left ask inventory to hold one), which share the thread and the database.
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
import { createRedisEventBus, STOCK_ADJUSTED, STOCK_HOLDS_REQUESTED, STOCK_RESERVATION_CHANGED, Topics, type EventBus, type OutgoingEvent, type StockAdjustedEvent, type StockHoldsRequestedEvent } from '@retail/platform';
import { DEFAULT_DECISION_SETTINGS, parseOfferId } from '@retail/subgraph-offers';
import { openScratchPostgres, openTestDatabase, type ScratchDatabase } from '@retail/test-support/database';
import { freePort, waitForGraphQL } from '@retail/test-support/processes';
import { replaceSection } from '../../engine/bench/benchmarksDoc.ts';
import { startStack, type RunningStack } from '../src/index.ts';
import { booleanFlag, clock, logger, machine, numberFlag, percentile, ROOT, stringFlag } from './common.ts';
import { graphqlClient } from './httpClient.ts';
import { renderSoldOutSvg, type PlotMode } from './soldOutPlot.ts';

const log = logger('bench:soldout');
const TRIALS = numberFlag('trials', 200);
const WARMUP = numberFlag('warmup', 10, { min: 0 });
const TIMEOUT_MS = numberFlag('timeout-ms', 5_000, { min: 100 });
const REDIS_URL = stringFlag('redis-url') ?? 'redis://127.0.0.1:6379';
const NO_REDIS = booleanFlag('no-redis');
const POSTGRES_URL = stringFlag('postgres-url') ?? 'postgres://postgres@127.0.0.1:5432/test';
const NO_PROCESSES = booleanFlag('no-processes');
/** What-if runs (below) never overwrite the docs. */
const WHAT_IF = stringFlag('hold-below') !== undefined;
const WRITE = !booleanFlag('no-write') && !WHAT_IF;
const TARGET_MS = 100;
const LIMIT = 3;
/**
 * No offer hold is placed on a product with more than this available to promise
 * (DecisionSettings.stockHold.belowUnits; the product's default unless --hold-below N, a what-if:
 * 0 turns hold requests off, since nothing with 0 available is served).
 */
const HOLD_BELOW_FLAG = stringFlag('hold-below') === undefined ? null : numberFlag('hold-below', 0, { min: 0 });
const HOLD_BELOW = HOLD_BELOW_FLAG ?? DEFAULT_DECISION_SETTINGS.stockHold.belowUnits;
/** The target keeps more than this available, so no hold ever moves its stock (the default threshold). */
const TARGET_ABOVE = DEFAULT_DECISION_SETTINGS.stockHold.belowUnits;
const FREQUENCY_CAP = 1_000_000;
const OFFERS_SEED = 7;
/** BENCH_DEBUG=1 logs every trial's legs. */
const DEBUG = process.env.BENCH_DEBUG === '1';
const RUN_TAG = `${process.pid}-${Date.now().toString(36)}`;

const OFFERS = `query Offers($id: ID!, $ctx: OfferContextInput!) { customer(id: $id) { personalizedOffers(context: $ctx, limit: ${LIMIT}) {
  decisionId offers { offerId product { id } } removed { reason count offerIds } } } }`;
const ADJUST = `mutation Adjust($p: ID!, $l: ID!, $d: Int!, $r: StockChangeReason!, $e: ID) { adjustStock(productId: $p, locationId: $l, delta: $d, reason: $r, eventId: $e) { id onHandAfter } }`;

/**
 * The two buses, and a control: the in-process bus with offers' stock hold requests turned off
 * (stockHold.belowUnits 0: nothing with 0 available is served, so no hold is ever requested), to
 * show what the hold traffic that shares the thread and the database costs. The control runs every
 * other trial (--no-control leaves it out).
 */
type Mode = 'memory' | 'redis' | 'processes' | 'control';
const MODE_LABEL: Record<Mode, string> = {
  memory: 'in-process bus',
  redis: 'Redis Streams',
  processes: 'processes on Postgres + Redis',
  control: 'control: in-process bus, no hold requests',
};
const CONTROL = !booleanFlag('no-control');

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

interface Trial {
  mode: Mode;
  trial: number;
  customer: string;
  store: string;
  product: string;
  units: number;
  /** Selection attempts (offers answers read) before a product with enough stock was found. */
  picks: number;
  timedOut: boolean;
  mutationMs: number;
  /** End to end: the mutation's response → the first personalizedOffers answer without the product. */
  e2eFromResponseMs: number;
  /** End to end from the moment the mutation was sent. */
  e2eFromSendMs: number;
  /** Sent → inventory committed (outbox.wake). */
  commitMs: number;
  /** Commit → the relay publishes it (outbox leg: wake → SELECT … FOR UPDATE → bus.publish). */
  relayMs: number;
  /** bus.publish call → the bus accepted it (XADD round trip on Redis). */
  publishMs: number;
  /** bus.publish call → the read model applied it (bus delivery). */
  deliveryMs: number;
  /** The bus leg: commit → read model; and from the mutation's send / response (negative: before the response arrived). */
  busFromCommitMs: number;
  busFromSendMs: number;
  busFromResponseMs: number;
  /** The next decision's own part: max(read model has it, mutation response) → the answer without the product. */
  decisionMs: number;
  /** Latency of the personalizedOffers request that first showed it gone. */
  detectingPollMs: number;
  /** Whether that request had left before the read model had the sale (it read the read model mid-flight). */
  detectingPollSentBeforeApply: boolean;
  polls: number;
  /** The answers in which the product was missing but not (yet) for stock: exploration, another removal reason. */
  missingForOtherReasons: number;
  /** The product was listed under removed INSUFFICIENT_STOCK in the answer that showed it gone. */
  listedInsufficientStock: boolean;
  /**
   * Holds requested (stock.holds.requested: one event per decision, one hold per offer served with
   * few units left) and reservation changes the relay published between the sale's send and the
   * answer without the product; and the holds published ahead of the sale in its relay batch.
   */
  holdRequests: number;
  holdRequestsAheadOfSale: number;
  reservationChanges: number;
  restockMutationMs: number;
  /** RECEIPT's response → read model has it (negative: before the response arrived). */
  restockBusFromResponseMs: number;
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  min: number;
  mean: number;
}

const round2 = (x: number) => Math.round(x * 100) / 100;

function stats(values: readonly number[]): Stats {
  const v = values.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const r = (x: number) => Math.round(x * 100) / 100;
  return {
    n: v.length,
    p50: r(percentile(v, 0.5)),
    p95: r(percentile(v, 0.95)),
    p99: r(percentile(v, 0.99)),
    max: r(v[v.length - 1] ?? NaN),
    min: r(v[0] ?? NaN),
    mean: r(v.length ? v.reduce((a, b) => a + b, 0) / v.length : NaN),
  };
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
  /** Other events the relay publishes while a trial runs (hold requests of served offers, the reservations they make). */
  traffic: { sale: Marks; holdRequests: number; reservationChanges: number; holdRequestsAheadOfSale: number } | null;
  hookCatalog(catalog: Awaited<ReturnType<RunningStack['offers']['catalog']>>): void;
}

/** Wraps outbox.wake, bus.publish and the read model's applyStockEvent on this stack's objects to timestamp the watched events. */
function instrument(stack: RunningStack): Probes {
  const probes: Probes = { watch: new Map(), inFlight: null, traffic: null, hookCatalog: () => undefined };
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
    const traffic = probes.traffic;
    if (traffic && type === STOCK_HOLDS_REQUESTED) {
      const holds = (payload as StockHoldsRequestedEvent).holds.length;
      traffic.holdRequests += holds;
      if (traffic.sale.publishStart === undefined) traffic.holdRequestsAheadOfSale += holds;
    }
    if (traffic && type === STOCK_RESERVATION_CHANGED) traffic.reservationChanges++;
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
  /** The offers engine's read model where the bench can reach it (in process), else null. */
  readModel: (() => Promise<{ availableAt(productId: string, locationId: string): number }>) | null;
  probes: Probes;
  client: ReturnType<typeof graphqlClient>;
  trials: Trial[];
  errors: string[];
  /** Offered products passed over as targets: too few units (a hold could move them), or read model and database disagreed. */
  skippedOffers: { lowStock: number; disagrees: number };
  /** Position in the shared (shopper, store) sequence: both modes walk the same one. */
  cursor: number;
  seedSeconds: number;
  startSeconds: number;
  streamPrefix: string | null;
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
    ...(mode === 'control' || HOLD_BELOW_FLAG !== null ? { offersDecisions: { stockHold: { ...DEFAULT_DECISION_SETTINGS.stockHold, belowUnits: mode === 'control' ? 0 : HOLD_BELOW_FLAG! } } } : {}),
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
  return { mode, db, readModel, probes, client, trials: [], errors: [], skippedOffers: { lowStock: 0, disagrees: 0 }, cursor: 0, seedSeconds, startSeconds, streamPrefix };
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
  const probes: Probes = { watch: new Map(), inFlight: null, traffic: null, hookCatalog: () => undefined };
  const bus = await createRedisEventBus({ url: REDIS_URL, prefix: streamPrefix, blockMs: 1000 });
  opened.buses.push(bus);
  await bus.subscribe<StockAdjustedEvent>(Topics.stock, (e) => {
    if (e.type === STOCK_RESERVATION_CHANGED && probes.traffic) probes.traffic.reservationChanges++;
    if (e.type !== STOCK_ADJUSTED) return;
    const marks = e.payload.eventId ? probes.watch.get(e.payload.eventId) : undefined;
    if (marks && marks.appliedAt === undefined) marks.appliedAt = performance.now();
  });
  // Hold requests as they come off the stream (a listener of its own: inventory's work queue is not touched).
  await bus.subscribe<StockHoldsRequestedEvent>(Topics.stockHolds, (e) => {
    const traffic = probes.traffic;
    if (!traffic || e.type !== STOCK_HOLDS_REQUESTED) return;
    traffic.holdRequests += e.payload.holds.length;
    if (traffic.sale.appliedAt === undefined) traffic.holdRequestsAheadOfSale += e.payload.holds.length;
  });
  const client = graphqlClient(url('gateway'), 2);
  opened.clients.push(client);
  const startSeconds = (performance.now() - t0) / 1000;
  log(`${MODE_LABEL[mode]}: seeded in ${seedSeconds.toFixed(1)} s; five processes up in ${startSeconds.toFixed(1)} s (gateway ${url('gateway')}, stream prefix ${streamPrefix})`);
  return { mode, db, readModel: null, probes, client, trials: [], errors: [], skippedOffers: { lowStock: 0, disagrees: 0 }, cursor: 0, seedSeconds, startSeconds, streamPrefix };
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

  // ---- 1. a product this store offers this shopper now, with stock no hold will move
  let picked: { customer: string; store: string; product: string; units: number } | null = null;
  let picks = 0;
  while (!picked) {
    if (++picks > 50) throw new Error(`${MODE_LABEL[mode]}: no offered product with more than ${TARGET_ABOVE} units in 50 answers`);
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
      if (available <= TARGET_ABOVE) {
        run.skippedOffers.lowStock++;
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
  const traffic = { sale, holdRequests: 0, reservationChanges: 0, holdRequestsAheadOfSale: 0 };
  probes.traffic = traffic;
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
  probes.traffic = null;
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
    holdRequests: traffic.holdRequests,
    holdRequestsAheadOfSale: traffic.holdRequestsAheadOfSale,
    reservationChanges: traffic.reservationChanges,
    restockMutationMs: receiptResponse - receiptSent,
    restockBusFromResponseMs: (receipt.appliedAt ?? NaN) - receiptResponse,
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
  ...(CONTROL ? (['control'] as const) : []),
];
const CONTROL_TRIALS = Math.ceil(TRIALS / 2);
log(
  `Redis at ${REDIS_URL}: ${redis.ok ? 'reachable' : `not used (${redis.reason})`}; ${modes.filter((m) => m !== 'control').map((m) => MODE_LABEL[m]).join(' and ')}: ${TRIALS} trials each after ${WARMUP} warm-up trials` +
    `${CONTROL ? `; ${MODE_LABEL.control}: ${CONTROL_TRIALS} trials (every other one)` : ''}; one stack each, side by side, trials alternating between them`,
);
if (HOLD_BELOW_FLAG !== null) log(`what-if --hold-below ${HOLD_BELOW_FLAG}: offers hold a unit only when at most ${HOLD_BELOW_FLAG} are available (the product's default: ${DEFAULT_DECISION_SETTINGS.stockHold.belowUnits})`);

try {
  const runs: ModeRun[] = [];
  for (const mode of modes) runs.push(mode === 'processes' ? await openProcesses() : await openMode(mode));
  const first = runs[0]!.db;
  const customers = (await first.sql.query<{ id: string }>(`SELECT id FROM "Customer" ORDER BY md5(id)`)).map((r) => r.id);
  const stores = (await first.sql.query<{ id: string }>(`SELECT id FROM "Location" WHERE type = 'STORE' ORDER BY id`)).map((r) => r.id);
  const [plenty] = await first.sql.query<{ rows: number; plenty: number }>(
    `SELECT count(*)::int AS rows, count(*) FILTER (WHERE "onHand" - "reserved" - "safetyStock" > $1)::int AS plenty
     FROM "StockLevel" s JOIN "Location" l ON l.id = s."locationId" WHERE l.type = 'STORE'`,
    [TARGET_ABOVE],
  );
  log(`${customers.length} customers, ${stores.length} stores; ${plenty!.plenty} of the ${plenty!.rows} store stock rows have more than ${TARGET_ABOVE} units available to promise`);

  const runT0 = performance.now();
  const total = WARMUP + TRIALS;
  for (let k = 0; k < total; k++) {
    // Alternate which bus goes first, so neither always follows the other's trial.
    const order = k % 2 === 0 ? runs : [...runs].reverse();
    for (const run of order) {
      if (run.mode === 'control' && k >= WARMUP && (k - WARMUP) % 2 === 1) continue;
      const trial = await runTrial(run, k, customers, stores);
      if (k >= WARMUP) run.trials.push(trial);
      if (DEBUG) log(`${run.mode} #${k}: ${JSON.stringify(roundTrial(trial))}`);
    }
    if (k + 1 === WARMUP) log(`${WARMUP} warm-up trials per bus done (not counted)`);
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

  const summaries = runs.map(summarise);
  for (const s of summaries)
    log(
      `${s.label}: gone after the mutation's response p50 ${s.e2eFromResponseMs.p50} ms, p95 ${s.e2eFromResponseMs.p95}, p99 ${s.e2eFromResponseMs.p99}, max ${s.e2eFromResponseMs.max}; from its send p50 ${s.e2eFromSendMs.p50}, p99 ${s.e2eFromSendMs.p99}; ` +
        `${s.overTargetFromResponse}/${s.trials} over ${TARGET_MS} ms (${s.overTargetFromSend} from the send); bus leg commit → read model p50 ${s.busFromCommitMs.p50} ms p99 ${s.busFromCommitMs.p99} (relay ${s.relayMs.p50}/${s.relayMs.p99}, delivery ${s.deliveryMs.p50}/${s.deliveryMs.p99}); next decision p50 ${s.decisionMs.p50} p99 ${s.decisionMs.p99}`,
    );
  const m1 = machine();
  const errors = runs.flatMap((r) => r.errors.map((e) => `${MODE_LABEL[r.mode]}: ${e}`));
  await closeAll();
  const wallMs = performance.now() - started;
  const result = {
    command: 'npm run bench:soldout' + argsText(),
    date: new Date().toISOString(),
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
      storeStockRowsAboveTarget: plenty!.plenty,
    },
    setup: {
      trialsPerMode: TRIALS,
      controlTrials: CONTROL ? CONTROL_TRIALS : 0,
      warmupTrialsPerMode: WARMUP,
      interleaved: runs.length > 1,
      timeoutMs: TIMEOUT_MS,
      limit: LIMIT,
      offersSeed: OFFERS_SEED,
      frequencyCap: FREQUENCY_CAP,
      holdBelowUnits: HOLD_BELOW,
      targetAboveUnits: TARGET_ABOVE,
      whatIf: { holdBelow: HOLD_BELOW_FLAG },
      outboxRelayPollMs: 250,
      redis: { url: REDIS_URL, used: redis.ok, reason: redis.reason },
      processes: { postgresUrl: POSTGRES_URL, used: postgres.ok, reason: postgres.reason },
      queries: { offers: OFFERS, adjust: ADJUST },
    },
    modes: summaries,
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
      busFromCommitMs: r.mode === 'control' || r.mode === 'processes' ? [] : r.trials.map((t) => t.busFromCommitMs),
      median: {
        commit: stats(r.trials.map((t) => t.commitMs)).p50,
        publish: stats(r.trials.map((t) => t.commitMs + t.relayMs)).p50,
        applied: stats(r.trials.map((t) => t.busFromSendMs)).p50,
        response: stats(r.trials.map((t) => t.mutationMs)).p50,
        gone: stats(r.trials.map((t) => t.e2eFromSendMs)).p50,
        goneP99: stats(r.trials.map((t) => t.e2eFromSendMs)).p99,
      },
    }));
    writeFileSync(join(ROOT, 'docs', 'bench', 'soldout.svg'), renderSoldOutSvg({ modes: plot, targetMs: TARGET_MS, title: `npm run bench:soldout — ${TRIALS} sell-outs per bus through the gateway; small world on embedded PGlite; ${m0.cores} cores; ${result.date.slice(0, 10)}` }));
    replaceSection(join(ROOT, 'docs', 'BENCHMARKS.md'), '## Sold out to offers', markdown(result, summaries, wallMs));
    log('wrote docs/bench/soldout.json, docs/bench/soldout.svg and the "Sold out to offers" section of docs/BENCHMARKS.md');
  } else log(`${WHAT_IF ? 'what-if run' : '--no-write'}: docs/ left as they were`);
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

type Summary = ReturnType<typeof summarise>;

/** Per-mode percentiles of every leg and the counts the report quotes. */
function summarise(r: ModeRun) {
  const t = r.trials;
  const field = (f: (x: Trial) => number) => stats(t.map(f));
  return {
    mode: r.mode,
    label: MODE_LABEL[r.mode],
    trials: t.length,
    timedOut: t.filter((x) => x.timedOut).length,
    overTargetFromResponse: t.filter((x) => !(x.e2eFromResponseMs <= TARGET_MS)).length,
    overTargetFromSend: t.filter((x) => !(x.e2eFromSendMs <= TARGET_MS)).length,
    e2eFromResponseMs: field((x) => x.e2eFromResponseMs),
    e2eFromSendMs: field((x) => x.e2eFromSendMs),
    mutationMs: field((x) => x.mutationMs),
    commitMs: field((x) => x.commitMs),
    relayMs: field((x) => x.relayMs),
    publishMs: field((x) => x.publishMs),
    deliveryMs: field((x) => x.deliveryMs),
    busFromCommitMs: field((x) => x.busFromCommitMs),
    busFromSendMs: field((x) => x.busFromSendMs),
    busFromResponseMs: field((x) => x.busFromResponseMs),
    decisionMs: field((x) => x.decisionMs),
    detectingPollMs: field((x) => x.detectingPollMs),
    polls: field((x) => x.polls),
    appliedBeforeResponse: t.filter((x) => x.busFromResponseMs < 0).length,
    goneOnFirstRequest: t.filter((x) => x.polls === 1 && !x.timedOut).length,
    detectingPollSentBeforeApply: t.filter((x) => x.detectingPollSentBeforeApply).length,
    listedInsufficientStock: t.filter((x) => x.listedInsufficientStock).length,
    missingForOtherReasons: t.reduce((s, x) => s + x.missingForOtherReasons, 0),
    holdRequestsPerTrial: round2(t.reduce((s, x) => s + x.holdRequests, 0) / Math.max(1, t.length)),
    holdRequestsAheadOfSalePerTrial: round2(t.reduce((s, x) => s + x.holdRequestsAheadOfSale, 0) / Math.max(1, t.length)),
    trialsWithHoldsAheadOfSale: t.filter((x) => x.holdRequestsAheadOfSale > 0).length,
    reservationChangesPerTrial: round2(t.reduce((s, x) => s + x.reservationChanges, 0) / Math.max(1, t.length)),
    /** End to end from the response, split by whether hold requests went out ahead of the sale. */
    e2eFromResponseWithHoldsAheadMs: stats(t.filter((x) => x.holdRequestsAheadOfSale > 0).map((x) => x.e2eFromResponseMs)),
    e2eFromResponseWithoutHoldsAheadMs: stats(t.filter((x) => x.holdRequestsAheadOfSale === 0).map((x) => x.e2eFromResponseMs)),
    e2eFromSendWithHoldsAheadMs: stats(t.filter((x) => x.holdRequestsAheadOfSale > 0).map((x) => x.e2eFromSendMs)),
    e2eFromSendWithoutHoldsAheadMs: stats(t.filter((x) => x.holdRequestsAheadOfSale === 0).map((x) => x.e2eFromSendMs)),
    restockBusFromResponseMs: field((x) => x.restockBusFromResponseMs),
    seedSeconds: Math.round(r.seedSeconds * 10) / 10,
    startSeconds: Math.round(r.startSeconds * 10) / 10,
    streamPrefix: r.streamPrefix,
    skippedOffers: r.skippedOffers,
    errors: r.errors,
  };
}

type Result = {
  command: string;
  date: string;
  machine: ReturnType<typeof machine> & { procLoadavgAtStart: string; procLoadavgAtEnd: string };
  trialSeconds: number;
  world: { seedSeconds: number[]; customers: number; stores: number; storeStockRows: number; storeStockRowsAboveTarget: number };
  setup: { trialsPerMode: number; controlTrials: number; warmupTrialsPerMode: number; interleaved: boolean; timeoutMs: number; limit: number; holdBelowUnits: number; targetAboveUnits: number; redis: { used: boolean; reason: string; url: string }; processes: { used: boolean; reason: string; postgresUrl: string } };
  errors: string[];
};

function markdown(r: Result, s: Summary[], wallMs: number): string {
  const f = (x: number) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(0) : x.toFixed(1)) : '–');
  const int = (x: number) => (Number.isFinite(x) ? x.toFixed(0) : '–');
  const cells = (st: Stats, bold: boolean) => [st.p50, st.p95, st.p99, st.max].map((v) => (bold ? `**${f(v)}**` : f(v))).join(' | ');
  const byMode = (label: string, pick: (x: Summary) => Stats, { bold = false, buses = false } = {}) =>
    s
      .filter((x) => !buses || x.mode !== 'control')
      .map((x, i) => `| ${i === 0 ? (bold ? `**${label}**` : label) : ''} | ${x.label} | ${cells(pick(x), bold)} |`)
      .join('\n');
  const mem = s.find((x) => x.mode === 'memory')!;
  const red = s.find((x) => x.mode === 'redis');
  const ctl = s.find((x) => x.mode === 'control');
  const proc = s.find((x) => x.mode === 'processes');
  const buses = s.filter((x) => x.mode !== 'control');
  const share = (n: number, of: number) => `${n}/${of}`;
  const count = (x: Summary) =>
    `| ${x.label} | ${x.trials} | ${share(x.overTargetFromResponse, x.trials)} | ${share(x.overTargetFromSend, x.trials)} | ${x.timedOut} | ${int(x.polls.p50)} / ${int(x.polls.max)} | ${share(x.appliedBeforeResponse, x.trials)} | ${share(x.listedInsufficientStock, x.trials)} | ${x.holdRequestsPerTrial} | ${x.holdRequestsAheadOfSalePerTrial} |`;
  const relayMax = Math.max(...buses.map((x) => x.relayMs.max));
  const verdict = (x: Summary) =>
    `${x.label}: p50 **${f(x.e2eFromResponseMs.p50)} ms**, p99 **${f(x.e2eFromResponseMs.p99)} ms** from the mutation's response, ${x.overTargetFromResponse} of ${x.trials} trials over ${TARGET_MS} ms (${x.e2eFromResponseMs.p99 <= TARGET_MS ? 'within the target at p99' : 'over the target at p99'}); from the moment the mutation was sent p50 ${f(x.e2eFromSendMs.p50)} ms, p99 ${f(x.e2eFromSendMs.p99)} ms, ${x.overTargetFromSend} over ${TARGET_MS} ms`;
  const gap = (a: Stats, b: Stats) => `${f(a.p50 - b.p50)} ms at p50, ${f(a.p99 - b.p99)} ms at p99`;
  return `## Sold out to offers (npm run bench:soldout)

Command: \`${r.command}\` (${clock(wallMs)} wall, of which ${clock(r.trialSeconds * 1000)} of trials; ${r.date.slice(0, 16).replace('T', ' ')} UTC; ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}). \`cat /proc/loadavg\`: \`${r.machine.procLoadavgAtStart}\` at the start, \`${r.machine.procLoadavgAtEnd}\` at the end (the machine is shared). Raw results, every trial: [bench/soldout.json](bench/soldout.json); plot: [bench/soldout.svg](bench/soldout.svg).

Issue 4: a unit sold out in a store disappears from that store's offers within ${TARGET_MS} ms, end to end through the gateway. The path: \`adjustStock\` commits the change with a \`stock.adjusted\` event in the transactional outbox and wakes the outbox relay (\`outbox.wake()\` after the commit); the relay publishes it on the event bus; the offers engine's read model (\`CandidateCatalog\`) sets the store's available-to-promise; the next \`personalizedOffers\` removes the product (INSUFFICIENT_STOCK).

**Setup.** One stack per event bus side by side in this process (\`startStack\`), each on its own embedded PGlite database seeded with the small world (\`seedWorld(db, SMALL_WORLD)\`, ${r.world.seedSeconds.join(' s, ')} s): the **in-process bus** (default)${red ? `, **Redis Streams** (\`redisUrl\` ${r.setup.redis.url}, a stream prefix of this run's own, deleted at the end)` : ` (Redis was not used: ${r.setup.redis.reason})`}${proc ? `, the product **as deployed: processes on Postgres + Redis** — each subgraph and the gateway in a process of its own started from its boot file (\`subgraphs/*/src/main.ts\`, \`gateway/src/main.ts\`), on a scratch Postgres database (${r.setup.processes.postgresUrl.replace(/\/[^/]*$/, '/…')}) seeded with the same world, events over Redis Streams, \`OFFERS_FREQUENCY_CAP\` lifted as below` : ` (the processes stack was not run: ${r.setup.processes.reason})`}${ctl ? ` and a **control**: the in-process bus with the offers' stock hold requests turned off (\`offersDecisions.stockHold.belowUnits: 0\`), to show what that traffic costs` : ''}. Trials alternate between the stacks, so load from other processes falls on all alike: ${r.setup.trialsPerMode} per bus${ctl ? ` and ${r.setup.controlTrials} for the control (every other one)` : ''}, after ${r.setup.warmupTrialsPerMode} warm-up trials each, one HTTP request at a time through the gateway (keep-alive). Each trial: \`personalizedOffers(context: { channel: STORE, device: IN_STORE, locationId }, limit: ${r.setup.limit})\` for the next shopper at the next of the ${r.world.stores} stores (the same sequence on every stack); the target is the first offered product with more than ${r.setup.targetAboveUnits} units available to promise there (offers hold stock only at ${r.setup.targetAboveUnits} or fewer, so no hold moves the target's stock during the trial; ${r.world.storeStockRowsAboveTarget} of the ${r.world.storeStockRows} store stock rows qualify); one \`adjustStock(reason: SALE, delta: −available, eventId)\` through the gateway sells all of it; the same shopper's \`personalizedOffers\` at that store is then asked again, back to back, until the product is gone — not in \`offers\`, and its offer ids under \`removed\` INSUFFICIENT_STOCK (or not listed at all once the read model has the sale: \`removed\` lists at most 20 ids per reason); then \`adjustStock(RECEIPT)\` puts the units back and the trial waits until the read model has the receipt. The offer policy's frequency cap is lifted (\`offersPolicy.frequencyCap\`): it is checked before stock, so the third serving of the product to the same shopper would otherwise remove it as FREQUENCY_CAP and hide the stock signal. Nothing else differs from \`npm start\` (outbox relay poll 250 ms, woken after commits).

**How the legs are timed**, in process, without changing the path: the inventory's \`outbox.wake()\` call right after \`adjustStock\`'s commit ("commit"), the relay's \`bus.publish\` of the sale's \`stock.adjusted\` ("publish") and \`CandidateCatalog.applyStockEvent\` for it in the offers engine ("read model"), on the same clock as the HTTP timestamps. The processes can only be timed from outside: there the bench's own Redis consumer of the stock stream stands in for the read model (the offers process reads the same stream), so only the legs measured from the mutation's send and response are shown for it, and its hold requests are those the bench's own listener on the \`stock-holds\` stream saw while the sale was on its way ("ahead of the sale": before the sale reached the bench's stock consumer). The **bus leg** is commit → read model; the **next decision** runs from whichever came last, the read model having the sale or the mutation's response, to the answer without the product.

| ms per sell-out | stack | p50 | p95 | p99 | max |
| --- | --- | ---: | ---: | ---: | ---: |
${byMode(`gone from the store's offers, from the mutation's response`, (x) => x.e2eFromResponseMs, { bold: true })}
${byMode('gone, from the moment the mutation was sent', (x) => x.e2eFromSendMs)}
${byMode('adjustStock(SALE) through the gateway (send → response)', (x) => x.mutationMs)}
${byMode('bus leg: commit → read model', (x) => x.busFromCommitMs, { buses: true })}
${byMode('… outbox relay: commit → bus.publish', (x) => x.relayMs, { buses: true })}
${byMode('… bus delivery: bus.publish → read model', (x) => x.deliveryMs, { buses: true })}
${byMode(`bus leg from the mutation's response (negative: before it)`, (x) => x.busFromResponseMs, { buses: true })}
${byMode('next decision: max(read model, response) → answer without it', (x) => x.decisionMs)}
${byMode('the personalizedOffers request that showed it gone', (x) => x.detectingPollMs)}

| stack | trials | over ${TARGET_MS} ms from the response | over ${TARGET_MS} ms from the send | timed out (${r.setup.timeoutMs / 1000} s) | requests until gone, p50 / max | read model had it before the response arrived | listed under INSUFFICIENT_STOCK | hold requests published per trial | … of them ahead of the sale |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${s.map(count).join('\n')}

![sold out to offers: CDF per stack and the median timeline](bench/soldout.svg)

**Reading.**
${buses.map((x) => `- ${verdict(x)}.`).join('\n')}
${ctl ? `- **In short:** counted from the mutation's response, ${buses.every((x) => x.e2eFromResponseMs.p99 <= TARGET_MS) ? `every bus is within ${TARGET_MS} ms at p99` : `${buses.filter((x) => x.e2eFromResponseMs.p99 > TARGET_MS).map((x) => x.label).join(' and ')} ${buses.filter((x) => x.e2eFromResponseMs.p99 > TARGET_MS).length > 1 ? 'are' : 'is'} over ${TARGET_MS} ms at p99`}; counted from the moment the sale was sent, ${buses.every((x) => x.e2eFromSendMs.p99 <= TARGET_MS) ? `every bus is too` : `${buses.filter((x) => x.e2eFromSendMs.p99 > TARGET_MS).map((x) => `${x.label} (p99 ${f(x.e2eFromSendMs.p99)} ms)`).join(' and ')} ${buses.filter((x) => x.e2eFromSendMs.p99 > TARGET_MS).length > 1 ? 'are' : 'is'} not`}, while the control without stock hold traffic is ${ctl.e2eFromSendMs.p99 <= TARGET_MS ? 'within it' : 'not either'} (p99 ${f(ctl.e2eFromSendMs.p99)} ms). The outbox relay's poll interval is not what is slow (it is woken); the next decision, and the stock hold traffic that shares its thread, are.\n` : ''}${proc ? `- **As deployed** (five processes, Postgres, Redis Streams): gone p50 **${f(proc.e2eFromResponseMs.p50)} ms** / p99 **${f(proc.e2eFromResponseMs.p99)} ms** from the mutation's response, p50 ${f(proc.e2eFromSendMs.p50)} ms / p99 ${f(proc.e2eFromSendMs.p99)} ms from its send (${proc.overTargetFromSend} of ${proc.trials} over ${TARGET_MS} ms); adjustStock p50 ${f(proc.mutationMs.p50)} ms; the sale reached the bench's own stream consumer p50 ${f(proc.busFromSendMs.p50)} ms / p99 ${f(proc.busFromSendMs.p99)} ms after the send, and the first request after the response answered without the product in ${share(proc.goneOnFirstRequest, proc.trials)} trials. Here the hold work runs in the inventory process, not on the offers engine's thread.\n` : ''}- **The relay is woken, not polled.** \`InventoryService.adjustStock\` calls \`outbox.wake()\` after its commit (subgraphs/inventory/src/inventoryService.ts), and the relay publishes the sale ${f(mem.relayMs.p50)} ms after the commit at the median${red ? ` (${f(red.relayMs.p50)} ms on Redis)` : ''}, ${f(relayMax)} ms at worst${relayMax < 200 ? `: the 250 ms poll interval never shows up in this path` : `: some trials waited for the 250 ms poll`}. The bus leg (commit → read model) is p50 ${f(mem.busFromCommitMs.p50)} ms / p99 ${f(mem.busFromCommitMs.p99)} ms on the in-process bus${red ? ` and p50 ${f(red.busFromCommitMs.p50)} ms / p99 ${f(red.busFromCommitMs.p99)} ms on Redis Streams (XADD, then the offers engine's blocking XREADGROUP returns it)` : ''}.
- **After the response, the time is one decision.** On the in-process bus the read model had the sale before the mutation's response reached the client in ${share(mem.appliedBeforeResponse, mem.trials)} trials, and the first \`personalizedOffers\` after the response answered without the product in ${share(mem.goneOnFirstRequest, mem.trials)} (at most ${int(mem.polls.max)} request${mem.polls.max === 1 ? '' : 's'}): what follows the response is that request's own latency (p50 ${f(mem.detectingPollMs.p50)} ms).${red ? ` On Redis the sale reached the read model after the response in ${share(red.trials - red.appliedBeforeResponse, red.trials)} trials (${f(red.busFromResponseMs.p50)} ms after it at the median), mostly while the next request was on its way — it reads the read model after fetching the shopper from the customer subgraph — and the first request after the response answered without the product in ${share(red.goneOnFirstRequest, red.trials)} trials (at most ${int(red.polls.max)} request${red.polls.max === 1 ? '' : 's'}); that request's latency is longer (p50 ${f(red.detectingPollMs.p50)} ms) because it shares the thread with the delivery and the hold work below.` : ''}
${ctl ? `- **What the stock hold traffic costs.** A decision that serves offers with ${r.setup.holdBelowUnits} or fewer units left writes one \`stock.holds.requested\` event with all of the slate's holds into the outbox in its own transaction and wakes the relay (subgraphs/offers/src/decisions/decisionService.ts); the inventory places them in one transaction on the raw SQL path, one statement per hold (\`StockReservations.placeHolds\`), and announces each with a \`stock.reservation.changed\`. Per trial ${mem.holdRequestsPerTrial} holds went out while the sale was on its way${red ? ` (${red.holdRequestsPerTrial} on Redis)` : ''}, ${mem.holdRequestsAheadOfSalePerTrial} of them in the sale's own relay batch, ahead of it${red ? ` (${red.holdRequestsAheadOfSalePerTrial} on Redis)` : ''}. They share the thread and the PGlite connection with the sale, its delivery and the next decision. The control, identical but without hold requests: gone p50 ${f(ctl.e2eFromResponseMs.p50)} ms / p99 ${f(ctl.e2eFromResponseMs.p99)} ms from the response, p50 ${f(ctl.e2eFromSendMs.p50)} ms / p99 ${f(ctl.e2eFromSendMs.p99)} ms from the send; the hold traffic adds ${gap(mem.e2eFromSendMs, ctl.e2eFromSendMs)} from the send on the in-process bus (adjustStock p50 ${f(mem.mutationMs.p50)} ms against ${f(ctl.mutationMs.p50)} ms)${red ? `, and ${gap(red.e2eFromSendMs, ctl.e2eFromSendMs)} on Redis` : ''}. A what-if, which never writes here: \`-- --hold-below 0\` turns hold requests off on every stack.\n` : ''}- **What this set-up exaggerates.** Everything runs on one Node.js thread and one PGlite connection: a relay batch, holds being placed and a decision being ranked queue behind one another. The relay keeps its database transaction open while it publishes a batch (on Redis, one pipeline: one round trip for the batch). ${proc ? 'The processes stack shows the deployed shape: the inventory\'s hold work in its own process, Postgres with a connection pool.' : 'With the subgraphs in their own processes on Postgres, the inventory\'s hold work would not hold up the offers engine\'s event loop.'}
${r.errors.length ? `- **Problems:** ${r.errors.length} (first: ${r.errors[0]}).\n` : ''}`;
}
