export { createServer, type InventorySubgraphDeps } from './createServer.ts';
export { STOCK_ADJUSTED, type StockAdjustedEvent } from './inventoryService.ts';
