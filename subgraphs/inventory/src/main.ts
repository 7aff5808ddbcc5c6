// Boot file: the inventory subgraph as its own process (Postgres; Redis Streams when REDIS_URL is set).
// REPLICA_ID names this replica in the stock feed's consumer group (keep it stable across restarts).
import { runSubgraphProcess } from '@retail/platform';
import { createServer } from './createServer.ts';

await runSubgraphProcess('inventory', 4003, ({ db, bus, outbox, log }) => createServer({ db, bus, outbox, log, replicaId: process.env.REPLICA_ID }));
