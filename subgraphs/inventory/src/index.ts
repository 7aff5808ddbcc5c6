export { createServer, type InventorySubgraphDeps, type InventoryServer } from './createServer.ts';
export { STOCK_ADJUSTED, type StockAdjustedEvent } from '@retail/platform';
