import type { Database } from '@retail/db';
import { createLogger, createSubgraphServer, loadSubgraphSdl, type EventBus, type Logger, type SubgraphServer } from '@retail/platform';
import { InventoryService } from './inventoryService.ts';
import { createInventoryLoaders } from './loaders.ts';
import { resolvers, type InventoryContext } from './resolvers.ts';

export interface InventorySubgraphDeps {
  db: Database;
  /** Receives `stock.adjusted` on Topics.stock after every committed stock change. */
  bus: EventBus;
  log?: Logger;
}

export function createServer({ db, bus, log = createLogger('inventory') }: InventorySubgraphDeps): SubgraphServer {
  const inventory = new InventoryService(db, bus, log);
  return createSubgraphServer<InventoryContext>({
    name: 'inventory',
    typeDefs: loadSubgraphSdl('inventory'),
    resolvers: resolvers as never,
    context: ({ viewer }) => ({ inventory, loaders: createInventoryLoaders(inventory), viewer }),
  });
}
