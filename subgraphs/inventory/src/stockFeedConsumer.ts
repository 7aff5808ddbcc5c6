// Consumes the POS/WMS stock feed (Topics.stockFeed) so its events are applied in stream order:
// one replica at a time holds the feed's lease (a row in FeedLease, renewed well before it runs
// out) and only the holder subscribes. Another replica takes over once the lease lapses; the
// stream's consumer group hands it what the previous holder had not acknowledged (Redis claims
// those after its idle time), and eventIds make the redelivered ones no-ops.
import type { Database } from '@retail/db';
import { STOCK_FEED_BATCH, Topics, type EventBus, type Logger, type StockFeedBatch, type Unsubscribe } from '@retail/platform';
import type { StockChangeReason } from './inventoryService.ts';
import type { StockEventBatchResult, StockEventInput } from './stockEventBatch.ts';

export const STOCK_FEED_GROUP = 'inventory-stock-feed';
/** Batches the feed could not take whole (malformed) or events it rejected, for the source to reconcile. */
export const STOCK_FEED_REJECTED = 'stock.feed.rejected';

export interface StockFeedSettings {
  replicaId: string;
  leaseMs: number;
}

export class StockFeedConsumer {
  private unsubscribe: Unsubscribe | null = null;
  private timer: NodeJS.Timeout | null = null;
  private stopped = false;

  constructor(
    private readonly db: Database,
    private readonly bus: EventBus,
    private readonly apply: (events: StockEventInput[]) => Promise<StockEventBatchResult>,
    private readonly settings: StockFeedSettings,
    private readonly log?: Logger,
  ) {}

  get consuming(): boolean {
    return this.unsubscribe !== null;
  }

  async start(): Promise<void> {
    await this.tick();
    this.timer = setInterval(() => void this.tick().catch((error) => this.log?.warn('stock feed lease failed; will retry', { error: String(error) })), Math.max(50, this.settings.leaseMs / 3));
    this.timer.unref();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.unsubscribe?.();
    this.unsubscribe = null;
    // Hand the feed over at once rather than after the lease lapses.
    await this.db.prisma.feedLease.deleteMany({ where: { name: Topics.stockFeed, holder: this.settings.replicaId } }).catch(() => undefined);
  }

  /** Takes or renews the lease; subscribes when it holds it, lets go when it lost it. */
  private async tick(): Promise<void> {
    if (this.stopped) return;
    const held = await this.renewLease();
    if (held && !this.unsubscribe) {
      this.unsubscribe = await this.bus.subscribe<StockFeedBatch>(Topics.stockFeed, (e) => (e.type === STOCK_FEED_BATCH ? this.handle(e.payload) : undefined), {
        group: STOCK_FEED_GROUP,
        consumer: this.settings.replicaId,
        fromStart: true,
      });
      this.log?.info('consuming the stock feed', { replica: this.settings.replicaId });
    } else if (!held && this.unsubscribe) {
      await this.unsubscribe();
      this.unsubscribe = null;
      this.log?.warn('lost the stock feed lease', { replica: this.settings.replicaId });
    }
  }

  private async renewLease(): Promise<boolean> {
    const nowMs = Date.now();
    const rows = await this.db.prisma.$queryRaw<{ holder: string }[]>`
      INSERT INTO "FeedLease" ("name", "holder", "expiresAt")
      VALUES (${Topics.stockFeed}, ${this.settings.replicaId}, to_timestamp(${(nowMs + this.settings.leaseMs) / 1000}::float8) AT TIME ZONE 'UTC')
      ON CONFLICT ("name") DO UPDATE SET "holder" = EXCLUDED."holder", "expiresAt" = EXCLUDED."expiresAt"
      WHERE "FeedLease"."holder" = EXCLUDED."holder" OR "FeedLease"."expiresAt" < to_timestamp(${nowMs / 1000}::float8) AT TIME ZONE 'UTC'
      RETURNING "holder"`;
    return rows.length === 1;
  }

  private async handle(batch: StockFeedBatch): Promise<void> {
    const events: StockEventInput[] = (Array.isArray(batch?.events) ? batch.events : []).map((e) => ({
      eventId: e.eventId,
      productId: e.productId,
      locationId: e.locationId,
      delta: e.delta,
      reason: e.reason as StockChangeReason,
      occurredAt: e.occurredAt ? new Date(e.occurredAt) : null,
      reservationReference: e.reservationReference ?? null,
      actor: 'stock-feed',
    }));
    let result: StockEventBatchResult;
    try {
      result = await this.apply(events);
    } catch (error) {
      const code = (error as { extensions?: { code?: string } }).extensions?.code;
      if (code !== 'BAD_USER_INPUT') throw error; // infrastructure: not acknowledged, delivered again
      // A malformed batch will never apply: set it aside for the source, do not block the feed.
      await this.bus.publish(Topics.stockFeed, STOCK_FEED_REJECTED, { reason: (error as Error).message, batch });
      this.log?.warn('stock feed batch refused', { error: (error as Error).message });
      return;
    }
    const rejected = result.results.filter((r) => r.status === 'REJECTED');
    if (rejected.length) await this.bus.publish(Topics.stockFeed, STOCK_FEED_REJECTED, { reason: 'events rejected', rejected: rejected.map(({ eventId, code, message }) => ({ eventId, code, message })) });
  }
}
