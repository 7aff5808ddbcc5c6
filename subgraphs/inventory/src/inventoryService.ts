// Data access for inventory: locations, stock levels and the stock adjustment audit trail.
// Methods that resolvers call per entity take a list of keys, so one request makes one query per
// kind of data however many entities it resolves. Stock changes go through adjustStock only: a
// conditional UPDATE inside a transaction with the audit row, so concurrent changes cannot take
// on-hand stock below zero; the stock.adjusted event is written to the outbox in the same transaction.
import { GraphQLError } from 'graphql';
import { enqueueEvent, enqueueEventsSql, Prisma, type Database, type LocationType, type OutboxRelay } from '@retail/db';
import { badInput, decodeCursor, encodeCursor, notFound, STOCK_ADJUSTED, STOCK_RESERVATION_CHANGED, STOCK_SAFETY_CHANGED, Topics, type StockAdjustedEvent, type StockForecastSummary, type StockSafetyChangedEvent } from '@retail/platform';
import { availableToPromise, type StockAfter } from './availableToPromise.ts';
import { consumeReservation, reservationChangedPayload } from './stockReservations.ts';

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
/** How far in the past a source may date a change (late feeds), and how far ahead (clock skew). */
export const OCCURRED_AT_WINDOW = { pastDays: 400, futureMinutes: 5 } as const;

export interface StockKey {
  productId: string;
  /** null: every location. */
  locationId: string | null;
}

export interface LocationStock {
  productId: string;
  locationId: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  /** StockLevel.version: bumped by every change to the row. */
  version: number;
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
  /** When the change happened at the source (a till, a warehouse scan); now when absent. */
  occurredAt?: Date | null;
  /** A SALE that fulfils a held offer: the hold's reference, consumed by the sale. */
  reservationReference?: string | null;
}

export interface AdjustStockResult {
  adjustment: StockAdjustmentRow;
  /** true when eventId had been seen: the first adjustment is returned and nothing changed. */
  replayed: boolean;
}

export interface TransferStockInput {
  /** The source's id of the transfer: a replay with the same id changes nothing. */
  eventId: string;
  productId: string;
  fromLocationId: string;
  toLocationId: string;
  units: number;
  occurredAt?: Date | null;
  actor?: string | null;
}

export interface TransferStockResult {
  out: StockAdjustmentRow;
  in: StockAdjustmentRow;
  /** true when eventId had been seen: the first transfer is returned and nothing changed. */
  replayed: boolean;
}

/** The two audited legs of a transfer: TRANSFER_OUT at the source, TRANSFER_IN at the destination. */
export function transferLegs(t: TransferStockInput): [AdjustStockInput, AdjustStockInput] {
  const common = { productId: t.productId, occurredAt: t.occurredAt ?? null, actor: t.actor ?? null };
  return [
    { ...common, locationId: t.fromLocationId, delta: -t.units, reason: 'TRANSFER_OUT', eventId: `${t.eventId}:out` },
    { ...common, locationId: t.toLocationId, delta: t.units, reason: 'TRANSFER_IN', eventId: `${t.eventId}:in` },
  ];
}

/** Query.stockLevels page sizes. */
export const STOCK_PAGE = { default: 500, max: 5000 } as const;

export interface StockLevelConnection {
  edges: { cursor: string; node: LocationStock }[];
  pageInfo: { hasNextPage: boolean; endCursor: string | null };
}

/** A position in the stock list ordered by (productId, locationId): the last row the client has seen. */
type StockCursor = [tag: 'stock', productId: string, locationId: string];

const stockCursor = (s: { productId: string; locationId: string }) => encodeCursor(['stock', s.productId, s.locationId] satisfies StockCursor);

function decodeStockCursor(cursor: string): { productId: string; locationId: string } {
  const [, productId, locationId] = decodeCursor(cursor, (v): v is StockCursor =>
    Array.isArray(v) && v.length === 3 && v[0] === 'stock' && typeof v[1] === 'string' && v[1].length > 0 && typeof v[2] === 'string' && v[2].length > 0,
  );
  return { productId, locationId };
}

/** The page size of Query.stockLevels; BAD_USER_INPUT outside 1..STOCK_PAGE.max. */
export function stockPageSize(first: number | null | undefined): number {
  const n = first ?? STOCK_PAGE.default;
  if (!Number.isInteger(n) || n < 1 || n > STOCK_PAGE.max) throw badInput(`first must be an integer from 1 to ${STOCK_PAGE.max}, got ${n}`, 'first');
  return n;
}

export const stockKey = (k: StockKey) => `${k.productId}\u0000${k.locationId ?? ''}`;


function toLocationStock(row: StockLevelRow): LocationStock {
  return { productId: row.productId, locationId: row.locationId, onHand: row.onHand, reserved: row.reserved, safetyStock: row.safetyStock, available: availableToPromise(row), version: row.version, updatedAt: row.updatedAt };
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

type SaleRecord = Parameters<ForecastSummaries['revertSale']>;
/** The sales this replica's forecasts learnt inside a transaction, taken back if it rolls back. */
interface LearntSales {
  sales: SaleRecord[];
}

/** Thrown inside the transaction to roll it back when another call won the same eventId. */
class ReplayRace extends Error {}

// P2002 normally; the raw Postgres code when the driver adapter cannot classify the error.
const isUniqueViolation = (error: unknown) => error instanceof Prisma.PrismaClientKnownRequestError && (error.code === 'P2002' || error.code === '23505');

/** Checks the arguments of a stock change; throws BAD_USER_INPUT on the first problem. */
export function validateAdjustment(input: AdjustStockInput, now: Date = new Date()): void {
  const { delta, reason, eventId } = input;
  if (typeof input.productId !== 'string' || !input.productId.trim()) throw badInput('productId must not be blank', 'productId');
  if (typeof input.locationId !== 'string' || !input.locationId.trim()) throw badInput('locationId must not be blank', 'locationId');
  if (!Number.isInteger(delta) || delta === 0) throw badInput(`delta must be a non-zero integer, got ${delta}`, 'delta');
  if (Math.abs(delta) > MAX_ABS_DELTA) throw badInput(`delta must be between -${MAX_ABS_DELTA} and ${MAX_ABS_DELTA}, got ${delta}`, 'delta');
  const sign = REASON_SIGN[reason];
  if (!sign) throw badInput(`Unknown stock change reason ${JSON.stringify(reason)}`, 'reason');
  if (sign === 'negative' && delta > 0) throw badInput(`A ${reason} takes stock away: delta must be negative, got ${delta}`, 'delta');
  if (sign === 'positive' && delta < 0) throw badInput(`A ${reason} adds stock: delta must be positive, got ${delta}`, 'delta');
  if (eventId != null && (eventId.length === 0 || eventId.length > MAX_EVENT_ID_LENGTH)) {
    throw badInput(`eventId must be 1 to ${MAX_EVENT_ID_LENGTH} characters, got ${eventId.length}`, 'eventId');
  }
  if (input.occurredAt != null) {
    const t = input.occurredAt.getTime();
    if (!Number.isFinite(t)) throw badInput('occurredAt must be a valid date-time', 'occurredAt');
    if (t > now.getTime() + OCCURRED_AT_WINDOW.futureMinutes * 60_000) throw badInput(`occurredAt ${input.occurredAt.toISOString()} is in the future`, 'occurredAt');
    if (t < now.getTime() - OCCURRED_AT_WINDOW.pastDays * 86_400_000) throw badInput(`occurredAt ${input.occurredAt.toISOString()} is more than ${OCCURRED_AT_WINDOW.pastDays} days ago`, 'occurredAt');
  }
  if (input.reservationReference != null) {
    if (reason !== 'SALE') throw badInput(`Only a SALE can consume a reservation, not a ${reason}`, 'reservationReference');
    if (!input.reservationReference.trim() || input.reservationReference.length > MAX_EVENT_ID_LENGTH) {
      throw badInput(`reservationReference must be 1 to ${MAX_EVENT_ID_LENGTH} characters`, 'reservationReference');
    }
  }
}

/** The demand forecasts a stock change feeds and whose summary its event carries. */
export interface ForecastSummaries {
  summary(productId: string, locationId: string, available: number): StockForecastSummary;
  recordSale(adjustmentId: string, productId: string, locationId: string, units: number, at: Date): boolean;
  revertSale(adjustmentId: string, productId: string, locationId: string, units: number, at: Date): void;
}

export class InventoryService {
  constructor(
    private readonly db: Database,
    private readonly outbox: Pick<OutboxRelay, 'wake'>,
    private readonly forecasts: ForecastSummaries | null = null,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async locationsByIds(ids: readonly string[]): Promise<Map<string, LocationRow>> {
    const rows = await this.db.prisma.location.findMany({ where: { id: { in: [...ids] } } });
    return new Map(rows.map((r) => [r.id, r]));
  }

  async locations(type?: LocationType | null): Promise<LocationRow[]> {
    return this.db.prisma.location.findMany({ where: type ? { type } : {}, orderBy: [{ code: 'asc' }] });
  }

  /**
   * One page of every stock row (or of one location's), keyset-paginated by (productId, locationId)
   * over the primary key: each page is one indexed range read, however deep.
   */
  async stockLevels(args: { locationId?: string | null; first?: number | null; after?: string | null }): Promise<StockLevelConnection> {
    const first = stockPageSize(args.first);
    const where: Prisma.StockLevelWhereInput = {};
    if (args.locationId != null) {
      if (!args.locationId.trim()) throw badInput('locationId must not be blank', 'locationId');
      where.locationId = args.locationId;
    }
    if (args.after != null) {
      const { productId, locationId } = decodeStockCursor(args.after);
      where.OR = [{ productId: { gt: productId } }, { productId, locationId: { gt: locationId } }];
    }
    const rows = await this.db.prisma.stockLevel.findMany({ where, orderBy: [{ productId: 'asc' }, { locationId: 'asc' }], take: first + 1 });
    const edges = rows.slice(0, first).map((r) => ({ cursor: stockCursor(r), node: toLocationStock(r) }));
    return { edges, pageInfo: { hasNextPage: rows.length > first, endCursor: edges.at(-1)?.cursor ?? null } };
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
    validateAdjustment(input, this.now());
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
    // This replica's forecasts learn the sale inside the transaction, so the event's summary
    // includes it (and the bus echo is skipped); a rollback takes it back.
    const learnt: LearntSales = { sales: [] };
    try {
      committed = await this.db.prisma.$transaction((tx) => this.applyChange(tx, input, learnt), { maxWait: 15_000, timeout: 15_000 });
    } catch (error) {
      for (const sale of learnt.sales) this.forecasts!.revertSale(...sale);
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

  /**
   * One stock change inside the caller's transaction: conditional UPDATE (refused when it would
   * take on-hand below zero; a known product arriving at a new location gets its row), the audit
   * row, the sales history and forecast for SALE/RETURN, a consumed hold, and the events (outbox).
   */
  private async applyChange(tx: Prisma.TransactionClient, input: AdjustStockInput, learnt: LearntSales): Promise<{ adjustment: StockAdjustmentRow; stock: StockAfter }> {
    const eventId = input.eventId ?? null;
    const { productId, locationId, delta } = input;
    let [stock]: (StockAfter | undefined)[] = await tx.$queryRaw<StockAfter[]>`
      UPDATE "StockLevel" SET "onHand" = "onHand" + ${delta}, version = version + 1, "updatedAt" = (now() AT TIME ZONE 'UTC')
      WHERE "productId" = ${productId} AND "locationId" = ${locationId} AND "onHand" + ${delta} >= 0
      RETURNING "onHand", "reserved", "safetyStock", version`;
    if (!stock && delta > 0) {
      // A known product arriving at a new location: create its row (or add to one created meanwhile).
      [stock] = await tx.$queryRaw<StockAfter[]>`
        INSERT INTO "StockLevel" ("productId", "locationId", "onHand", version, "updatedAt")
        VALUES (${productId}, ${locationId}, ${delta}, 1, (now() AT TIME ZONE 'UTC'))
        ON CONFLICT ("productId", "locationId") DO UPDATE
          SET "onHand" = "StockLevel"."onHand" + EXCLUDED."onHand", version = "StockLevel".version + 1, "updatedAt" = EXCLUDED."updatedAt"
        RETURNING "onHand", "reserved", "safetyStock", version`;
    }
    if (!stock) {
      const current = await tx.stockLevel.findUnique({ where: { productId_locationId: { productId, locationId } }, select: { onHand: true } });
      throw insufficientStock(input, current?.onHand ?? 0);
    }
    const occurredAt = input.occurredAt ?? this.now();
    // ON CONFLICT DO NOTHING on eventId: a concurrent call that committed the same eventId
    // first leaves us no row, and we roll back our stock change rather than fail in SQL.
    const [adjustment] = await tx.stockAdjustment.createManyAndReturn({
      data: { eventId, productId, locationId, delta, reason: input.reason, onHandFrom: stock.onHand - delta, onHandTo: stock.onHand, actor: input.actor ?? null, occurredAt },
      skipDuplicates: true,
    });
    if (!adjustment) throw new ReplayRace();
    // Sales history for the forecasts: net units sold that day (returns take back).
    const sold = input.reason === 'SALE' ? -delta : input.reason === 'RETURN' ? -delta : 0;
    if (sold !== 0 && this.forecasts) {
      const sale: SaleRecord = [adjustment.id, productId, locationId, sold, occurredAt];
      learnt.sales.push(sale);
      this.forecasts.recordSale(...sale);
    }
    if (sold !== 0) {
      await tx.$executeRaw`
        INSERT INTO "DailySales" ("productId", "locationId", "day", "units")
        VALUES (${productId}, ${locationId}, ${occurredAt.toISOString().slice(0, 10)}::date, ${Math.max(0, sold)})
        ON CONFLICT ("productId", "locationId", "day") DO UPDATE SET "units" = GREATEST(0, "DailySales"."units" + ${sold})`;
    }
    const consumed = input.reservationReference ? await consumeReservation(tx, input.reservationReference, productId, locationId) : null;
    if (consumed) stock = consumed.stock;
    // The event commits with the change (transactional outbox): it cannot be lost.
    const forecast = this.forecasts?.summary(productId, locationId, availableToPromise(stock));
    await enqueueEvent(tx, Topics.stock, STOCK_ADJUSTED, { ...stockAdjustedPayload(adjustment, stock), ...(forecast ? { forecast } : {}) } as never);
    if (consumed) await enqueueEvent(tx, Topics.stock, STOCK_RESERVATION_CHANGED, reservationChangedPayload(consumed.reservation, stock, occurredAt) as never);
    return { adjustment, stock };
  }

  /**
   * Moves units between two locations in one transaction: both legs commit (each with its audit row
   * and its stock.adjusted event) or neither does; the source never goes below zero. Idempotent by
   * eventId (the legs are recorded as "<eventId>:out" and "<eventId>:in").
   */
  async transferStock(input: TransferStockInput): Promise<TransferStockResult> {
    const { eventId, units } = input;
    if (typeof eventId !== 'string' || !eventId.trim() || eventId.length > MAX_EVENT_ID_LENGTH - 4) {
      throw badInput(`eventId must be 1 to ${MAX_EVENT_ID_LENGTH - 4} characters`, 'eventId');
    }
    if (!Number.isInteger(units) || units < 1 || units > MAX_ABS_DELTA) throw badInput(`units must be an integer from 1 to ${MAX_ABS_DELTA}, got ${units}`, 'units');
    if (input.fromLocationId === input.toLocationId) throw badInput('toLocationId must differ from fromLocationId', 'toLocationId');
    const legs = transferLegs(input);
    for (const leg of legs) validateAdjustment(leg, this.now());
    const replay = await this.transferByEventId(eventId);
    if (replay) return replay;
    const locations = await this.db.prisma.location.findMany({ where: { id: { in: [input.fromLocationId, input.toLocationId] } }, select: { id: true } });
    for (const id of [input.fromLocationId, input.toLocationId]) if (!locations.some((l) => l.id === id)) throw notFound('Location', id);
    const known = await this.db.prisma.stockLevel.findFirst({ where: { productId: input.productId }, select: { productId: true } });
    if (!known) throw notFound('Product', input.productId);
    let committed: [StockAdjustmentRow, StockAdjustmentRow];
    try {
      committed = await this.db.prisma.$transaction(
        async (tx) => {
          const learnt: LearntSales = { sales: [] }; // transfers are not sales: nothing to learn
          // Both rows locked in one order (by location id), so transfers crossing in opposite
          // directions wait for each other instead of deadlocking.
          await tx.$queryRaw`SELECT 1 FROM "StockLevel" WHERE "productId" = ${input.productId} AND "locationId" IN (${input.fromLocationId}, ${input.toLocationId}) ORDER BY "locationId" FOR UPDATE`;
          const out = await this.applyChange(tx, legs[0], learnt);
          const arrived = await this.applyChange(tx, legs[1], learnt);
          return [out.adjustment, arrived.adjustment] as [StockAdjustmentRow, StockAdjustmentRow];
        },
        { maxWait: 15_000, timeout: 15_000 },
      );
    } catch (error) {
      if (error instanceof ReplayRace || isUniqueViolation(error)) {
        const first = await this.transferByEventId(eventId);
        if (first) return first;
      }
      const available = (error as GraphQLError).extensions?.available;
      if (typeof available === 'number') {
        throw badInput(`Cannot transfer ${units} of product ${JSON.stringify(input.productId)} from location ${JSON.stringify(input.fromLocationId)}: only ${available} on hand`, 'units', { available });
      }
      throw error;
    }
    this.outbox.wake();
    return { out: committed[0], in: committed[1], replayed: false };
  }

  private async transferByEventId(eventId: string): Promise<TransferStockResult | null> {
    const rows = await this.db.prisma.stockAdjustment.findMany({ where: { eventId: { in: [`${eventId}:out`, `${eventId}:in`] } } });
    const out = rows.find((r) => r.eventId === `${eventId}:out`);
    const arrived = rows.find((r) => r.eventId === `${eventId}:in`);
    return out && arrived ? { out, in: arrived, replayed: true } : null;
  }

  /**
   * Sets the safety stock of one stock row and announces it with the stock after (and the forecast
   * summary for the new available), in one transaction. NOT_FOUND when there is no such row.
   */
  async setSafetyStock(input: { productId: string; locationId: string; units: number; actor?: string | null }): Promise<LocationStock> {
    const { productId, locationId, units } = input;
    if (typeof productId !== 'string' || !productId.trim()) throw badInput('productId must not be blank', 'productId');
    if (typeof locationId !== 'string' || !locationId.trim()) throw badInput('locationId must not be blank', 'locationId');
    if (!Number.isInteger(units) || units < 0 || units > MAX_ABS_DELTA) throw badInput(`units must be an integer from 0 to ${MAX_ABS_DELTA}, got ${units}`, 'units');
    const at = this.now();
    const row = await this.db.sql.transaction(async (tx) => {
      const [changed] = await tx.query<StockLevelRow & { before: number }>(
        `WITH old AS (SELECT "safetyStock" FROM "StockLevel" WHERE "productId" = $1 AND "locationId" = $2 FOR UPDATE)
         UPDATE "StockLevel" s SET "safetyStock" = $3, version = s.version + 1, "updatedAt" = (now() AT TIME ZONE 'UTC')
         FROM old WHERE s."productId" = $1 AND s."locationId" = $2
         RETURNING s."productId", s."locationId", s."onHand", s.reserved, s."safetyStock", s.version, s."updatedAt" AT TIME ZONE 'UTC' AS "updatedAt", old."safetyStock" AS before`,
        [productId, locationId, units],
      );
      if (!changed) throw notFound('StockLevel', `${productId}@${locationId}`);
      const available = availableToPromise(changed);
      const forecast = this.forecasts?.summary(productId, locationId, available);
      const event: StockSafetyChangedEvent = {
        productId,
        locationId,
        safetyStockBefore: changed.before,
        safetyStock: changed.safetyStock,
        onHand: changed.onHand,
        reserved: changed.reserved,
        available,
        version: changed.version,
        actor: input.actor ?? null,
        occurredAt: at.toISOString(),
        ...(forecast ? { forecast } : {}),
      };
      await enqueueEventsSql(tx, Topics.stock, STOCK_SAFETY_CHANGED, [event]);
      return changed;
    });
    this.outbox.wake();
    return toLocationStock({ ...row, updatedAt: new Date(row.updatedAt) });
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
    available: availableToPromise(stock),
    version: stock.version,
    actor: a.actor,
    occurredAt: a.occurredAt.toISOString(),
  };
}

