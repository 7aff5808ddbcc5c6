// personalizedOffers: one decision for one shopper. Assembles the context (shopper, place, time,
// intent), generates candidate offers from the read model and this subgraph's promotions, lets the
// policy rank them under the hard constraints, and logs the decision — context, candidates and
// removals, the slate with propensities and the feature vectors the model scored — before answering.
import { randomUUID } from 'node:crypto';
import type { Channel, Database } from '@retail/db';
import type { ContextFeatures, OfferPolicy, RankedOffer, RankRequest, RankResult } from '@retail/engine';
import { badInput } from '@retail/platform';
import type { CandidateCatalog } from '../readModel/candidateCatalog.ts';
import type { PromotionRow } from '../rules.ts';
import { candidateOffers } from './candidateOffers.ts';
import { readPromotionsNow, reservationsOf, withPromotionsNow } from './promotionsNow.ts';
import { explainOffer, type OfferRationale } from './rationale.ts';
import { haversineKm, shopperProfile, type ShopperRepresentation } from './shopperProfile.ts';
import { DEFAULT_STOCK_HOLD, holdLocationFor, type StockHoldSettings } from './stockHolds.ts';
import type { DecisionSignals, IntentReading } from './decisionSignals.ts';

export const DEVICES = ['DESKTOP', 'MOBILE', 'TABLET', 'IN_STORE', 'PHONE', 'OTHER'] as const;
export const MAX_LIMIT = 20;

/** Money as shoppers see it: 105.99 − 8.48 is 97.51, not 97.50999999999999. */
const toCents = (amount: number) => Math.round(amount * 100) / 100;

export interface OfferContextInput {
  channel: Channel;
  device: (typeof DEVICES)[number];
  locationId?: string | null;
  sessionId?: string | null;
  latitude?: number | null;
  longitude?: number | null;
}

export interface DecisionSettings {
  /** Products the retrieval stage hands to the ranking per request. */
  maxProducts: number;
  /** Frequency caps count the offers served to the shopper in this window. */
  frequencyCapWindowMs: number;
  /**
   * How long the promotions read for candidate generation are reused. Staleness cannot leak an
   * unapproved or ended promotion or overspend a budget: the policy ranks inside the decision's
   * transaction on every candidate promotion's state as it is there.
   */
  promotionCacheMs: number;
  /**
   * Serving holds no stock. An offer served where no more than `belowUnits` are available to
   * promise holds one unit when the shopper adds it to the cart, for `ttlSeconds` unless a purchase
   * or a dismissal releases it first (decisions/stockHolds.ts).
   */
  stockHold: StockHoldSettings;
}

export const DEFAULT_DECISION_SETTINGS: DecisionSettings = { maxProducts: 150, frequencyCapWindowMs: 86_400_000, promotionCacheMs: 1000, stockHold: DEFAULT_STOCK_HOLD };

export interface ServedOffer {
  offerId: string;
  position: number;
  productId: string;
  promotionId: string | null;
  price: number;
  discount: number;
  priceAfterDiscount: number;
  margin: number;
  expectedReward: number;
  purchaseProbability: number | null;
  score: number;
  propensity: number;
  explored: boolean;
  rationale: OfferRationale;
}

export interface DecisionResult {
  decisionId: string;
  offers: ServedOffer[];
  mode: 'LEARNING' | 'EXPLOIT' | 'BEST_SELLERS';
  modelVersion: string;
  intent: IntentReading;
  candidateCount: number;
  eligibleCount: number;
  removed: { reason: string; count: number; offerIds: string[] }[];
}

const hourFormats = new Map<string, Intl.DateTimeFormat>();
/** Local hour and weekday in a time zone (UTC when none is known). */
export function localTime(at: Date, timeZone: string | null): { hour: number; weekday: number } {
  const tz = timeZone ?? 'UTC';
  let format = hourFormats.get(tz);
  if (!format) hourFormats.set(tz, (format = new Intl.DateTimeFormat('en-US', { timeZone: tz, hour: 'numeric', hourCycle: 'h23', weekday: 'short' })));
  const parts = format.formatToParts(at);
  const hour = Number(parts.find((p) => p.type === 'hour')?.value ?? at.getUTCHours()) % 24;
  const weekday = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(parts.find((p) => p.type === 'weekday')?.value ?? '');
  return { hour, weekday: weekday < 0 ? at.getUTCDay() : weekday };
}

export function validateContext(input: OfferContextInput, limit: number, catalog: CandidateCatalog): void {
  if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_LIMIT)) throw badInput(`limit must be an integer from 1 to ${MAX_LIMIT}, got ${limit}`, 'limit');
  if (input.locationId != null && !catalog.locations.has(input.locationId)) throw badInput(`context.locationId ${JSON.stringify(input.locationId)} is not a known location`, 'context.locationId');
  if (input.channel === 'STORE' && input.locationId == null) throw badInput('context.locationId is required on the STORE channel (the store the shopper is in)', 'context.locationId');
  if (input.sessionId != null && (input.sessionId.trim() === '' || input.sessionId.length > 200)) throw badInput('context.sessionId must be a non-empty string of at most 200 characters', 'context.sessionId');
  const hasLat = input.latitude != null;
  const hasLon = input.longitude != null;
  if (hasLat !== hasLon) throw badInput('context.latitude and context.longitude go together', hasLat ? 'context.longitude' : 'context.latitude');
  if (hasLat && !(input.latitude! >= -90 && input.latitude! <= 90)) throw badInput(`context.latitude must be from -90 to 90, got ${input.latitude}`, 'context.latitude');
  if (hasLon && !(input.longitude! >= -180 && input.longitude! <= 180)) throw badInput(`context.longitude must be from -180 to 180, got ${input.longitude}`, 'context.longitude');
}

/** The policy's modes as the GraphQL enum PolicyMode names them. */
export const MODE_NAMES = { learning: 'LEARNING', exploit: 'EXPLOIT', 'best-sellers': 'BEST_SELLERS' } as const;

export class DecisionService {
  constructor(
    private readonly db: Database,
    private readonly policy: OfferPolicy,
    private readonly signals: DecisionSignals,
    private readonly settings: DecisionSettings = DEFAULT_DECISION_SETTINGS,
  ) {}

  async decide(shopper: ShopperRepresentation, input: OfferContextInput, limit: number, catalog: CandidateCatalog, now: Date): Promise<DecisionResult> {
    validateContext(input, limit, catalog);
    const locationId = input.locationId ?? null;
    const [promotions, exposures] = await Promise.all([this.promotionsInWindow(now), this.exposures(shopper.id, now)]);
    const profile = shopperProfile(shopper, catalog, now);
    const candidates = candidateOffers(catalog, { profile, channel: input.channel, locationId, promotions, maxProducts: this.settings.maxProducts, isUnderperforming: (id) => this.signals.isUnderperforming(id) });
    const intent = this.signals.intentFor(shopper.id, input.sessionId ?? null);
    const location = locationId ? catalog.locations.get(locationId)! : null;
    const here = input.latitude != null ? { latitude: input.latitude, longitude: input.longitude! } : profile.home;
    const { hour, weekday } = localTime(now, location?.timezone ?? null);
    const context: ContextFeatures = {
      channel: input.channel,
      device: input.device,
      localHour: hour,
      weekday,
      distanceToStoreKm: input.channel === 'STORE' ? 0 : location && here ? haversineKm(here, location) : null,
      sessionDepth: intent.events,
      intent: { browsing: intent.browsing, researching: intent.researching, readyToBuy: intent.readyToBuy },
    };
    const request: RankRequest = { customer: profile.features, context, candidates, limit, now: now.getTime(), exposures };
    const { id: decisionId, result, modelVersion } = await this.log(shopper.id, input, profile.personalized, request, now, catalog);
    const scale = this.policy.config.reward.scale;
    const removed = new Map<string, string[]>();
    for (const r of result.removed) {
      const ids = removed.get(r.reason);
      if (ids) ids.push(r.offerId);
      else removed.set(r.reason, [r.offerId]);
    }
    return {
      decisionId,
      mode: MODE_NAMES[result.mode],
      modelVersion,
      intent,
      candidateCount: candidates.length,
      eligibleCount: result.eligibleCount,
      removed: [...removed].map(([reason, ids]) => ({ reason, count: ids.length, offerIds: ids.slice(0, 20) })),
      offers: result.offers.map((r, position) => {
        const k = r.candidate.constraint;
        return {
          offerId: r.candidate.offerId,
          position,
          productId: r.candidate.productId,
          promotionId: r.candidate.promotionId,
          price: k.price,
          discount: k.discount,
          priceAfterDiscount: toCents(k.price - k.discount),
          margin: toCents(k.price - k.discount - k.unitCost),
          expectedReward: r.expectedReward,
          purchaseProbability: r.purchaseProbability,
          score: r.score,
          propensity: r.propensity,
          explored: r.explored,
          rationale: explainOffer(r, scale, result.mode, this.policy.config),
        };
      }),
    };
  }

  private promotionCache: { until: number; rows: Promise<PromotionRow[]> } | null = null;

  /** This subgraph's own promotions in their window: approved ones, and pending ones the constraints will visibly remove. */
  private async promotionsInWindow(now: Date): Promise<PromotionRow[]> {
    const t = performance.now();
    if (!this.promotionCache || this.promotionCache.until <= t) {
      const rows = this.db.prisma.promotion.findMany({
        where: { status: { in: ['APPROVED', 'PENDING_APPROVAL'] }, endsAt: { gt: now } },
        orderBy: [{ endsAt: 'asc' }, { id: 'asc' }],
      });
      this.promotionCache = { until: t + this.settings.promotionCacheMs, rows };
      rows.catch(() => (this.promotionCache = null));
    }
    const at = now.getTime();
    return (await this.promotionCache.rows).filter((p) => p.startsAt.getTime() <= at && p.endsAt.getTime() > at);
  }

  /** How often each promotion (or unpromoted offer) was served to the shopper within the capping window. */
  private async exposures(customerId: string, now: Date): Promise<Map<string, number>> {
    const rows = await this.db.prisma.decisionItem.findMany({
      where: { decision: { customerId, createdAt: { gt: new Date(now.getTime() - this.settings.frequencyCapWindowMs), lte: now } } },
      select: { offerId: true, promotionId: true },
    });
    const out = new Map<string, number>();
    for (const r of rows) {
      const key = r.promotionId ?? r.offerId;
      out.set(key, (out.get(key) ?? 0) + 1);
    }
    return out;
  }

  /**
   * Ranks and writes the decision and its items before the answer leaves (an outcome may come back
   * for it at once), in one transaction. The policy ranks there, on the candidates' promotions as
   * they are in that transaction (approved, in window, budget left: promotionsNow.ts), not as the
   * cached candidate generation read them, and its slate spends at most what each budget has left;
   * each served offer of a promotion with a budget holds one unit's discount until its reward is
   * final. So a promotion paused or spent meanwhile is removed before the draw (and listed in
   * `removed`), never dropped from a drawn slate: every logged (position, propensity) is the
   * policy's probability for that slot given what could really be served, which off-policy
   * estimators need. Should another replica take budget between the read and the reservation, the
   * transaction is rolled back and run again with the promotions' rows locked.
   */
  private async log(
    customerId: string,
    input: OfferContextInput,
    personalized: boolean,
    request: RankRequest,
    now: Date,
    catalog: CandidateCatalog,
  ): Promise<{ id: string; result: RankResult; modelVersion: string }> {
    const promotionIds = [...new Set(request.candidates.map((c) => c.promotionId).filter((p): p is string => p !== null))];
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.logOnce(customerId, input, personalized, request, promotionIds, attempt > 0, now, catalog);
      } catch (error) {
        if (error instanceof BudgetTaken && attempt === 0) continue;
        throw error;
      }
    }
  }

  private async logOnce(
    customerId: string,
    input: OfferContextInput,
    personalized: boolean,
    request: RankRequest,
    promotionIds: readonly string[],
    lockPromotions: boolean,
    now: Date,
    catalog: CandidateCatalog,
  ): Promise<{ id: string; result: RankResult; modelVersion: string }> {
    const id = randomUUID();
    const holdAt = (r: RankedOffer) => holdLocationFor(r.candidate.productId, r.candidate.constraint.available, input.locationId ?? null, catalog, this.settings.stockHold);
    const { rewardWaitMs, attributionWindowMs } = this.policy.channelDelays(input.channel);
    const context = request.context;
    return this.db.sql.transaction(async (tx) => {
      const promotions = await readPromotionsNow(tx, promotionIds, lockPromotions);
      const result = this.policy.rank(withPromotionsNow(request, promotions));
      const modelVersion = this.policy.modelVersion;
      const reservations = reservationsOf(result.offers, promotions);
      for (const [promotionId, { amount, units }] of reservations) {
        const rows = await tx.query(
          `UPDATE "Promotion" SET "reservedAmount" = "reservedAmount" + $2::numeric, "reservedUnits" = "reservedUnits" + $3
           WHERE id = $1
             AND ("budgetAmount" IS NULL OR "budgetAmount" - "spentAmount" - "reservedAmount" >= $2::numeric)
             AND ("budgetUnits" IS NULL OR "budgetUnits" - "spentUnits" - "reservedUnits" >= $3)
           RETURNING id`,
          [promotionId, (amount / 100).toFixed(2), units],
        );
        if (rows.length === 0) throw new BudgetTaken(promotionId);
      }
      const items = result.offers.map((r, position) => ({
        position,
        offerId: r.candidate.offerId,
        productId: r.candidate.productId,
        promotionId: r.candidate.promotionId,
        price: r.candidate.constraint.price,
        discount: r.candidate.constraint.discount,
        unitCost: r.candidate.constraint.unitCost,
        score: Number.isFinite(r.score) ? r.score : 0,
        expectedReward: r.expectedReward,
        propensity: r.propensity,
        explored: r.explored,
        explorationBonus: r.explorationBonus,
        features: Array.from(r.features),
        reserved: r.candidate.promotionId !== null && reservations.has(r.candidate.promotionId),
        holdLocationId: holdAt(r),
      }));
      await tx.query(
        `WITH d AS (
           INSERT INTO "Decision" (id, "customerId", channel, device, "locationId", "sessionId", context, candidates, "modelVersion", policy, "createdAt", "rewardDueAt", "attributionEndsAt")
           VALUES ($1, $2, $3::"Channel", $4::"Device", $5, $6, $7::jsonb, $8::jsonb, $9, $10, ($11::timestamptz AT TIME ZONE 'UTC'), ($12::timestamptz AT TIME ZONE 'UTC'), ($14::timestamptz AT TIME ZONE 'UTC'))
           RETURNING id)
         INSERT INTO "DecisionItem" ("decisionId", position, "offerId", "productId", "promotionId", price, discount, "unitCost", score, "expectedReward", propensity, explored, "explorationBonus", features, reserved, "holdLocationId")
         SELECT d.id, x.position, x."offerId", x."productId", x."promotionId", x.price, x.discount, x."unitCost", x.score, x."expectedReward", x.propensity, x.explored, x."explorationBonus", x.features, x.reserved, x."holdLocationId"
         FROM d, jsonb_to_recordset($13::jsonb) AS x(position int, "offerId" text, "productId" text, "promotionId" text, price float8, discount float8, "unitCost" float8,
           score float8, "expectedReward" float8, propensity float8, explored boolean, "explorationBonus" float8, features float8[], reserved boolean, "holdLocationId" text)`,
        [
          id,
          customerId,
          input.channel,
          input.device,
          input.locationId ?? null,
          input.sessionId ?? null,
          JSON.stringify({ ...context, personalized }),
          JSON.stringify({ count: request.candidates.length, eligible: result.eligibleCount, removed: result.removed.slice(0, 500) }),
          modelVersion,
          result.mode,
          now.toISOString(),
          new Date(now.getTime() + rewardWaitMs).toISOString(),
          JSON.stringify(items),
          new Date(now.getTime() + attributionWindowMs).toISOString(),
        ],
      );
      return { id, result, modelVersion };
    });
  }
}

/** Another transaction reserved what the slate needed of a budget between our read and our reservation. */
class BudgetTaken extends Error {
  constructor(promotionId: string) {
    super(`promotion ${promotionId}: budget taken by a concurrent decision`);
  }
}
