import type { Database, OutboxRelay } from '@retail/db';
import { createSubgraphServer, loadSubgraphSdl, type SubgraphServer } from '@retail/platform';
import { InventoryService } from './inventoryService.ts';
import { createInventoryLoaders } from './loaders.ts';
import { resolvers, type InventoryContext } from './resolvers.ts';

export interface InventorySubgraphDeps {
  db: Database;
  /** Relays the `stock.adjusted` events (Topics.stock) this subgraph writes to its outbox. */
  outbox: Pick<OutboxRelay, 'wake'>;
}

export function createServer({ db, outbox }: InventorySubgraphDeps): SubgraphServer {
  const inventory = new InventoryService(db, outbox);
  return createSubgraphServer<InventoryContext>({
    name: 'inventory',
    typeDefs: loadSubgraphSdl('inventory'),
    resolvers: resolvers as never,
    context: ({ viewer }) => ({ inventory, loaders: createInventoryLoaders(inventory), viewer }),
  });
}
