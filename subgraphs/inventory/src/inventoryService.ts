// Data access for inventory: locations, stock levels and the stock adjustment audit trail.
// Methods that resolvers call per entity take a list of keys, so one request makes one query per
// kind of data however many entities it resolves. Stock changes go through adjustStock only: a
// conditional UPDATE inside a transaction with the audit row, so concurrent changes cannot take
// on-hand stock below zero; the stock.adjusted event is written to the outbox in the same transaction.
import { GraphQLError } from 'graphql';
import { enqueueEvent, Prisma, type Database, type LocationType, type OutboxRelay } from '@retail/db';
import { badInput, notFound, Topics } from '@retail/platform';

export type LocationRow = Prisma.LocationGetPayload<object>;
export type StockLevelRow = Prisma.StockLevelGetPayload<object>;
export type StockAdjustmentRow = Prisma.StockAdjustmentGetPayload<object>;

export const STOCK_CHANGE_REASONS = ['SALE', 'RETURN', 'RECEIPT', 'TRANSFER_IN', 'TRANSFER_OUT', 'DAMAGE', 'COUNT_CORRECTION'] as const;
export type StockChangeReason = (typeof STOCK_CHANGE_REASONS)[number];

/** Which sign each reason allows: a sale can only take stock away, a receipt only add it. */
const REASON_SIGN: Record<StockChangeReason, 'negative' | 'positive' | 'either'> = {
  SALE: 'negative',
  TRANSFER_OUT: 'negative',
  DAMAGE: 'negative',
  RECEIPT: 'positive',
  RETURN: 'positive',
  TRANSFER_IN: 'positive',
  COUNT_CORRECTION: 'either',
};

export const MAX_ABS_DELTA = 1_000_000;
export const MAX_EVENT_ID_LENGTH = 200;

/** Event type published on Topics.stock after each accepted (not replayed) change. */
export const STOCK_ADJUSTED = 'stock.adjusted';

export interface StockAdjustedEvent {
  adjustmentId: string;
  eventId: string | null;
  productId: string;
  locationId: string;
  delta: number;
  reason: StockChangeReason;
  onHandBefore: number;
  onHandAfter: number;
  /** The location's stock right after the change. */
  reserved: number;
  safetyStock: number;
  available: number;
  actor: string | null;
  occurredAt: string;
}

export interface StockKey {
  productId: string;
  /** null: every location. */
  locationId: string | null;
}

export interface LocationStock {
  locationId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  updatedAt: Date;
}

export interface Availability {
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  byLocation: LocationStock[];
}

export const EMPTY_AVAILABILITY: Availability = Object.freeze({ onHand: 0, reserved: 0, safetyStock: 0, available: 0, byLocation: [] }) as Availability;

export interface AdjustStockInput {
  productId: string;
  locationId: string;
  delta: number;
  reason: StockChangeReason;
  eventId?: string | null;
  actor?: string | null;
}

export interface AdjustStockResult {
  adjustment: StockAdjustmentRow;
  /** true when eventId had been seen: the first adjustment is returned and nothing changed. */
  replayed: boolean;
}

export const stockKey = (k: StockKey) => `${k.productId}\u0000${k.locationId ?? ''}`;

const availableOf = (s: { onHand: number; reserved: number; safetyStock: number }) => Math.max(0, s.onHand - s.reserved - s.safetyStock);

function toLocationStock(row: StockLevelRow): LocationStock {
  return { locationId: row.locationId, onHand: row.onHand, reserved: row.reserved, safetyStock: row.safetyStock, available: availableOf(row), updatedAt: row.updatedAt };
}

function summarise(rows: StockLevelRow[]): Availability {
  const byLocation = rows.map(toLocationStock);
  const sum = (f: (s: LocationStock) => number) => byLocation.reduce((acc, s) => acc + f(s), 0);
  // available is clamped per location, then summed: a short location does not eat another's stock.
  return { onHand: sum((s) => s.onHand), reserved: sum((s) => s.reserved), safetyStock: sum((s) => s.safetyStock), available: sum((s) => s.available), byLocation };
}

function insufficientStock(input: AdjustStockInput, onHand: number): GraphQLError {
  return badInput(
    `Cannot apply ${input.delta} to product ${JSON.stringify(input.productId)} at location ${JSON.stringify(input.locationId)}: only ${onHand} on hand`,
    'delta',
    { available: onHand },
  );
}

/** Thrown inside the transaction to roll it back when another call won the same eventId. */
class ReplayRace extends Error {}

// P2002 normally; the raw Postgres code when the driver adapter cannot classify the error.
const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2002' || error.code === '23505');

/** Checks the arguments of a stock change; throws BAD_USER_INPUT on the first problem. */
export function validateAdjustment(input: AdjustStockInput): void {
  const { delta, reason, eventId } = input;
  if (!Number.isInteger(delta) || delta === 0) throw badInput(`delta must be a non-zero integer, got ${delta}`, 'delta');
  if (Math.abs(delta) > MAX_ABS_DELTA) throw badInput(`delta must be between -${MAX_ABS_DELTA} and ${MAX_ABS_DELTA}, got ${delta}`, 'delta');
  const sign = REASON_SIGN[reason];
  if (!sign) throw badInput(`Unknown stock change reason ${JSON.stringify(reason)}`, 'reason');
  if (sign === 'negative' && delta > 0) throw badInput(`A ${reason} takes stock away: delta must be negative, got ${delta}`, 'delta');
  if (sign === 'positive' && delta < 0) throw badInput(`A ${reason} adds stock: delta must be positive, got ${delta}`, 'delta');
  if (eventId != null && (eventId.length === 0 || eventId.length > MAX_EVENT_ID_LENGTH)) {
    throw badInput(`eventId must be 1 to ${MAX_EVENT_ID_LENGTH} characters, got ${eventId.length}`, 'eventId');
  }
}

export class InventoryService {
  constructor(
    private readonly db: Database,
    private readonly outbox: Pick<OutboxRelay, 'wake'>,
  ) {}

  async locationsByIds(ids: readonly string[]): Promise<Map<string, LocationRow>> {
    const rows = await this.db.prisma.location.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async locations(type?: LocationType | null): Promise<LocationRow[]> {
    return this.db.prisma.location.findMany({ where: type ? { type } : {}, orderBy: [{ code: 'asc' }] });
  }

  /** Stock for many (product, location|every location) keys in one query. */
  async availability(keys: readonly StockKey[]): Promise<Map<string, Availability>> {
    const productIds = [...new Set(keys.map((k) => k.productId))];
    const everyLocation = keys.some((k) => k.locationId === null);
    const locationIds = [...new Set(keys.map((k) => k.locationId).filter((l): l is string => l !== null))];
    const rows = await this.db.prisma.stockLevel.findMany({
      where: { productId: { in: productIds }, ...(everyLocation ? {} : { locationId: { in: locationIds } }) },
      orderBy: [{ productId: 'asc' }, { locationId: 'asc' }],
    });
    const byProduct = new Map<string, StockLevelRow[]>();
    for (const r of rows) byProduct.set(r.productId, [...(byProduct.get(r.productId) ?? []), r]);
    const result = new Map<string, Availability>();
    for (const k of keys) {
      const mine = (byProduct.get(k.productId) ?? []).filter((r) => k.locationId === null || r.locationId === k.locationId);
      result.set(stockKey(k), summarise(mine));
    }
    return result;
  }

  /**
   * Applies one stock change. Validation, then replay by eventId, then existence checks, then a
   * transaction: conditional UPDATE (refused when it would take on-hand below zero) plus the audit
   * row. Publishes `stock.adjusted` after the commit.
   */
  async adjustStock(input: AdjustStockInput): Promise<AdjustStockResult> {
    validateAdjustment(input);
    const eventId = input.eventId ?? null;
    if (eventId !== null) {
      const first = await this.db.prisma.stockAdjustment.findUnique({ where: { eventId } });
      if (first) return { adjustment: first, replayed: true };
    }
    const location = await this.db.prisma.location.findUnique({ where: { id: input.locationId }, select: { id: true } });
    if (!location) throw notFound('Location', input.locationId);
    // Inventory knows the products it stocks: one with no stock row anywhere is unknown here.
    const known = await this.db.prisma.stockLevel.findFirst({ where: { productId: input.productId }, select: { productId: true } });
    if (!known) throw notFound('Product', input.productId);

    let committed: { adjustment: StockAdjustmentRow; stock: StockAfter };
    try {
      committed = await this.db.prisma.$transaction(
        async (tx) => {
          const { productId, locationId, delta } = input;
          let [stock] = await tx.$queryRaw<StockAfter[]>`
            UPDATE "StockLevel" SET "onHand" = "onHand" + ${delta}, "updatedAt" = (now() AT TIME ZONE 'UTC')
            WHERE "productId" = ${productId} AND "locationId" = ${locationId} AND "onHand" + ${delta} >= 0
            RETURNING "onHand", "reserved", "safetyStock"`;
          if (!stock && delta > 0) {
            // A known product arriving at a new location: create its row (or add to one created meanwhile).
            [stock] = await tx.$queryRaw<StockAfter[]>`
              INSERT INTO "StockLevel" ("productId", "locationId", "onHand", "updatedAt")
              VALUES (${productId}, ${locationId}, ${delta}, (now() AT TIME ZONE 'UTC'))
              ON CONFLICT ("productId", "locationId") DO UPDATE
                SET "onHand" = "StockLevel"."onHand" + EXCLUDED."onHand", "updatedAt" = EXCLUDED."updatedAt"
              RETURNING "onHand", "reserved", "safetyStock"`;
          }
          if (!stock) {
            const current = await tx.stockLevel.findUnique({ where: { productId_locationId: { productId, locationId } }, select: { onHand: true } });
            throw insufficientStock(input, current?.onHand ?? 0);
          }
          // ON CONFLICT DO NOTHING on eventId: a concurrent call that committed the same eventId
          // first leaves us no row, and we roll back our stock change rather than fail in SQL.
          const [adjustment] = await tx.stockAdjustment.createManyAndReturn({
            data: { eventId, productId, locationId, delta, reason: input.reason, onHandFrom: stock.onHand - delta, onHandTo: stock.onHand, actor: input.actor ?? null },
            skipDuplicates: true,
          });
          if (!adjustment) throw new ReplayRace();
          // The event commits with the change (transactional outbox): it cannot be lost.
          await enqueueEvent(tx, Topics.stock, STOCK_ADJUSTED, stockAdjustedPayload(adjustment, stock) as never);
          return { adjustment, stock };
        },
        { maxWait: 15_000, timeout: 15_000 },
      );
    } catch (error) {
      // The same eventId committed by a concurrent call: ours rolled back whole; return theirs.
      if (eventId !== null && (error instanceof ReplayRace || isUniqueViolation(error))) {
        const first = await this.db.prisma.stockAdjustment.findUnique({ where: { eventId } });
        if (first) return { adjustment: first, replayed: true };
      }
      throw error;
    }

    this.outbox.wake();
    return { adjustment: committed.adjustment, replayed: false };
  }
}

function stockAdjustedPayload(a: StockAdjustmentRow, stock: StockAfter): StockAdjustedEvent {
  return {
    adjustmentId: a.id,
    eventId: a.eventId,
    productId: a.productId,
    locationId: a.locationId,
    delta: a.delta,
    reason: a.reason as StockChangeReason,
    onHandBefore: a.onHandFrom,
    onHandAfter: a.onHandTo,
    reserved: stock.reserved,
    safetyStock: stock.safetyStock,
    available: availableOf(stock),
    actor: a.actor,
    occurredAt: a.occurredAt.toISOString(),
  };
}

interface StockAfter {
  onHand: number;
  reserved: number;
  safetyStock: number;
}
