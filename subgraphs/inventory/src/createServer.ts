import { randomUUID } from 'node:crypto';
import type { Database, OutboxRelay } from '@retail/db';
import { createSubgraphServer, loadSubgraphSdl, withBackgroundWork, type EventBus, type Logger, type SubgraphServer } from '@retail/platform';
import { DemandForecasts, DEFAULT_DEMAND_FORECAST_SETTINGS, type DemandForecastSettings } from './demandForecasts.ts';
import { InventoryRuntime, DEFAULT_INVENTORY_RUNTIME, type InventoryRuntimeSettings } from './inventoryRuntime.ts';
import { InventoryService } from './inventoryService.ts';
import { createInventoryLoaders } from './loaders.ts';
import { resolvers, type InventoryContext } from './resolvers.ts';
import { recordStockEvents } from './stockEventBatch.ts';
import { StockFeedConsumer } from './stockFeedConsumer.ts';
import { StockReservations } from './stockReservations.ts';

export interface InventorySubgraphDeps {
  db: Database;
  /** Relays the events (Topics.stock) this subgraph writes to its outbox. */
  outbox: Pick<OutboxRelay, 'wake'>;
  /** Stock events in (forecasts, hold requests, the POS/WMS feed). Without it forecasts do not follow live sales. */
  bus?: EventBus | null;
  forecasts?: Partial<DemandForecastSettings>;
  runtime?: Partial<InventoryRuntimeSettings>;
  /** This replica's name in the feed's and the hold requests' consumer groups; keep it stable across restarts. */
  replicaId?: string;
  /** Lease on the stock feed (ms); another replica takes over this long after the holder stops renewing. */
  feedLeaseMs?: number;
  now?: () => Date;
  log?: Logger;
}

export interface InventoryServer extends SubgraphServer {
  readonly forecasts: DemandForecasts;
  readonly reservations: StockReservations;
  readonly feed: StockFeedConsumer | null;
}

export function createServer(deps: InventorySubgraphDeps): InventoryServer {
  const { db, outbox, bus = null, now = () => new Date(), log } = deps;
  const forecasts = new DemandForecasts(db, now, { ...DEFAULT_DEMAND_FORECAST_SETTINGS, ...deps.forecasts });
  const inventory = new InventoryService(db, outbox, forecasts, now);
  const reservations = new StockReservations(db, outbox, now);
  const replicaId = deps.replicaId ?? `inventory-${randomUUID()}`;
  const feed = bus ? new StockFeedConsumer(db, bus, (events) => recordStockEvents(inventory, events, now()), { replicaId, leaseMs: deps.feedLeaseMs ?? 15_000 }, log) : null;
  const runtime = new InventoryRuntime({ db, bus, outbox, forecasts, reservations, feed, replicaId, settings: { ...DEFAULT_INVENTORY_RUNTIME, ...deps.runtime }, log });
  const server = createSubgraphServer<InventoryContext>({
    name: 'inventory',
    typeDefs: loadSubgraphSdl('inventory'),
    resolvers: resolvers as never,
    context: ({ viewer }) => ({ inventory, reservations, forecasts, loaders: createInventoryLoaders(inventory), viewer, now: now() }),
  });
  return {
    name: server.name,
    forecasts,
    reservations,
    feed,
    listen: withBackgroundWork(server, runtime).listen,
  };
}
