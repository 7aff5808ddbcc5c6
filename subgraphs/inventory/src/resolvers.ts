// Thin resolvers: argument shaping; data access and the stock-change rules live in InventoryService.
import type { LocationType } from '@retail/db';
import { DateTime, type Viewer } from '@retail/platform';
import type { InventoryService, LocationRow, LocationStock, StockAdjustmentRow, StockChangeReason } from './inventoryService.ts';
import type { InventoryLoaders } from './loaders.ts';

export interface InventoryContext {
  inventory: InventoryService;
  loaders: InventoryLoaders;
  viewer: Viewer;
}

interface AdjustStockArgs {
  productId: string;
  locationId: string;
  delta: number;
  reason: StockChangeReason;
  eventId?: string | null;
}

export const resolvers = {
  DateTime,
  Query: {
    location: (_: unknown, { id }: { id: string }, ctx: InventoryContext) => ctx.loaders.location.load(id),
    locations: (_: unknown, { type }: { type?: LocationType | null }, ctx: InventoryContext) => ctx.inventory.locations(type),
  },
  Mutation: {
    adjustStock: async (_: unknown, args: AdjustStockArgs, ctx: InventoryContext) => {
      const { adjustment } = await ctx.inventory.adjustStock({ ...args, actor: ctx.viewer.id });
      // Later fields of this request (another adjustStock, its `stock`) must see the new levels.
      ctx.loaders.availability.clear({ productId: args.productId, locationId: args.locationId }).clear({ productId: args.productId, locationId: null });
      return adjustment;
    },
  },
  Product: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    availability: (p: { id: string }, { locationId }: { locationId?: string | null }, ctx: InventoryContext) =>
      ctx.loaders.availability.load({ productId: p.id, locationId: locationId ?? null }),
  },
  LocationStock: {
    location: (s: LocationStock, _: unknown, ctx: InventoryContext) => ctx.loaders.location.load(s.locationId),
  },
  Location: {
    __resolveReference: (ref: { id: string }, ctx: InventoryContext) => ctx.loaders.location.load(ref.id),
    latitude: (l: LocationRow) => l.lat,
    longitude: (l: LocationRow) => l.lon,
  },
  StockAdjustment: {
    product: (a: StockAdjustmentRow) => ({ id: a.productId }),
    location: (a: StockAdjustmentRow, _: unknown, ctx: InventoryContext) => ctx.loaders.location.load(a.locationId),
    onHandBefore: (a: StockAdjustmentRow) => a.onHandFrom,
    onHandAfter: (a: StockAdjustmentRow) => a.onHandTo,
    stock: async (a: StockAdjustmentRow, _: unknown, ctx: InventoryContext): Promise<LocationStock> => {
      const { byLocation } = await ctx.loaders.availability.load({ productId: a.productId, locationId: a.locationId });
      return byLocation[0] ?? { locationId: a.locationId, onHand: 0, reserved: 0, safetyStock: 0, available: 0, updatedAt: a.occurredAt };
    },
  },
};
