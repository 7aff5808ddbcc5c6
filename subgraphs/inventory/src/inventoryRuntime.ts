// What runs beside inventory's GraphQL server: demand forecasts kept live from stock events, hold
// requests from the offers engine turned into reservations, the expiry sweep of holds, and the
// POS/WMS feed consumer. Without a bus only the sweep runs (forecasts then start from DailySales
// and do not follow live sales).
import type { Database, OutboxRelay } from '@retail/db';
import {
  STOCK_ADJUSTED,
  STOCK_HOLD_RELEASE_REQUESTED,
  STOCK_HOLDS_REQUESTED,
  Topics,
  type EventBus,
  type Logger,
  type StockAdjustedEvent,
  type StockHoldReleaseRequestedEvent,
  type StockHoldsRequestedEvent,
  type Unsubscribe,
} from '@retail/platform';
import type { DemandForecasts } from './demandForecasts.ts';
import type { StockReservations } from './stockReservations.ts';
import type { StockFeedConsumer } from './stockFeedConsumer.ts';

export interface InventoryRuntimeSettings {
  /** How often expired holds are released. */
  expireEveryMs: number;
}

export const DEFAULT_INVENTORY_RUNTIME: InventoryRuntimeSettings = Object.freeze({ expireEveryMs: 1000 });

export class InventoryRuntime {
  private readonly subscriptions: Unsubscribe[] = [];
  private timer: NodeJS.Timeout | null = null;
  /** The expiry sweep under way, if any: stop() lets it finish before the database closes. */
  private sweeping: Promise<void> | null = null;

  constructor(
    private readonly parts: {
      db: Database;
      bus: EventBus | null;
      outbox: Pick<OutboxRelay, 'wake'>;
      forecasts: DemandForecasts;
      reservations: StockReservations;
      feed: StockFeedConsumer | null;
      /** This replica's consumer name on the hold-request queue (stable across restarts). */
      replicaId: string;
      settings: InventoryRuntimeSettings;
      log?: Logger;
    },
  ) {}

  async start(): Promise<void> {
    const { bus, forecasts, reservations, feed, replicaId, settings, log } = this.parts;
    const loaded = await forecasts.load();
    log?.info('demand forecasts loaded', loaded);
    if (bus) {
      this.subscriptions.push(
        // Every replica: its forecasts follow every sale, wherever it was applied.
        await bus.subscribe<StockAdjustedEvent>(Topics.stock, (e) => {
          if (e.type !== STOCK_ADJUSTED || (e.payload.reason !== 'SALE' && e.payload.reason !== 'RETURN')) return;
          forecasts.recordSale(e.payload.adjustmentId, e.payload.productId, e.payload.locationId, -e.payload.delta, new Date(e.payload.occurredAt));
        }),
        // One replica per request (a work queue): holds are placed or released once.
        await bus.subscribe<StockHoldsRequestedEvent | StockHoldReleaseRequestedEvent>(
          Topics.stockHolds,
          async (e) => {
            if (e.type === STOCK_HOLDS_REQUESTED) await reservations.placeHolds((e.payload as StockHoldsRequestedEvent).holds ?? []);
            else if (e.type === STOCK_HOLD_RELEASE_REQUESTED) await reservations.releaseRequested(e.payload as StockHoldReleaseRequestedEvent);
          },
          { group: 'inventory-holds', consumer: replicaId, fromStart: true },
        ),
      );
    }
    await feed?.start();
    this.timer = setInterval(() => {
      if (this.sweeping) return;
      this.sweeping = reservations
        .expireDue()
        .then(() => undefined, (error) => log?.warn('expiring holds failed; will retry', { error: String(error) }))
        .finally(() => (this.sweeping = null));
    }, settings.expireEveryMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.parts.feed?.stop();
    await Promise.allSettled(this.subscriptions.map((u) => u()));
    await this.sweeping;
  }
}
