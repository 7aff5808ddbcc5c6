// Transactional outbox. A service writes its change and the event reporting it in one database
// transaction (enqueueEvent), and the relay publishes committed events to the bus in id order,
// marking each once the bus accepted it. A crash between commit and publish delays an event; it
// cannot lose it. Several relays (replicas) share the table safely: rows are claimed with
// FOR UPDATE SKIP LOCKED, so each is published by one of them.
import type { Database, SqlRunner } from './database.ts';
import type { Prisma } from '../generated/client.ts';

export interface EventPublisher {
  /** In order, in one round trip where it can; how many from the first were accepted (see EventBus). */
  publishMany(events: readonly { topic: string; type: string; payload: unknown }[]): Promise<{ published: number; error?: unknown }>;
}

type Tx = Pick<Prisma.TransactionClient, 'outboxEvent'>;

export async function enqueueEvent(tx: Tx, topic: string, type: string, payload: Prisma.InputJsonValue): Promise<void> {
  await tx.outboxEvent.create({ data: { topic, type, payload } });
}

/** enqueueEvent for transactions on the raw SQL runner (db.sql.transaction): many events of one type in one statement. */
export async function enqueueEventsSql(tx: Pick<SqlRunner, 'query'>, topic: string, type: string, payloads: readonly unknown[]): Promise<void> {
  if (payloads.length === 0) return;
  await tx.query(`INSERT INTO "OutboxEvent" (topic, type, payload) SELECT $1, $2, x FROM jsonb_array_elements($3::jsonb) AS x`, [topic, type, JSON.stringify(payloads)]);
}

export interface OutboxRelay {
  /** Publish what is pending now (called after a write so events go out without waiting for the poll). */
  wake(): void;
  /** Resolves once everything committed before the call has been published. */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export interface OutboxRelayOptions {
  pollMs?: number;
  batchSize?: number;
  onError?: (error: unknown) => void;
}

export function startOutboxRelay(db: Database, bus: EventPublisher, options: OutboxRelayOptions = {}): OutboxRelay {
  const pollMs = options.pollMs ?? 250;
  const batchSize = options.batchSize ?? 200;
  let running = true;
  let wakeUp: (() => void) | undefined;
  let pending = false;
  let idle: Promise<void> = Promise.resolve();

  // Returns how many rows it published; a publish failure ends the batch (order is kept) but the
  // rows published before it are still marked, in the same transaction, so none goes out twice.
  // (With a pipelined batch, rows after a failed one may have gone out too: they go again, as after
  // a crash between publish and mark; consumers are idempotent by event.)
  const publishBatch = async (): Promise<number> => {
    let failure: unknown;
    // The raw SQL path, not Prisma: the relay's polling is not a request's database round-trip.
    const published = await db.sql.transaction(async (tx) => {
      const rows = await tx.query<{ id: string; topic: string; type: string; payload: unknown }>(
        `SELECT id::text AS id, topic, type, payload FROM "OutboxEvent"
         WHERE "publishedAt" IS NULL ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [batchSize],
      );
      // One call for the batch (a Redis pipeline): the transaction is not held open per event.
      const result = rows.length ? await bus.publishMany(rows) : { published: 0 };
      if (result.error !== undefined) failure = result.error;
      const accepted = result.published;
      const done = rows.slice(0, accepted).map((row) => row.id);
      if (done.length) await tx.query('UPDATE "OutboxEvent" SET "publishedAt" = now() WHERE id = ANY($1::bigint[])', [done]);
      return done.length;
    });
    if (failure !== undefined) throw failure;
    return published;
  };

  const loop = (async () => {
    while (running) {
      let published = 0;
      try {
        pending = false;
        published = await publishBatch();
      } catch (error) {
        options.onError?.(error);
      }
      if (published > 0 || pending) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, pollMs);
        wakeUp = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wakeUp = undefined;
    }
  })();
  idle = loop;

  return {
    wake() {
      pending = true;
      wakeUp?.();
    },
    async drain() {
      for (let i = 0; i < 1000; i++) {
        const [row] = await db.sql.query<{ n: number }>('SELECT count(*)::int AS n FROM "OutboxEvent" WHERE "publishedAt" IS NULL');
        if (!row || row.n === 0) return;
        pending = true;
        wakeUp?.();
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error('outbox did not drain');
    },
    async stop() {
      running = false;
      wakeUp?.();
      await idle;
    },
  };
}
