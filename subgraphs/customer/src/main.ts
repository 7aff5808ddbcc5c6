// Boot file: the customer subgraph as its own process (Postgres; Redis Streams when REDIS_URL is set).
import { runSubgraphProcess } from '@retail/platform';
import { createServer } from './createServer.ts';

await runSubgraphProcess('customer', 4001, ({ db, outbox }) => createServer({ db, outbox }));
