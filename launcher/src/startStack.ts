// Starts the whole graph in one process: one database (embedded PGlite or Postgres), one event bus
// (in-process or Redis), the four subgraphs on their own ports and the gateway in front of them.
// `npm start` and the end-to-end tests both use it.
import { readFileSync } from 'node:fs';
import { type Database, type OutboxRelay, startOutboxRelay } from '@retail/db';
import { type EventBus, type Logger, type RunningServer, type ShutdownStep, type SubgraphServer, listenOnConfiguredPort, openDataServices, untracked } from '@retail/platform';
import { createServer as createGateway, SUPERGRAPH_PATH, type QueryPlanner, type RunningGateway, type SubgraphName } from '@retail/gateway';
import { createServer as createCustomer } from '@retail/subgraph-customer';
import { createServer as createProduct } from '@retail/subgraph-product';
import { createServer as createInventory } from '@retail/subgraph-inventory';
import { createServer as createOffers, type DecisionSettings, type LearningSettings, type OfferEngine } from '@retail/subgraph-offers';
import type { OfferPolicyConfig } from '@retail/engine';

export interface StackOptions {
  /** An open database; when absent the stack opens one from databaseUrl/dataDir and closes it on stop. */
  db?: Database;
  databaseUrl?: string;
  dataDir?: string;
  redisUrl?: string;
  /** Prefix of the Redis stream keys (several deployments can share one Redis). */
  eventStreamPrefix?: string;
  host?: string;
  gatewayPort?: number;
  /** 0 picks free ports. */
  subgraphPorts?: Partial<Record<SubgraphName, number>>;
  planner?: QueryPlanner;
  /** Runs after migrations, before the servers start (npm start seeds an empty database here). */
  prepare?: (db: Database) => Promise<void>;
  log?: Logger;
  /** Offer policy settings (e.g. the kill switch `mode`), exploration seed and learning timers. */
  offersPolicy?: Partial<OfferPolicyConfig>;
  offersSeed?: number;
  offersLearning?: Partial<LearningSettings>;
  offersDecisions?: Partial<DecisionSettings>;
}

export interface RunningStack {
  db: Database;
  bus: EventBus;
  outbox: OutboxRelay;
  gateway: RunningGateway;
  subgraphs: Record<SubgraphName, RunningServer>;
  /** The offer decision engine hosted by the offers subgraph (model, learner, read model). */
  offers: OfferEngine;
  /** Gateway first (its requests in flight finish), then the subgraphs and their background work, the relay, the bus, the database. */
  stop(step?: ShutdownStep): Promise<void>;
}

export async function startStack(options: StackOptions = {}): Promise<RunningStack> {
  const ownsDb = !options.db;
  // Both at once, each problem named by its variable (DATABASE_URL, REDIS_URL).
  const { db, bus } = await openDataServices({
    db: options.db,
    databaseUrl: options.databaseUrl,
    dataDir: options.dataDir ? `${options.dataDir}/pglite` : undefined,
    redisUrl: options.redisUrl,
    streamPrefix: options.eventStreamPrefix,
    log: options.log,
  });
  // One relay for the process: every subgraph here writes its events to the same outbox table.
  const outbox = startOutboxRelay(db, bus, { onError: (error) => options.log?.warn('outbox relay failed; will retry', { error: String(error) }) });
  const started: { stop(): Promise<void> }[] = [];
  try {
    await options.prepare?.(db);
    const host = options.host ?? '127.0.0.1';
    const ports = options.subgraphPorts ?? {};
    const factories = {
      customer: () => createCustomer({ db, outbox }),
      product: () => createProduct({ db }),
      inventory: () => createInventory({ db, outbox, bus, log: options.log }),
      offers: () =>
        createOffers({
          db,
          bus,
          outbox,
          log: options.log,
          policy: options.offersPolicy,
          seed: options.offersSeed,
          learning: options.offersLearning,
          decisions: options.offersDecisions,
          // Started last: the subgraphs its candidate read model loads from are up.
          sources: {
            customer: { name: 'customer', url: subgraphs.customer.url },
            product: { name: 'product', url: subgraphs.product.url },
            inventory: { name: 'inventory', url: subgraphs.inventory.url },
          },
        }),
    } satisfies Record<SubgraphName, unknown>;
    const subgraphs = {} as Record<SubgraphName, RunningServer>;
    let offers: OfferEngine | undefined;
    for (const name of Object.keys(factories) as SubgraphName[]) {
      const server: SubgraphServer & { engine?: OfferEngine } = factories[name]();
      offers ??= server.engine;
      subgraphs[name] = await listenOnConfiguredPort(server, ports[name] ?? 0, host, `${name.toUpperCase()}_PORT`);
      started.push(subgraphs[name]);
    }
    const gateway = await listenOnConfiguredPort(
      createGateway({
        supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
        subgraphUrls: { customer: subgraphs.customer.url, product: subgraphs.product.url, inventory: subgraphs.inventory.url, offers: subgraphs.offers.url },
        planner: options.planner,
      }),
      options.gatewayPort ?? 0,
      host,
      'PORT',
    );
    return {
      db,
      bus,
      outbox,
      gateway,
      subgraphs,
      offers: offers!,
      async stop(step: ShutdownStep = untracked) {
        const timed = <T>(name: string, fn: () => Promise<T>) =>
          step(name, async () => {
            const t = Date.now();
            const result = await fn();
            options.log?.debug(`stopped ${name}`, { ms: Date.now() - t });
            return result;
          });
        await gateway.stop(timed);
        await Promise.all(Object.values(subgraphs).map((s) => s.stop(timed)));
        await timed('outbox relay', () => outbox.stop());
        await timed('event bus', () => bus.close());
        if (ownsDb) await timed('database', () => db.close());
      },
    };
  } catch (error) {
    await Promise.allSettled(started.map((s) => s.stop()));
    await outbox.stop();
    await bus.close();
    if (ownsDb) await db.close();
    throw error;
  }
}
