// The payloads of the events that cross subgraph boundaries, in one place: publishers and
// consumers import the contract from here, never from each other (subgraphs link by id only).
// Enum-like fields are plain strings so the contract does not depend on the database client.

/** Topics.interactions, type INTERACTION_RECORDED: one shopper interaction, as committed. */
export const INTERACTION_RECORDED = 'interaction.recorded';

export interface InteractionRecordedPayload {
  id: string;
  idempotencyKey: string | null;
  customerId: string;
  /** InteractionType: VIEW, SEARCH, ADD_TO_CART, REMOVE_FROM_CART, CHECKOUT_START, PURCHASE, … */
  type: string;
  channel: string;
  device: string;
  sessionId: string | null;
  productId: string | null;
  query: string | null;
  locationId: string | null;
  latitude: number | null;
  longitude: number | null;
  value: number | null;
  rating: number | null;
  /** ISO-8601. */
  occurredAt: string;
}

/**
 * The version of one stock row (product × location) after a change: inventory bumps it with every
 * change to the row (on hand, reserved, safety stock) in the statement that makes it. Events can
 * arrive out of order (several outbox relays publish side by side), so a consumer keeping a copy
 * of the row applies an event, or a stockLevels row, only when its version is newer than the one
 * it holds.
 */
export type StockVersion = number;

/** Topics.stock, type STOCK_ADJUSTED: one stock change at one location, with the stock after it. */
export const STOCK_ADJUSTED = 'stock.adjusted';

export interface StockAdjustedEvent {
  adjustmentId: string;
  eventId: string | null;
  productId: string;
  locationId: string;
  delta: number;
  /** StockChangeReason: SALE, RETURN, RECEIPT, TRANSFER_IN, TRANSFER_OUT, DAMAGE, COUNT_CORRECTION. */
  reason: string;
  onHandBefore: number;
  onHandAfter: number;
  /** The location's stock right after the change. */
  reserved: number;
  safetyStock: number;
  available: number;
  /** The row's version after the change. */
  version: StockVersion;
  actor: string | null;
  occurredAt: string;
  /** Demand forecast at the location when the change was published (absent before forecasts exist). */
  forecast?: StockForecastSummary;
}

/** What the offers engine needs from a demand forecast, per product and location. */
export interface StockForecastSummary {
  /** Mean forecast units per day over the next 7 days. */
  dailyDemand: number;
  /** Days until the forecast demand uses up what is available to promise; null when no demand is expected. */
  daysOfCover: number | null;
  /** P(demand over the next `leadTimeDays` exceeds what is available to promise). */
  stockoutRisk: number;
  leadTimeDays: number;
}

/**
 * Topics.stock, type STOCK_RESERVATION_CHANGED: a soft hold on stock was placed, released,
 * consumed by a sale or expired; with the location's stock after it.
 */
export const STOCK_RESERVATION_CHANGED = 'stock.reservation.changed';

export interface StockReservationChangedEvent {
  reservationId: string;
  reference: string;
  productId: string;
  locationId: string;
  quantity: number;
  /** ACTIVE (placed), RELEASED, CONSUMED, EXPIRED; REFUSED when a hold request found too little stock (nothing changed). */
  status: string;
  onHand: number;
  reserved: number;
  safetyStock: number;
  available: number;
  /** The row's version after the change (for REFUSED: as it was read; 0 when the row does not exist). */
  version: StockVersion;
  occurredAt: string;
}

/**
 * Topics.stock, type STOCK_SAFETY_CHANGED: the units kept back at a location changed (setSafetyStock),
 * and with them what can be promised there.
 */
export const STOCK_SAFETY_CHANGED = 'stock.safety.changed';

export interface StockSafetyChangedEvent {
  productId: string;
  locationId: string;
  safetyStockBefore: number;
  safetyStock: number;
  onHand: number;
  reserved: number;
  available: number;
  /** The row's version after the change. */
  version: StockVersion;
  actor: string | null;
  occurredAt: string;
  forecast?: StockForecastSummary;
}

/** One hold of a STOCK_HOLDS_REQUESTED event. */
export interface StockHoldRequestedEvent {
  /** Idempotency key of the hold, e.g. "offer:<decisionId>:<offerId>". */
  reference: string;
  /**
   * Who the units are for, e.g. "shopper:<customerId>": inventory keeps at most one ACTIVE hold per
   * holder and product (a second request is answered by the one there is). Absent: no such limit.
   */
  holder?: string | null;
  productId: string;
  locationId: string;
  quantity: number;
  ttlSeconds: number;
}

/**
 * Topics.stockHolds, type STOCK_HOLDS_REQUESTED: holds placed by inventory in one transaction in the
 * order given (the offers engine sends one when a shopper adds a short-stock offer to the cart).
 */
export const STOCK_HOLDS_REQUESTED = 'stock.holds.requested';

export interface StockHoldsRequestedEvent {
  holds: StockHoldRequestedEvent[];
}

/** Topics.stockHolds, type STOCK_HOLD_RELEASE_REQUESTED: the holder no longer needs the hold (outcome known). */
export const STOCK_HOLD_RELEASE_REQUESTED = 'stock.hold.release.requested';

export interface StockHoldReleaseRequestedEvent {
  reference: string;
  /**
   * Where the hold would be: a release can overtake its hold request (they may leave on different
   * outbox relays), and with these inventory records it, so the late request places nothing.
   * Absent from older producers.
   */
  productId?: string;
  locationId?: string;
}

/**
 * Topics.stockFeed, type STOCK_FEED_BATCH: stock changes from point-of-sale and warehouse systems,
 * applied by inventory in stream order (one consumer at a time), idempotent by eventId.
 */
export const STOCK_FEED_BATCH = 'stock.feed.batch';

export interface StockFeedEvent {
  eventId: string;
  productId: string;
  locationId: string;
  /** Signed change of on-hand units. */
  delta: number;
  /** SALE, RETURN, RECEIPT, TRANSFER_IN, TRANSFER_OUT, DAMAGE or COUNT_CORRECTION. */
  reason: string;
  /** ISO-8601 time of the change at the source; defaults to when inventory applies it. */
  occurredAt?: string | null;
  /** A SALE that fulfils a held offer: the hold's reference, consumed by the sale. */
  reservationReference?: string | null;
}

export interface StockFeedBatch {
  events: StockFeedEvent[];
}

/** Topics.outcomes, type OFFER_OUTCOME_RECORDED: what a shopper did with an offer of a decision. */
export const OFFER_OUTCOME_RECORDED = 'offer.outcome.recorded';

export interface OfferOutcomeRecordedEvent {
  outcomeId: string;
  decisionId: string;
  offerId: string;
  /** IMPRESSION, CLICK, ADD_TO_CART, PURCHASE or DISMISS. */
  outcome: string;
  value: number | null;
  /** This outcome's value in money. */
  reward: number;
  occurredAt: string;
}

/**
 * Topics.modelUpdates, type REWARDS_LOGGED: the offers model's learning log (final rewards) grew
 * up to `throughSeq`. Every offers replica reads on from its own position, in seq order.
 */
export const REWARDS_LOGGED = 'rewards.logged';

export interface RewardsLoggedEvent {
  throughSeq: string;
  count: number;
  /** PURCHASE, DISMISS or WAIT_ENDED. */
  source: string;
}

/** Topics.modelUpdates, type POLICY_MODE_CHANGED: the offers kill switch was flipped. */
export const POLICY_MODE_CHANGED = 'policy.mode.changed';

export interface PolicyModeChangedEvent {
  changeId: string;
  /** learning, exploit or best-sellers */
  mode: string;
}
