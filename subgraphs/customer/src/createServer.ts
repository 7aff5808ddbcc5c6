import type { Database } from '@retail/db';
import { createLogger, createSubgraphServer, loadSubgraphSdl, type EventBus, type Logger, type SubgraphServer } from '@retail/platform';
import { CustomerService } from './customerService.ts';
import { InteractionService } from './interactionService.ts';
import { createCustomerLoaders } from './loaders.ts';
import { resolvers, type CustomerContext } from './resolvers.ts';

export interface CustomerSubgraphDeps {
  db: Database;
  /** Recorded interactions are announced here (Topics.interactions). */
  bus: EventBus;
  /** Where failures that do not fail a request (an unpublished event) are reported. */
  log?: Logger;
}

export function createServer({ db, bus, log = createLogger('customer') }: CustomerSubgraphDeps): SubgraphServer {
  const customers = new CustomerService(db);
  const interactions = new InteractionService(db, bus, log);
  return createSubgraphServer<CustomerContext>({
    name: 'customer',
    typeDefs: loadSubgraphSdl('customer'),
    resolvers: resolvers as never,
    context: () => ({ customers, interactions, loaders: createCustomerLoaders(customers, interactions) }),
  });
}
