// Boot file: runs the gateway as its own process in front of subgraphs at configured URLs.
// SIGTERM/SIGINT: stop accepting, finish the requests in flight, exit 0 (SHUTDOWN_TIMEOUT_MS bounds it).
import { readFileSync } from 'node:fs';
import { bootOrExit, createLogger, listenOnConfiguredPort, stopOnSignal } from '@retail/platform';
import { SUPERGRAPH_PATH } from './composeSupergraph.ts';
import { parseGatewayEnv } from './config.ts';
import { createServer } from './createServer.ts';

const { env, log, running } = await bootOrExit('gateway', async () => {
  const env = parseGatewayEnv();
  const log = createLogger('gateway', env.LOG_LEVEL);
  const gateway = createServer({
    supergraphSdl: readFileSync(SUPERGRAPH_PATH, 'utf8'),
    subgraphUrls: { customer: env.CUSTOMER_URL, product: env.PRODUCT_URL, inventory: env.INVENTORY_URL, offers: env.OFFERS_URL },
    planner: env.QUERY_PLANNER,
    upstreamTimeoutMs: env.UPSTREAM_TIMEOUT_MS,
  });
  const running = await listenOnConfiguredPort(gateway, env.PORT, env.HOST, 'PORT');
  return { env, log, running };
});
log.info('gateway listening', { url: running.url, planner: env.QUERY_PLANNER });
stopOnSignal((step) => running.stop(step), log, { timeoutMs: env.SHUTDOWN_TIMEOUT_MS });
