// Soft holds on stock: a shopper's cart (or any caller) holds units for a while so the last unit is
// not promised to many shoppers at once. Available to promise = on hand − reserved − safety stock,
// and `reserved` is the sum of the ACTIVE holds, changed only together with a hold's status, by a
// conditional UPDATE in one transaction, so concurrent holds cannot over-reserve and a hold is
// released exactly once (by its holder, by the sale that consumes it, or by expiry). A hold may name
// its holder: a unique index keeps at most one ACTIVE hold per holder and product, so repeated
// requests for one shopper cannot take more units than the one they hold. Every change to a stock
// row bumps its version in the same statement (see StockVersion in the event contracts).
import { randomUUID } from 'node:crypto';
import { enqueueEvent, enqueueEventsSql, Prisma, type Database, type OutboxRelay, type SqlRunner } from '@retail/db';
import { badInput, notFound, STOCK_RESERVATION_CHANGED, Topics, type StockHoldReleaseRequestedEvent, type StockHoldRequestedEvent, type StockReservationChangedEvent } from '@retail/platform';
import { availableToPromise, NO_STOCK, type StockAfter } from './availableToPromise.ts';

export type ReservationRow = Prisma.StockReservationGetPayload<object>;
type Tx = Prisma.TransactionClient;

export const RESERVATION_LIMITS = { maxQuantity: 1000, maxTtlSeconds: 7 * 86_400, maxReferenceLength: 200 } as const;

export interface ReserveStockInput {
  reference: string;
  /** Who the units are for: at most one ACTIVE hold per holder and product. Null: no such limit. */
  holder?: string | null;
  productId: string;
  locationId: string;
  quantity: number;
  ttlSeconds: number;
}

export interface ReserveResult {
  reservation: ReservationRow;
  /** true when the reference had been seen: the first hold is returned and nothing changed. */
  replayed: boolean;
}

/** The hold's part of the event: a stored hold, or (for REFUSED) the request that found too little stock. */
type HoldFields = Pick<ReservationRow, 'id' | 'reference' | 'holder' | 'productId' | 'locationId' | 'quantity' | 'status'>;

export function reservationChangedPayload(r: HoldFields, stock: StockAfter, at: Date): StockReservationChangedEvent {
  return {
    reservationId: r.id,
    reference: r.reference,
    productId: r.productId,
    locationId: r.locationId,
    quantity: r.quantity,
    status: r.status,
    onHand: stock.onHand,
    reserved: stock.reserved,
    safetyStock: stock.safetyStock,
    available: availableToPromise(stock),
    version: stock.version,
    occurredAt: at.toISOString(),
  };
}

/** Gives back a closed hold's units; returns the stock after. */
async function unreserve(tx: Tx, r: ReservationRow): Promise<StockAfter> {
  const [stock] = await tx.$queryRaw<StockAfter[]>`
    UPDATE "StockLevel" SET "reserved" = GREATEST(0, "reserved" - ${r.quantity}), version = version + 1, "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE "productId" = ${r.productId} AND "locationId" = ${r.locationId}
    RETURNING "onHand", "reserved", "safetyStock", version`;
  return stock ?? NO_STOCK;
}

/** Closes the ACTIVE hold `reference` if it is still open; null when it is not (the caller goes on). */
async function close(tx: Tx, where: Prisma.StockReservationWhereInput, status: 'RELEASED' | 'CONSUMED' | 'EXPIRED', at: Date) {
  const [closed] = await tx.stockReservation.updateManyAndReturn({ where: { ...where, status: 'ACTIVE' }, data: { status, closedAt: at } });
  if (!closed) return null;
  return { reservation: closed, stock: await unreserve(tx, closed) };
}

/** Inside a SALE's transaction: the hold it fulfils is consumed (its units leave `reserved`). */
export function consumeReservation(tx: Tx, reference: string, productId: string, locationId: string) {
  return close(tx, { reference, productId, locationId }, 'CONSUMED', new Date());
}

export function validateReservation(input: ReserveStockInput): void {
  const { reference, quantity, ttlSeconds } = input;
  if (typeof reference !== 'string' || !reference.trim() || reference.length > RESERVATION_LIMITS.maxReferenceLength) {
    throw badInput(`reference must be 1 to ${RESERVATION_LIMITS.maxReferenceLength} characters`, 'reference');
  }
  if (input.holder != null && (typeof input.holder !== 'string' || !input.holder.trim() || input.holder.length > RESERVATION_LIMITS.maxReferenceLength)) {
    throw badInput(`holder must be 1 to ${RESERVATION_LIMITS.maxReferenceLength} characters`, 'holder');
  }
  if (!input.productId?.trim()) throw badInput('productId must not be blank', 'productId');
  if (!input.locationId?.trim()) throw badInput('locationId must not be blank', 'locationId');
  if (!Number.isInteger(quantity) || quantity < 1 || quantity > RESERVATION_LIMITS.maxQuantity) {
    throw badInput(`quantity must be an integer from 1 to ${RESERVATION_LIMITS.maxQuantity}, got ${quantity}`, 'quantity');
  }
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > RESERVATION_LIMITS.maxTtlSeconds) {
    throw badInput(`ttlSeconds must be an integer from 1 to ${RESERVATION_LIMITS.maxTtlSeconds}, got ${ttlSeconds}`, 'ttlSeconds');
  }
}

export class StockReservations {
  constructor(
    private readonly db: Database,
    private readonly outbox: Pick<OutboxRelay, 'wake'>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Holds `quantity` units until now + ttl; refused whole (BAD_USER_INPUT) when fewer are available to promise. */
  async reserve(input: ReserveStockInput): Promise<ReserveResult> {
    validateReservation(input);
    const seen = await this.db.prisma.stockReservation.findUnique({ where: { reference: input.reference } });
    if (seen) return { reservation: seen, replayed: true };
    const at = this.now();
    const outcome = await this.db.sql.transaction(async (tx) => {
      const placed = await placeHold(tx, input, at);
      if (placed.kind === 'placed') await enqueueEventsSql(tx, Topics.stock, STOCK_RESERVATION_CHANGED, [reservationChangedPayload(placed.reservation, placed.stock, at)]);
      return placed;
    });
    if (outcome.kind === 'taken' || outcome.kind === 'held') {
      // A concurrent call placed this reference first, or the holder holds this product already: that hold is the answer.
      const first = await this.db.prisma.stockReservation.findUniqueOrThrow({ where: outcome.kind === 'taken' ? { reference: input.reference } : { reference: outcome.reference } });
      return { reservation: first, replayed: true };
    }
    if (outcome.kind === 'short') {
      const { productId, locationId, quantity } = input;
      const row = await this.db.prisma.stockLevel.findUnique({ where: { productId_locationId: { productId, locationId } } });
      if (!row) throw notFound('StockLevel', `${productId}@${locationId}`);
      const available = availableToPromise(row);
      throw badInput(`Cannot hold ${quantity} of product ${JSON.stringify(productId)} at location ${JSON.stringify(locationId)}: only ${available} available to promise`, 'quantity', { available });
    }
    this.outbox.wake();
    const expiresAt = new Date(at.getTime() + input.ttlSeconds * 1000);
    return { reservation: { ...outcome.reservation, status: 'ACTIVE', expiresAt, createdAt: at, closedAt: null }, replayed: false };
  }

  async byReference(reference: string): Promise<ReservationRow | null> {
    return this.db.prisma.stockReservation.findUnique({ where: { reference } });
  }

  /** Releases an active hold; a closed one is returned as it is. NOT_FOUND for an unknown reference. */
  async release(reference: string): Promise<ReservationRow> {
    const done = await this.closeOne({ reference }, 'RELEASED');
    if (done) return done;
    const row = await this.db.prisma.stockReservation.findUnique({ where: { reference } });
    if (!row) throw notFound('StockReservation', reference);
    return row;
  }

  /**
   * A release asked for over the bus. It may arrive before the hold it releases (the two can leave
   * on different outbox relays): then, when it says where the hold would be, it is recorded as a
   * RELEASED row of no units under that reference, so the late request finds its reference taken
   * and places nothing; without that the hold would sit until it expires.
   */
  async releaseRequested(request: StockHoldReleaseRequestedEvent): Promise<void> {
    if (await this.closeOne({ reference: request.reference }, 'RELEASED')) return;
    if (!request.productId || !request.locationId) return;
    const recorded = await this.db.sql.query(
      `INSERT INTO "StockReservation" (id, reference, "productId", "locationId", quantity, status, "expiresAt", "createdAt", "closedAt")
       VALUES ($1, $2, $3, $4, 0, 'RELEASED', $5::timestamptz AT TIME ZONE 'UTC', $5::timestamptz AT TIME ZONE 'UTC', $5::timestamptz AT TIME ZONE 'UTC')
       ON CONFLICT (reference) DO NOTHING RETURNING id`,
      [`hold_${randomUUID()}`, request.reference, request.productId, request.locationId, this.now().toISOString()],
    );
    if (recorded.length === 0) await this.closeOne({ reference: request.reference }, 'RELEASED'); // the hold came in meanwhile
  }

  /**
   * Expires the holds whose time is up, `batch` at a time, each batch in one SQL statement (a cart
   * hold ends this way unless its shopper buys or dismisses the offer first); returns how many it expired. Every expired
   * hold is announced with its location's stock after the batch.
   */
  async expireDue(batch = 500): Promise<number> {
    const at = this.now();
    let expired = 0;
    for (;;) {
      const closed = await this.db.sql.transaction(async (tx) => {
        const rows = await tx.query<ReservationRow & StockAfter>(EXPIRE_DUE_SQL, [at.toISOString(), batch]);
        const events = rows.map((r) => reservationChangedPayload(r, r, at));
        await enqueueEventsSql(tx, Topics.stock, STOCK_RESERVATION_CHANGED, events);
        return rows.length;
      });
      expired += closed;
      if (closed > 0) this.outbox.wake();
      if (closed < batch) return expired;
    }
  }

  private async closeOne(where: Prisma.StockReservationWhereInput, status: 'RELEASED' | 'EXPIRED'): Promise<ReservationRow | null> {
    const at = this.now();
    const done = await this.db.prisma.$transaction(async (tx) => {
      const closed = await close(tx, where, status, at);
      if (closed) await enqueueEvent(tx, Topics.stock, STOCK_RESERVATION_CHANGED, reservationChangedPayload(closed.reservation, closed.stock, at) as never);
      return closed;
    });
    if (done) this.outbox.wake();
    return done?.reservation ?? null;
  }

  /**
   * Hold requests from the bus (a shopper's add-to-cart of a short-stock offer), placed in the order
   * given in one transaction on the raw SQL path: one statement per hold. Too little stock, no stock
   * kept there or a malformed request is an answer, not a failure: announced REFUSED so the
   * requester knows. A reference seen before is left as it is (a replayed request); a holder that
   * holds the product already keeps that one hold and gets no second (`alreadyHeld`, nothing changes).
   */
  async placeHolds(requests: readonly StockHoldRequestedEvent[]): Promise<{ placed: number; refused: number; replayed: number; alreadyHeld: number }> {
    const at = this.now();
    const counts = { placed: 0, refused: 0, replayed: 0, alreadyHeld: 0 };
    if (requests.length === 0) return counts;
    await this.db.sql.transaction(async (tx) => {
      const references = requests.map((r) => String(r.reference));
      const seen = new Set((await tx.query<{ reference: string }>('SELECT reference FROM "StockReservation" WHERE reference = ANY($1::text[])', [references])).map((r) => r.reference));
      const events: StockReservationChangedEvent[] = [];
      for (const request of requests) {
        if (seen.has(request.reference)) {
          counts.replayed++;
          continue;
        }
        seen.add(request.reference);
        const placed = isValidRequest(request) ? await placeHold(tx, request, at) : ({ kind: 'short' } as const);
        if (placed.kind === 'placed') {
          counts.placed++;
          events.push(reservationChangedPayload(placed.reservation, placed.stock, at));
        } else if (placed.kind === 'taken') {
          counts.replayed++; // a concurrent delivery of the same request placed it
        } else if (placed.kind === 'held') {
          counts.alreadyHeld++;
        } else {
          counts.refused++;
          const [row] = await tx.query<StockAfter>('SELECT "onHand", reserved, "safetyStock", version FROM "StockLevel" WHERE "productId" = $1 AND "locationId" = $2', [request.productId, request.locationId]);
          const refused: HoldFields = { id: '', reference: request.reference, holder: request.holder ?? null, productId: request.productId, locationId: request.locationId, quantity: request.quantity, status: 'REFUSED' };
          events.push(reservationChangedPayload(refused, row ?? NO_STOCK, at));
        }
      }
      await enqueueEventsSql(tx, Topics.stock, STOCK_RESERVATION_CHANGED, events);
    });
    if (counts.placed + counts.refused > 0) this.outbox.wake();
    return counts;
  }
}

function isValidRequest(request: StockHoldRequestedEvent): boolean {
  try {
    validateReservation(request);
    return true;
  } catch {
    return false;
  }
}

/** The reference of the holder's ACTIVE hold on the product, if it has one. */
async function activeHoldOf(tx: Pick<SqlRunner, 'query'>, holder: string, productId: string): Promise<string | null> {
  const [row] = await tx.query<{ reference: string }>(`SELECT reference FROM "StockReservation" WHERE holder = $1 AND "productId" = $2 AND status = 'ACTIVE'`, [holder, productId]);
  return row?.reference ?? null;
}

/**
 * Takes the units (only if that many are available to promise: the guarded UPDATE re-checks under
 * the row lock, so concurrent holds cannot over-reserve) and records the hold, in one statement.
 * 'held': the holder holds the product already (checked first, so a shopper holding the last unit
 * is not told it is short; the unique index settles concurrent requests). 'short': too little
 * stock, or none kept there. 'taken': a concurrent request for the same reference committed first.
 * When the insert loses a race, our units are given back.
 */
async function placeHold(tx: Pick<SqlRunner, 'query'>, request: ReserveStockInput, at: Date): Promise<
  { kind: 'placed'; reservation: HoldFields & { status: 'ACTIVE' }; stock: StockAfter } | { kind: 'short' } | { kind: 'taken' } | { kind: 'held'; reference: string }
> {
  const holder = request.holder ?? null;
  const heldAlready = holder === null ? null : await activeHoldOf(tx, holder, request.productId);
  if (heldAlready !== null) return { kind: 'held', reference: heldAlready };
  const id = `hold_${randomUUID()}`;
  const expiresAt = new Date(at.getTime() + request.ttlSeconds * 1000);
  const [row] = await tx.query<StockAfter & { held: number }>(
    `WITH stock AS (
       UPDATE "StockLevel" SET reserved = reserved + $5, version = version + 1, "updatedAt" = (now() AT TIME ZONE 'UTC')
       WHERE "productId" = $3 AND "locationId" = $4 AND "onHand" - reserved - "safetyStock" >= $5
       RETURNING "onHand", reserved, "safetyStock", version),
     hold AS (
       INSERT INTO "StockReservation" (id, reference, holder, "productId", "locationId", quantity, status, "expiresAt", "createdAt")
       SELECT $1, $2, $8, $3, $4, $5, 'ACTIVE', ($6::timestamptz AT TIME ZONE 'UTC'), ($7::timestamptz AT TIME ZONE 'UTC') FROM stock
       ON CONFLICT DO NOTHING
       RETURNING id)
     SELECT "onHand", reserved, "safetyStock", version, (SELECT count(*) FROM hold)::int AS held FROM stock`,
    [id, request.reference, request.productId, request.locationId, request.quantity, expiresAt.toISOString(), at.toISOString(), holder],
  );
  if (!row) return { kind: 'short' };
  if (row.held === 0) {
    // The reference (unique) or the holder's one active hold on the product (partial unique index) was taken meanwhile.
    await tx.query('UPDATE "StockLevel" SET reserved = GREATEST(0, reserved - $3), version = version + 1 WHERE "productId" = $1 AND "locationId" = $2', [request.productId, request.locationId, request.quantity]);
    const [same] = await tx.query<{ reference: string }>('SELECT reference FROM "StockReservation" WHERE reference = $1', [request.reference]);
    if (same) return { kind: 'taken' };
    const won = await activeHoldOf(tx, holder!, request.productId);
    // The hold that won has closed since: the holder holds nothing now, so ours may go in after all.
    return won === null ? placeHold(tx, request, at) : { kind: 'held', reference: won };
  }
  const stock: StockAfter = { onHand: row.onHand, reserved: row.reserved, safetyStock: row.safetyStock, version: row.version };
  return { kind: 'placed', reservation: { id, reference: request.reference, holder, productId: request.productId, locationId: request.locationId, quantity: request.quantity, status: 'ACTIVE' }, stock };
}

/**
 * Closes up to $2 due holds (skipping rows another replica is closing) and gives their units back,
 * summed per product and location; returns each closed hold with its location's stock after.
 */
const EXPIRE_DUE_SQL = `
  WITH due AS (
    SELECT id FROM "StockReservation"
    WHERE status = 'ACTIVE' AND "expiresAt" <= ($1::timestamptz AT TIME ZONE 'UTC')
    ORDER BY "expiresAt" LIMIT $2 FOR UPDATE SKIP LOCKED),
  closed AS (
    UPDATE "StockReservation" r SET status = 'EXPIRED', "closedAt" = ($1::timestamptz AT TIME ZONE 'UTC')
    FROM due WHERE r.id = due.id AND r.status = 'ACTIVE'
    RETURNING r.id, r.reference, r.holder, r."productId", r."locationId", r.quantity, r.status),
  given AS (SELECT "productId", "locationId", sum(quantity)::int AS quantity FROM closed GROUP BY 1, 2),
  stock AS (
    UPDATE "StockLevel" s SET reserved = GREATEST(0, s.reserved - given.quantity), version = s.version + 1, "updatedAt" = (now() AT TIME ZONE 'UTC')
    FROM given WHERE s."productId" = given."productId" AND s."locationId" = given."locationId"
    RETURNING s."productId", s."locationId", s."onHand", s.reserved, s."safetyStock", s.version)
  SELECT closed.*, COALESCE(stock."onHand", 0) AS "onHand", COALESCE(stock.reserved, 0) AS reserved, COALESCE(stock."safetyStock", 0) AS "safetyStock", COALESCE(stock.version, 0) AS version
  FROM closed LEFT JOIN stock USING ("productId", "locationId")
  ORDER BY closed.id`;

