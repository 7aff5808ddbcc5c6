// Boot file: the product subgraph as its own process against Postgres.
import { runSubgraphProcess } from '@retail/platform';
import { createServer } from './createServer.ts';

await runSubgraphProcess('product', 4002, ({ db }) => createServer({ db }));
