// Boot file: runs the gateway as its own process in front of subgraphs at configured URLs.
import { readFileSync } from 'node:fs';
import { createLogger, stopOnSignal } from '@retail/platform';
import { SUPERGRAPH_PATH } from './composeSupergraph.ts';
import { parseGatewayEnv } from './config.ts';
import { createServer } from './createServer.ts';

const env = parseGatewayEnv();
const log = createLogger('gateway', env.LOG_LEVEL);
const gateway = createServer({
  supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
  subgraphUrls: { customer: env.CUSTOMER_URL, product: env.PRODUCT_URL, inventory: env.INVENTORY_URL, offers: env.OFFERS_URL },
  planner: env.QUERY_PLANNER,
  upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
});
const running = await gateway.listen(env.PORT, env.HOST);
log.info('gateway listening', { url: running.url, planner: env.QUERY_PLANNER });
stopOnSignal(() => running.stop(), log);
