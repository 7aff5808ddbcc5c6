import type { Database } from '@retail/db';
import { createSubgraphServer, loadSubgraphSdl, type EventBus, type SubgraphServer } from '@retail/platform';
import { createOffersLoaders } from './loaders.ts';
import { OffersService } from './offersService.ts';
import { resolvers, type OffersContext } from './resolvers.ts';

export interface OffersSubgraphDeps {
  db: Database;
  /** Topics.promotions: for promotion lifecycle events once the SDL has mutations; unused today. */
  bus: EventBus;
  /** The clock; tests pin it. Read once per request. */
  now?: () => Date;
}

export function createServer({ db, now = () => new Date() }: OffersSubgraphDeps): SubgraphServer {
  const offers = new OffersService(db);
  return createSubgraphServer<OffersContext>({
    name: 'offers',
    typeDefs: loadSubgraphSdl('offers'),
    resolvers: resolvers as never,
    context: () => {
      const at = now();
      return { offers, loaders: createOffersLoaders(offers, at), now: at };
    },
  });
}
