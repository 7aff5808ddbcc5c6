import type { Database } from '@retail/db';
import { createSubgraphServer, loadSubgraphSdl, type SubgraphServer } from '@retail/platform';
import { CatalogService } from './catalogService.ts';
import { createCatalogLoaders } from './loaders.ts';
import { resolvers, type ProductContext } from './resolvers.ts';

export interface ProductSubgraphDeps {
  db: Database;
}

export function createServer({ db }: ProductSubgraphDeps): SubgraphServer {
  const catalog = new CatalogService(db);
  return createSubgraphServer<ProductContext>({
    name: 'product',
    typeDefs: loadSubgraphSdl('product'),
    resolvers: resolvers as never,
    context: () => ({ catalog, loaders: createCatalogLoaders(catalog) }),
  });
}
