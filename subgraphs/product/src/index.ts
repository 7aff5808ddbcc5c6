export { createServer, type ProductSubgraphDeps } from './createServer.ts';
