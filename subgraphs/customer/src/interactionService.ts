// Interactions: the batched, most-recent-first history per customer, and recording new ones.
// Recording validates the whole input before touching the database, is idempotent by
// idempotencyKey (the unique index settles races between concurrent retries), and writes the
// interaction.recorded event in the same transaction (outbox), relayed to the bus after commit.
import { enqueueEvent, Prisma, type Channel, type Database, type Device, type InteractionType, type OutboxRelay } from '@retail/db';
import { badInput, conflict, INTERACTION_RECORDED, notFound, Topics, type InteractionRecordedPayload } from '@retail/platform';
import {
  connection,
  groupByOrdinal,
  pageKeyArrays,
  positionCursor,
  toNullableNumber,
  type Connection,
  type PageKey,
} from './customerService.ts';

/** An interaction as this service hands it around: the published payload with typed enums and a Date. */
export interface InteractionRecord extends Omit<InteractionRecordedPayload, 'type' | 'channel' | 'device' | 'occurredAt'> {
  type: InteractionType;
  channel: Channel;
  device: Device;
  occurredAt: Date;
}

export interface InteractionPageKey extends PageKey {
  /** Only these types; null for all. */
  types: InteractionType[] | null;
}

export interface RecordInteractionInput {
  customerId: string;
  type: InteractionType;
  channel: Channel;
  device: Device;
  sessionId?: string | null;
  productId?: string | null;
  query?: string | null;
  locationId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
  value?: number | null;
  rating?: number | null;
  occurredAt?: Date | null;
  idempotencyKey?: string | null;
}

export const INTERACTION_CURSOR = 'interaction';

export const LIMITS = {
  idLength: 200,
  sessionIdLength: 200,
  queryLength: 500,
  idempotencyKeyLength: 200,
  /** Interaction.value is DECIMAL(12,2). */
  maxValue: 9_999_999_999.99,
  futureToleranceMs: 5 * 60_000,
} as const;

const TYPES_NEEDING_PRODUCT: ReadonlySet<InteractionType> = new Set(['VIEW', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'PURCHASE', 'REVIEW']);

export const interactionCursor = (r: InteractionRecord) => positionCursor(INTERACTION_CURSOR, r.occurredAt, r.id);

function fromRow(r: {
  id: bigint;
  idempotencyKey: string | null;
  customerId: string;
  type: InteractionType;
  channel: Channel;
  device: Device;
  sessionId: string | null;
  productId: string | null;
  query: string | null;
  locationId: string | null;
  lat: number | null;
  lon: number | null;
  value: unknown;
  rating: number | null;
  occurredAt: Date;
}): InteractionRecord {
  return {
    id: String(r.id),
    idempotencyKey: r.idempotencyKey,
    customerId: r.customerId,
    type: r.type,
    channel: r.channel,
    device: r.device,
    sessionId: r.sessionId,
    productId: r.productId,
    query: r.query,
    locationId: r.locationId,
    latitude: r.lat,
    longitude: r.lon,
    value: toNullableNumber(r.value),
    rating: r.rating,
    occurredAt: r.occurredAt,
  };
}

type RawInteractionRow = Parameters<typeof fromRow>[0] & { ord: bigint };

/** Postgres (pg adapter: P-codes) or PGlite (SQLSTATE) unique / foreign-key violations. */
const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && (e.code === 'P2002' || e.code === '23505');
const isForeignKeyViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && (e.code === 'P2003' || e.code === '23503');

/** Trimmed optional text: null when absent, refused when blank or too long. */
function optionalText(value: string | null | undefined, field: string, maxLength: number): string | null {
  if (value === null || value === undefined) return null;
  const text = value.trim();
  if (!text) throw badInput(`${field} must not be blank when given`, field);
  if (text.length > maxLength) throw badInput(`${field} must be at most ${maxLength} characters, got ${text.length}`, field);
  return text;
}

function requiredText(value: string | null | undefined, field: string, maxLength: number, why: string): string {
  const text = optionalText(value, field, maxLength);
  if (text === null) throw badInput(`${field} is required ${why}`, field);
  return text;
}

/** Checks every field; returns the row to store or throws BAD_USER_INPUT naming the field. */
export function validateInteraction(input: RecordInteractionInput, now = new Date()): Prisma.InteractionUncheckedCreateInput {
  const customerId = requiredText(input.customerId, 'input.customerId', LIMITS.idLength, 'to record an interaction');
  const needsProduct = TYPES_NEEDING_PRODUCT.has(input.type);
  const productId = needsProduct
    ? requiredText(input.productId, 'input.productId', LIMITS.idLength, `for a ${input.type} interaction`)
    : optionalText(input.productId, 'input.productId', LIMITS.idLength);
  const query =
    input.type === 'SEARCH'
      ? requiredText(input.query, 'input.query', LIMITS.queryLength, 'for a SEARCH interaction')
      : optionalText(input.query, 'input.query', LIMITS.queryLength);
  const sessionId = optionalText(input.sessionId, 'input.sessionId', LIMITS.sessionIdLength);
  const locationId = optionalText(input.locationId, 'input.locationId', LIMITS.idLength);

  let idempotencyKey: string | null = null;
  if (input.idempotencyKey !== null && input.idempotencyKey !== undefined) {
    // Keys are opaque: stored exactly as sent, only refused when blank or too long.
    if (!input.idempotencyKey.trim()) throw badInput('input.idempotencyKey must not be blank when given', 'input.idempotencyKey');
    if (input.idempotencyKey.length > LIMITS.idempotencyKeyLength) {
      throw badInput(`input.idempotencyKey must be at most ${LIMITS.idempotencyKeyLength} characters, got ${input.idempotencyKey.length}`, 'input.idempotencyKey');
    }
    idempotencyKey = input.idempotencyKey;
  }

  const rating = input.rating ?? null;
  if (input.type === 'REVIEW' && rating === null) throw badInput('input.rating is required for a REVIEW interaction', 'input.rating');
  if (rating !== null) {
    if (input.type !== 'REVIEW') throw badInput(`input.rating is only accepted for a REVIEW interaction, not ${input.type}`, 'input.rating');
    if (!Number.isInteger(rating) || rating < 1 || rating > 5) throw badInput(`input.rating must be an integer from 1 to 5, got ${rating}`, 'input.rating');
  }

  const value = input.value ?? null;
  if (value !== null) {
    if (!Number.isFinite(value)) throw badInput('input.value must be a finite number', 'input.value');
    if (value < 0) throw badInput(`input.value must be at least 0, got ${value}`, 'input.value');
    if (value > LIMITS.maxValue) throw badInput(`input.value must be at most ${LIMITS.maxValue}, got ${value}`, 'input.value');
  }

  const latitude = input.latitude ?? null;
  const longitude = input.longitude ?? null;
  if ((latitude === null) !== (longitude === null)) {
    const missing = latitude === null ? 'input.latitude' : 'input.longitude';
    throw badInput('input.latitude and input.longitude must be given together', missing);
  }
  if (latitude !== null && !(Number.isFinite(latitude) && latitude >= -90 && latitude <= 90)) {
    throw badInput(`input.latitude must be from -90 to 90, got ${latitude}`, 'input.latitude');
  }
  if (longitude !== null && !(Number.isFinite(longitude) && longitude >= -180 && longitude <= 180)) {
    throw badInput(`input.longitude must be from -180 to 180, got ${longitude}`, 'input.longitude');
  }

  const occurredAt = input.occurredAt ?? now;
  if (!(occurredAt instanceof Date) || Number.isNaN(occurredAt.getTime())) throw badInput('input.occurredAt is not a valid date-time', 'input.occurredAt');
  if (occurredAt.getTime() > now.getTime() + LIMITS.futureToleranceMs) {
    throw badInput(`input.occurredAt must not be more than 5 minutes in the future, got ${occurredAt.toISOString()}`, 'input.occurredAt');
  }

  return {
    idempotencyKey,
    customerId,
    type: input.type,
    channel: input.channel,
    device: input.device,
    sessionId,
    productId,
    query,
    locationId,
    lat: latitude,
    lon: longitude,
    value,
    rating,
    occurredAt,
  };
}

export class InteractionService {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxWaker,
  ) {}

  /** One page of interactions per key, most recent first, in one query per distinct type filter. */
  async interactionPages(keys: readonly InteractionPageKey[]): Promise<Connection<InteractionRecord>[]> {
    const result: Connection<InteractionRecord>[] = new Array(keys.length);
    const byFilter = new Map<string, number[]>();
    for (const [i, k] of keys.entries()) {
      const filter = k.types ? [...new Set(k.types)].sort().join(',') : '*';
      byFilter.set(filter, [...(byFilter.get(filter) ?? []), i]);
    }
    for (const indexes of byFilter.values()) {
      const group = indexes.map((i) => keys[i]!);
      const pages = await this.pageGroup(group, group[0]!.types);
      indexes.forEach((keyIndex, j) => (result[keyIndex] = pages[j]!));
    }
    return result;
  }

  private async pageGroup(keys: readonly PageKey[], types: InteractionType[] | null): Promise<Connection<InteractionRecord>[]> {
    // Interaction ids are positive, so (t, 0) sits after every row at time t: with 'infinity' it never filters.
    const { ids, ats, afterIds, limits } = pageKeyArrays(keys, '0');
    const typeFilter = types ? Prisma.sql`AND i."type" = ANY(${[...new Set(types)]}::"InteractionType"[])` : Prisma.empty;
    const rows = await this.db.prisma.$queryRaw<RawInteractionRow[]>(Prisma.sql`
      SELECT k.ord, i."id", i."idempotencyKey", i."customerId", i."type"::text AS "type", i."channel"::text AS "channel", i."device"::text AS "device",
             i."sessionId", i."productId", i."query", i."locationId", i."lat", i."lon", i."value", i."rating", i."occurredAt"
      FROM unnest(${ids}::text[], ${ats}::text[], ${afterIds}::text[], ${limits}::int[]) WITH ORDINALITY AS k(cid, at, aid, lim, ord)
      CROSS JOIN LATERAL (
        SELECT * FROM "Interaction" i
        WHERE i."customerId" = k.cid AND (i."occurredAt", i."id") < (k.at::timestamp(3), k.aid::bigint) ${typeFilter}
        ORDER BY i."occurredAt" DESC, i."id" DESC
        LIMIT k.lim
      ) i
      ORDER BY k.ord, i."occurredAt" DESC, i."id" DESC`);
    return groupByOrdinal(keys.length, rows).map((group, i) => connection(group.map(fromRow), keys[i]!.first, interactionCursor));
  }

  async record(input: RecordInteractionInput, now = new Date()): Promise<InteractionRecord> {
    const data = validateInteraction(input, now);
    if (data.idempotencyKey) {
      const existing = await this.byIdempotencyKey(data.idempotencyKey, data.customerId);
      if (existing) return existing;
    }
    const customer = await this.db.prisma.customer.findUnique({ where: { id: data.customerId }, select: { id: true } });
    if (!customer) throw notFound('Customer', data.customerId);

    let stored: InteractionRecord;
    try {
      // The row and its event commit together (transactional outbox): the event cannot be lost.
      stored = await this.db.prisma.$transaction(async (tx) => {
        const record = fromRow(await tx.interaction.create({ data }));
        const payload: InteractionRecordedPayload = { ...record, occurredAt: record.occurredAt.toISOString() };
        await enqueueEvent(tx, Topics.interactions, INTERACTION_RECORDED, payload as never);
        return record;
      });
    } catch (error) {
      // A concurrent request with the same key won the insert: answer with its record.
      if (data.idempotencyKey && isUniqueViolation(error)) {
        const existing = await this.byIdempotencyKey(data.idempotencyKey, data.customerId);
        if (existing) return existing;
      }
      if (isForeignKeyViolation(error)) throw notFound('Customer', data.customerId); // deleted since the check
      throw error;
    }
    this.outbox.wake();
    return stored;
  }

  private async byIdempotencyKey(key: string, customerId: string): Promise<InteractionRecord | null> {
    const row = await this.db.prisma.interaction.findUnique({ where: { idempotencyKey: key } });
    if (!row) return null;
    // Never hand one customer's interaction to a request about another.
    if (row.customerId !== customerId) throw conflict('input.idempotencyKey was already used for an interaction of another customer');
    return fromRow(row);
  }
}

/** The outbox relay, woken after a commit so the event goes out without waiting for its poll. */
export type OutboxWaker = Pick<OutboxRelay, 'wake'>;
