// Soft holds on stock: a served offer (or any caller) holds units for a while so the last unit is
// not promised to many shoppers at once. Available to promise = on hand − reserved − safety stock,
// and `reserved` is the sum of the ACTIVE holds, changed only together with a hold's status, by a
// conditional UPDATE in one transaction, so concurrent holds cannot over-reserve and a hold is
// released exactly once (by its holder, by the sale that consumes it, or by expiry).
import { enqueueEvent, Prisma, type Database, type OutboxRelay } from '@retail/db';
import { badInput, notFound, STOCK_RESERVATION_CHANGED, Topics, type StockHoldRequestedEvent, type StockReservationChangedEvent } from '@retail/platform';
import { availableToPromise, type StockAfter } from './availableToPromise.ts';

export type ReservationRow = Prisma.StockReservationGetPayload<object>;
type Tx = Prisma.TransactionClient;

export const RESERVATION_LIMITS = { maxQuantity: 1000, maxTtlSeconds: 7 * 86_400, maxReferenceLength: 200 } as const;

export interface ReserveStockInput {
  reference: string;
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
type HoldFields = Pick<ReservationRow, 'id' | 'reference' | 'productId' | 'locationId' | 'quantity' | 'status'>;

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
    occurredAt: at.toISOString(),
  };
}

/** Gives back a closed hold's units; returns the stock after. */
async function unreserve(tx: Tx, r: ReservationRow): Promise<StockAfter> {
  const [stock] = await tx.$queryRaw<StockAfter[]>`
    UPDATE "StockLevel" SET "reserved" = GREATEST(0, "reserved" - ${r.quantity}), "updatedAt" = (now() AT TIME ZONE 'UTC')
    WHERE "productId" = ${r.productId} AND "locationId" = ${r.locationId}
    RETURNING "onHand", "reserved", "safetyStock"`;
  return stock ?? { onHand: 0, reserved: 0, safetyStock: 0 };
}

/** Closes the ACTIVE hold `reference` if it is still open; null when it is not (the caller goes on). */
async function close(tx: Tx, where: Prisma.StockReservationWhereInput, status: 'RELEASED' | 'CONSUMED' | 'EXPIRED', at: Date) {
  const [closed] = await tx.stockReservation.updateManyAndReturn({ where: { ...where, status: 'ACTIVE' }, data: { status, closedAt: at } });
  if (!closed) return null;
  return { reservation: closed, stock: await unreserve(tx, closed) };
}

/** Inside a SALE's transaction: the hold it fulfils is consumed (its units leave `reserved`). */
export async function consumeReservation(tx: Tx, reference: string, productId: string, locationId: string) {
  const done = await close(tx, { reference, productId, locationId }, 'CONSUMED', new Date());
  return done ? { reservation: done.reservation, reservedAfter: done.stock.reserved } : null;
}

export function validateReservation(input: ReserveStockInput): void {
  const { reference, quantity, ttlSeconds } = input;
  if (typeof reference !== 'string' || !reference.trim() || reference.length > RESERVATION_LIMITS.maxReferenceLength) {
    throw badInput(`reference must be 1 to ${RESERVATION_LIMITS.maxReferenceLength} characters`, 'reference');
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
    const result = await this.db.prisma.$transaction(async (tx) => {
      const { productId, locationId, quantity } = input;
      const [stock] = await tx.$queryRaw<StockAfter[]>`
        UPDATE "StockLevel" SET "reserved" = "reserved" + ${quantity}, "updatedAt" = (now() AT TIME ZONE 'UTC')
        WHERE "productId" = ${productId} AND "locationId" = ${locationId} AND "onHand" - "reserved" - "safetyStock" >= ${quantity}
        RETURNING "onHand", "reserved", "safetyStock"`;
      if (!stock) {
        const row = await tx.stockLevel.findUnique({ where: { productId_locationId: { productId, locationId } } });
        if (!row) throw notFound('StockLevel', `${productId}@${locationId}`);
        const available = availableToPromise(row);
        throw badInput(`Cannot hold ${quantity} of product ${JSON.stringify(productId)} at location ${JSON.stringify(locationId)}: only ${available} available to promise`, 'quantity', { available });
      }
      const [reservation] = await tx.stockReservation.createManyAndReturn({
        data: { reference: input.reference, productId, locationId, quantity, expiresAt: new Date(at.getTime() + input.ttlSeconds * 1000), createdAt: at },
        skipDuplicates: true,
      });
      if (!reservation) throw new RolledBack(); // a concurrent call holds this reference: roll ours back
      await enqueueEvent(tx, Topics.stock, STOCK_RESERVATION_CHANGED, reservationChangedPayload(reservation, stock, at) as never);
      return reservation;
    }).catch((error) => (error instanceof RolledBack ? null : Promise.reject(error)));
    if (!result) {
      const first = await this.db.prisma.stockReservation.findUniqueOrThrow({ where: { reference: input.reference } });
      return { reservation: first, replayed: true };
    }
    this.outbox.wake();
    return { reservation: result, replayed: false };
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

  /** Expires the holds whose time is up (a batch at a time); returns how many it expired. */
  async expireDue(batch = 200): Promise<number> {
    const at = this.now();
    let expired = 0;
    for (;;) {
      const due = await this.db.prisma.stockReservation.findMany({ where: { status: 'ACTIVE', expiresAt: { lte: at } }, orderBy: { expiresAt: 'asc' }, take: batch, select: { id: true } });
      for (const { id } of due) if (await this.closeOne({ id }, 'EXPIRED')) expired++;
      if (due.length < batch) return expired;
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
   * A hold request from the bus (a served offer). Not enough stock, or none kept there, is an
   * answer, not a failure: it is announced as REFUSED so the requester stops counting on it.
   */
  async handleHoldRequest(e: StockHoldRequestedEvent): Promise<void> {
    try {
      await this.reserve(e);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code;
      if (code !== 'BAD_USER_INPUT' && code !== 'NOT_FOUND') throw error;
      const row = await this.db.prisma.stockLevel.findUnique({ where: { productId_locationId: { productId: e.productId, locationId: e.locationId } } });
      const stock = row ?? { onHand: 0, reserved: 0, safetyStock: 0 };
      const refused: HoldFields = { id: '', reference: e.reference, productId: e.productId, locationId: e.locationId, quantity: e.quantity, status: 'REFUSED' };
      const payload = reservationChangedPayload(refused, stock, this.now());
      await this.db.prisma.$transaction((tx) => enqueueEvent(tx, Topics.stock, STOCK_RESERVATION_CHANGED, payload as never));
      this.outbox.wake();
    }
  }
}

class RolledBack extends Error {}
