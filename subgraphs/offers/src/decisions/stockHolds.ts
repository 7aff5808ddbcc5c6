// When the offers engine holds stock for a shopper: the one place for that policy. Serving an
// offer holds nothing, so browsing (or one request with many aliases of personalizedOffers) cannot
// take stock away from everyone else. An offer served where no more than `belowUnits` were
// available records where it would be fulfilled (DecisionItem.holdLocationId); when the shopper
// adds it to the cart (an ADD_TO_CART outcome), inventory is asked to hold one unit there for
// `ttlSeconds`, for the shopper as holder: inventory keeps at most one ACTIVE hold per holder and
// product, so a second add-to-cart of the product holds nothing more. A purchase or a dismissal of
// an offer of the product releases what the shopper's add-to-carts of it held; otherwise the hold
// expires. The requests are written in the outcome's transaction (transactional outbox).
import { enqueueEvent, type Prisma } from '@retail/db';
import type { OutcomeKind } from '@retail/engine';
import { STOCK_HOLD_RELEASE_REQUESTED, STOCK_HOLDS_REQUESTED, Topics, type StockHoldReleaseRequestedEvent, type StockHoldsRequestedEvent } from '@retail/platform';
import type { CandidateCatalog } from '../readModel/candidateCatalog.ts';

export interface StockHoldSettings {
  /** An offer served where no more than this many units are available to promise holds one when added to the cart. */
  belowUnits: number;
  /** How long a cart hold lasts unless a purchase or a dismissal releases it first. */
  ttlSeconds: number;
}

export const DEFAULT_STOCK_HOLD: Readonly<StockHoldSettings> = Object.freeze({ belowUnits: 20, ttlSeconds: 900 });

/** The idempotency key of the hold an offer's add-to-cart asks for. */
export const stockHoldReference = (decisionId: string, offerId: string) => `offer:${decisionId}:${offerId}`;

/** The holder inventory limits to one ACTIVE hold per product. */
const shopperHolder = (customerId: string) => `shopper:${customerId}`;

/** Where an offer's add-to-cart would hold a unit: where it is fulfilled, when stock there is short; else null. */
export function holdLocationFor(productId: string, available: number, contextLocationId: string | null, catalog: CandidateCatalog, settings: StockHoldSettings): string | null {
  if (available > settings.belowUnits) return null;
  const store = contextLocationId && catalog.locations.get(contextLocationId)?.type === 'STORE' ? contextLocationId : null;
  return store ?? catalog.shipsFrom(productId);
}

type Tx = Pick<Prisma.TransactionClient, 'outboxEvent' | '$queryRaw'>;

/** The served offer an outcome is about. */
interface OutcomeItem {
  /** The shopper the decision was for. */
  customerId: string;
  decisionId: string;
  offerId: string;
  productId: string;
  holdLocationId: string | null;
}

/**
 * Inside recordOfferOutcome's transaction: an ADD_TO_CART of an offer served on short stock asks
 * for its hold; a PURCHASE or a DISMISS asks to release the holds the shopper's add-to-carts of the
 * same product asked for within a hold's lifetime (releasing one never placed or already closed
 * changes nothing). Other outcomes touch no stock.
 */
export async function enqueueStockHoldChanges(tx: Tx, item: OutcomeItem, outcome: OutcomeKind, now: Date, settings: StockHoldSettings): Promise<void> {
  if (outcome === 'ADD_TO_CART') {
    if (!item.holdLocationId) return;
    const request: StockHoldsRequestedEvent = {
      holds: [{ reference: stockHoldReference(item.decisionId, item.offerId), holder: shopperHolder(item.customerId), productId: item.productId, locationId: item.holdLocationId, quantity: 1, ttlSeconds: settings.ttlSeconds }],
    };
    await enqueueEvent(tx, Topics.stockHolds, STOCK_HOLDS_REQUESTED, request as never);
    return;
  }
  if (outcome !== 'PURCHASE' && outcome !== 'DISMISS') return;
  const since = new Date(now.getTime() - settings.ttlSeconds * 1000);
  const carted = await tx.$queryRaw<{ decisionId: string; offerId: string; holdLocationId: string }[]>`
    SELECT DISTINCT o."decisionId", o."offerId", i."holdLocationId"
    FROM "Outcome" o
    JOIN "Decision" d ON d.id = o."decisionId"
    JOIN "DecisionItem" i ON i."decisionId" = o."decisionId" AND i."offerId" = o."offerId"
    WHERE d."customerId" = ${item.customerId}
      AND o.type = 'ADD_TO_CART' AND o."occurredAt" > (${since.toISOString()}::timestamptz AT TIME ZONE 'UTC')
      AND i."productId" = ${item.productId} AND i."holdLocationId" IS NOT NULL
    ORDER BY 1, 2`;
  for (const c of carted) {
    const release: StockHoldReleaseRequestedEvent = { reference: stockHoldReference(c.decisionId, c.offerId), productId: item.productId, locationId: c.holdLocationId };
    await enqueueEvent(tx, Topics.stockHolds, STOCK_HOLD_RELEASE_REQUESTED, release as never);
  }
}
