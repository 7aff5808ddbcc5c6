import type { Database } from '@retail/db';
import { createSubgraphServer, loadSubgraphSdl, type SubgraphServer } from '@retail/platform';
import { CustomerService } from './customerService.ts';
import { InteractionService, type OutboxWaker } from './interactionService.ts';
import { createCustomerLoaders } from './loaders.ts';
import { resolvers, type CustomerContext } from './resolvers.ts';

export interface CustomerSubgraphDeps {
  db: Database;
  /** Relays the interaction.recorded events this subgraph writes to its outbox (Topics.interactions). */
  outbox: OutboxWaker;
}

export function createServer({ db, outbox }: CustomerSubgraphDeps): SubgraphServer {
  const customers = new CustomerService(db);
  const interactions = new InteractionService(db, outbox);
  return createSubgraphServer<CustomerContext>({
    name: 'customer',
    typeDefs: loadSubgraphSdl('customer'),
    resolvers: resolvers as never,
    context: () => ({ customers, interactions, loaders: createCustomerLoaders(customers, interactions) }),
  });
}
