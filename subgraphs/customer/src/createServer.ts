import type { Database } from '@retail/db';
import { createSubgraphServer, loadSubgraphSdl, type SubgraphServer } from '@retail/platform';
import { CustomerService } from './customerService.ts';
import { HistoryService } from './historyService.ts';
import { InteractionService, type OutboxWaker } from './interactionService.ts';
import { createCustomerLoaders } from './loaders.ts';
import { resolvers, type CustomerContext } from './resolvers.ts';

export interface CustomerSubgraphDeps {
  db: Database;
  /** Relays the interaction.recorded events this subgraph writes to its outbox (Topics.interactions). */
  outbox: OutboxWaker;
  /** The clock; tests pin it. Read once per request. */
  now?: () => Date;
}

export function createServer({ db, outbox, now = () => new Date() }: CustomerSubgraphDeps): SubgraphServer {
  const customers = new CustomerService(db);
  const interactions = new InteractionService(db, outbox);
  const history = new HistoryService(db);
  return createSubgraphServer<CustomerContext>({
    name: 'customer',
    typeDefs: loadSubgraphSdl('customer'),
    resolvers: resolvers as never,
    context: () => ({ customers, interactions, history, loaders: createCustomerLoaders(customers, interactions, history), now: now() }),
  });
}
