export { createServer, type GatewayOptions, type GatewayServer, type RunningGateway, type QueryPlanner } from './createServer.ts';
export { composeSupergraph, SUPERGRAPH_PATH, SUBGRAPH_NAMES, DEFAULT_SUBGRAPH_PORTS, defaultSubgraphUrl, type SubgraphName } from './composeSupergraph.ts';
export { parseGatewayEnv, type GatewayEnv } from './config.ts';
