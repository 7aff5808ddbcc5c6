export { createServer, type OffersSubgraphDeps } from './createServer.ts';
