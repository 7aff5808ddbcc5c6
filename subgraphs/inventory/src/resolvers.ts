// Thin resolvers: argument shaping; data access and the stock-change rules live in InventoryService.
import type { LocationType } from '@retail/db';
import { DateTime, type Viewer } from '@retail/platform';
import type { DemandForecasts } from './demandForecasts.ts';
import type { InventoryService, LocationRow, LocationStock, StockAdjustmentRow, StockChangeReason, TransferStockInput } from './inventoryService.ts';
import type { InventoryLoaders } from './loaders.ts';
import { recordStockEvents, type StockEventInput } from './stockEventBatch.ts';
import type { ReservationRow, ReserveStockInput, StockReservations } from './stockReservations.ts';

export interface InventoryContext {
  inventory: InventoryService;
  reservations: StockReservations;
  forecasts: DemandForecasts;
  loaders: InventoryLoaders;
  viewer: Viewer;
  now: Date;
}

interface AdjustStockArgs {
  productId: string;
  locationId: string;
  delta: number;
  reason: StockChangeReason;
  eventId?: string | null;
  occurredAt?: Date | null;
  reservationReference?: string | null;
}

/** Available to promise at one location (0 where the product is not kept). */
async function availableAt(ctx: InventoryContext, productId: string, locationId: string): Promise<number> {
  const { byLocation } = await ctx.loaders.availability.load({ productId, locationId });
  return byLocation[0]?.available ?? 0;
}

const METHOD = { 'holt-winters': 'HOLT_WINTERS', croston: 'CROSTON', 'moving-average': 'MOVING_AVERAGE', none: 'NONE' } as const;

export const resolvers = {
  DateTime,
  Query: {
    location: (_: unknown, { id }: { id: string }, ctx: InventoryContext) => ctx.loaders.location.load(id),
    locations: (_: unknown, { type }: { type?: LocationType | null }, ctx: InventoryContext) => ctx.inventory.locations(type),
    stockLevels: (_: unknown, args: { locationId?: string | null; first?: number | null; after?: string | null }, ctx: InventoryContext) =>
      ctx.inventory.stockLevels(args),
    stockReservation: (_: unknown, { reference }: { reference: string }, ctx: InventoryContext) => ctx.reservations.byReference(reference),
  },
  Mutation: {
    adjustStock: async (_: unknown, args: AdjustStockArgs, ctx: InventoryContext) => {
      const { adjustment } = await ctx.inventory.adjustStock({ ...args, actor: ctx.viewer.id });
      // Later fields of this request (another adjustStock, its `stock`) must see the new levels.
      ctx.loaders.availability.clear({ productId: args.productId, locationId: args.locationId }).clear({ productId: args.productId, locationId: null });
      return adjustment;
    },
    recordStockEvents: async (_: unknown, { events }: { events: StockEventInput[] }, ctx: InventoryContext) => {
      const result = await recordStockEvents(ctx.inventory, events.map((e) => ({ ...e, actor: ctx.viewer.id })), ctx.now);
      ctx.loaders.availability.clearAll();
      return result;
    },
    reserveStock: async (_: unknown, { input }: { input: ReserveStockInput }, ctx: InventoryContext) => {
      const { reservation } = await ctx.reservations.reserve(input);
      ctx.loaders.availability.clearAll();
      return reservation;
    },
    transferStock: async (_: unknown, { input }: { input: Omit<TransferStockInput, 'actor'> }, ctx: InventoryContext) => {
      const result = await ctx.inventory.transferStock({ ...input, occurredAt: input.occurredAt ?? null, actor: ctx.viewer.id });
      ctx.loaders.availability.clearAll();
      return { out: result.out, in: result.in, duplicate: result.replayed };
    },
    setSafetyStock: async (_: unknown, args: { productId: string; locationId: string; units: number }, ctx: InventoryContext) => {
      const stock = await ctx.inventory.setSafetyStock({ ...args, actor: ctx.viewer.id });
      ctx.loaders.availability.clearAll();
      return stock;
    },
    releaseStockReservation: async (_: unknown, { reference }: { reference: string }, ctx: InventoryContext) => {
      const reservation = await ctx.reservations.release(reference);
      ctx.loaders.availability.clearAll();
      return reservation;
    },
  },
  Product: {
    __resolveReference: (ref: { id: string }) => ({ id: ref.id }),
    availability: (p: { id: string }, { locationId }: { locationId?: string | null }, ctx: InventoryContext) =>
      ctx.loaders.availability.load({ productId: p.id, locationId: locationId ?? null }),
    forecast: (p: { id: string }, { locationId, horizonDays }: { locationId: string; horizonDays: number }, ctx: InventoryContext) => {
      const f = ctx.forecasts.forecast(p.id, locationId, horizonDays);
      return { ...f, method: METHOD[f.method] };
    },
    daysOfCover: async (p: { id: string }, { locationId }: { locationId: string }, ctx: InventoryContext) =>
      ctx.forecasts.risk(p.id, locationId, await availableAt(ctx, p.id, locationId)).daysOfCover,
    stockoutRisk: async (p: { id: string }, { locationId, horizonDays }: { locationId: string; horizonDays: number }, ctx: InventoryContext) => {
      ctx.forecasts.checkHorizon(horizonDays);
      return ctx.forecasts.risk(p.id, locationId, await availableAt(ctx, p.id, locationId), horizonDays).stockoutRisk;
    },
  },
  LocationStock: {
    product: (s: LocationStock) => ({ id: s.productId }),
    dailyDemand: (s: LocationStock, _: unknown, ctx: InventoryContext) => ctx.forecasts.risk(s.productId, s.locationId, s.available).dailyDemand,
    daysOfCover: (s: LocationStock, _: unknown, ctx: InventoryContext) => ctx.forecasts.risk(s.productId, s.locationId, s.available).daysOfCover,
    stockoutRisk: (s: LocationStock, { horizonDays }: { horizonDays: number }, ctx: InventoryContext) => {
      ctx.forecasts.checkHorizon(horizonDays);
      return ctx.forecasts.risk(s.productId, s.locationId, s.available, horizonDays).stockoutRisk;
    },
    location: (s: LocationStock, _: unknown, ctx: InventoryContext) => ctx.loaders.location.load(s.locationId),
  },
  Location: {
    __resolveReference: (ref: { id: string }, ctx: InventoryContext) => ctx.loaders.location.load(ref.id),
    latitude: (l: LocationRow) => l.lat,
    longitude: (l: LocationRow) => l.lon,
  },
  StockReservation: {
    product: (r: ReservationRow) => ({ id: r.productId }),
    location: (r: ReservationRow, _: unknown, ctx: InventoryContext) => ctx.loaders.location.load(r.locationId),
  },
  StockAdjustment: {
    product: (a: StockAdjustmentRow) => ({ id: a.productId }),
    location: (a: StockAdjustmentRow, _: unknown, ctx: InventoryContext) => ctx.loaders.location.load(a.locationId),
    onHandBefore: (a: StockAdjustmentRow) => a.onHandFrom,
    onHandAfter: (a: StockAdjustmentRow) => a.onHandTo,
    stock: async (a: StockAdjustmentRow, _: unknown, ctx: InventoryContext): Promise<LocationStock> => {
      const { byLocation } = await ctx.loaders.availability.load({ productId: a.productId, locationId: a.locationId });
      return byLocation[0] ?? { productId: a.productId, locationId: a.locationId, onHand: 0, reserved: 0, safetyStock: 0, available: 0, version: 0, updatedAt: a.occurredAt };
    },
  },
};
