// Boot file: the inventory subgraph as its own process (Postgres; Redis Streams when REDIS_URL is set).
import { runSubgraphProcess } from '@retail/platform';
import { createServer } from './createServer.ts';

await runSubgraphProcess('inventory', 4003, ({ db, outbox }) => createServer({ db, outbox }));
