// recordOfferOutcome: validates, stores the outcome once per idempotency key, charges the
// promotion's budget for a purchase, and — for a PURCHASE or a DISMISS — makes the offer's reward
// final in the learning log, all in one transaction with the events that report it (outbox) and
// the stock hold requests the outcome makes (decisions/stockHolds.ts).
import { enqueueEvent, Prisma, type Database, type OutboxRelay } from '@retail/db';
import { outcomeValue, rewardOf, type OutcomeKind, type RewardConfig } from '@retail/engine';
import { badInput, conflict, notFound, OFFER_OUTCOME_RECORDED, REWARDS_LOGGED, Topics, type OfferOutcomeRecordedEvent, type RewardsLoggedEvent } from '@retail/platform';
import { enqueueStockHoldChanges, type StockHoldSettings } from '../decisions/stockHolds.ts';
import { appendReward, type AppendedReward } from './rewardLog.ts';

export const OUTCOME_TYPES = ['IMPRESSION', 'CLICK', 'ADD_TO_CART', 'PURCHASE', 'DISMISS'] as const satisfies readonly OutcomeKind[];

/** Outcome.idempotencyKey of a purchase credited from a recorded interaction: this prefix and the interaction's id. */
export const ATTRIBUTED_KEY_PREFIX = 'interaction:';

export const OUTCOME_LIMITS = { idLength: 200, maxValue: 9_999_999_999.99, maxQuantity: 10_000 } as const;

export interface RecordOutcomeInput {
  decisionId: string;
  offerId: string;
  outcome: OutcomeKind;
  value?: number | null;
  quantity?: number | null;
  idempotencyKey: string;
}

export interface OutcomeRecord {
  id: string;
  decisionId: string;
  offerId: string;
  outcome: OutcomeKind;
  value: number | null;
  /** In money. */
  reward: number;
  duplicate: boolean;
  finalReward: boolean;
  occurredAt: Date;
  /** The learning-log position this outcome appended, when it made the reward final. */
  rewardSeq: string | null;
}

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && (e.code === 'P2002' || e.code === '23505');

/** The served offer an outcome is about, as its DecisionItem row has it. */
interface ServedItem {
  decisionId: string;
  position: number;
  offerId: string;
  promotionId: string | null;
  discount: number;
  /** Holds one unit's discount of its promotion's budget until its reward is final. */
  reserved: boolean;
}

/**
 * Inside a final outcome's transaction, its Outcome row written (reported, or a purchase credited
 * from an interaction): the offer's reward from every outcome it has so far, appended to the
 * learning log — as the final reward, or after it as a late purchase (rewardLog.ts) — and
 * announced to the replicas. Null when nothing was appended (the first reward stands).
 */
export async function learnFinalOutcome(tx: Prisma.TransactionClient, item: ServedItem, source: 'PURCHASE' | 'DISMISS', config: RewardConfig): Promise<AppendedReward | null> {
  const earlier = await tx.outcome.findMany({ where: { decisionId: item.decisionId, offerId: item.offerId }, select: { type: true, reward: true } });
  const learnt = rewardOf(
    earlier.map((o) => ({ kind: o.type as OutcomeKind, margin: o.reward })),
    config,
  );
  const appended = await appendReward(tx, item, learnt, source);
  if (appended) await enqueueEvent(tx, Topics.modelUpdates, REWARDS_LOGGED, { throughSeq: appended.seq, count: 1, source } satisfies RewardsLoggedEvent as never);
  return appended;
}

/**
 * The promotion's budget after an outcome: `spentUnits` purchased units spend one unit's discount
 * each, and the reservation the served offer held ends if this outcome made its reward final (a
 * late purchase's ended with the reward wait).
 */
export async function chargePromotion(tx: Prisma.TransactionClient, item: ServedItem, spentUnits: number, appended: AppendedReward | null): Promise<void> {
  const release = appended !== null && !appended.late && item.reserved;
  if (!item.promotionId || (spentUnits === 0 && !release)) return;
  const discount = new Prisma.Decimal(item.discount.toFixed(2));
  await tx.promotion.updateMany({
    where: { id: item.promotionId },
    data: {
      ...(spentUnits > 0 ? { spentAmount: { increment: discount.mul(spentUnits) }, spentUnits: { increment: spentUnits } } : {}),
      ...(release ? { reservedAmount: { decrement: discount }, reservedUnits: { decrement: 1 } } : {}),
    },
  });
}

function checkId(value: string, field: string): void {
  if (typeof value !== 'string' || value.trim() === '' || value.length > OUTCOME_LIMITS.idLength) {
    throw badInput(`${field} must be a non-empty string of at most ${OUTCOME_LIMITS.idLength} characters`, field);
  }
}

export function validateOutcome(input: RecordOutcomeInput): void {
  checkId(input.decisionId, 'decisionId');
  checkId(input.offerId, 'offerId');
  checkId(input.idempotencyKey, 'idempotencyKey');
  if (input.idempotencyKey.startsWith(ATTRIBUTED_KEY_PREFIX)) throw badInput(`idempotencyKey must not start with "${ATTRIBUTED_KEY_PREFIX}" (the keys of purchases credited from recorded interactions)`, 'idempotencyKey');
  if (!OUTCOME_TYPES.includes(input.outcome)) throw badInput(`outcome must be one of ${OUTCOME_TYPES.join(', ')}, got ${JSON.stringify(input.outcome)}`, 'outcome');
  if (input.value != null && !(Number.isFinite(input.value) && input.value >= 0 && input.value <= OUTCOME_LIMITS.maxValue)) {
    throw badInput(`value must be a number from 0 to ${OUTCOME_LIMITS.maxValue}, got ${input.value}`, 'value');
  }
  if (input.quantity != null) {
    if (input.outcome !== 'PURCHASE') throw badInput('quantity is only meaningful for a PURCHASE', 'quantity');
    if (!(Number.isInteger(input.quantity) && input.quantity >= 1 && input.quantity <= OUTCOME_LIMITS.maxQuantity)) {
      throw badInput(`quantity must be an integer from 1 to ${OUTCOME_LIMITS.maxQuantity}, got ${input.quantity}`, 'quantity');
    }
  }
}

export class OutcomeService {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRelay | null,
    private readonly reward: RewardConfig,
    private readonly stockHold: StockHoldSettings,
  ) {}

  async record(input: RecordOutcomeInput, now: Date): Promise<OutcomeRecord> {
    validateOutcome(input);
    const replay = await this.replayOf(input);
    if (replay) return replay;
    const item = await this.db.prisma.decisionItem.findFirst({ where: { decisionId: input.decisionId, offerId: input.offerId }, include: { decision: { select: { customerId: true } } } });
    if (!item) {
      const decision = await this.db.prisma.decision.findUnique({ where: { id: input.decisionId }, select: { id: true } });
      if (!decision) throw notFound('Decision', input.decisionId);
      throw notFound('Offer', input.offerId);
    }
    const quantity = input.quantity ?? 1;
    const net = item.price - item.discount;
    const money =
      input.outcome === 'PURCHASE'
        ? (input.value ?? net * quantity) - item.unitCost * quantity // the margin of what was paid
        : outcomeValue(input.outcome, this.reward);
    let result: OutcomeRecord;
    try {
      result = await this.db.prisma.$transaction(async (tx) => {
        const outcome = await tx.outcome.create({
          data: {
            idempotencyKey: input.idempotencyKey,
            decisionId: input.decisionId,
            offerId: input.offerId,
            type: input.outcome,
            value: input.value ?? null,
            reward: money,
            occurredAt: now,
          },
        });
        let appended: AppendedReward | null = null;
        let credited = 0;
        if (input.outcome === 'PURCHASE' || input.outcome === 'DISMISS') {
          appended = await learnFinalOutcome(tx, item, input.outcome, this.reward);
          // The shopper's recorded interaction may have credited this purchase already (it arrived
          // first, purchaseAttribution.ts): this report takes its place, so it counts once.
          if (input.outcome === 'PURCHASE') credited = (await tx.outcome.deleteMany({ where: { decisionId: input.decisionId, offerId: input.offerId, type: 'PURCHASE', interactionId: { not: null } } })).count;
        }
        const rewardSeq = appended?.seq ?? null;
        // A purchase spends its discount, less what its credited interaction spent already.
        await chargePromotion(tx, item, input.outcome === 'PURCHASE' ? Math.max(0, quantity - credited) : 0, appended);
        const event: OfferOutcomeRecordedEvent = {
          outcomeId: outcome.id,
          decisionId: outcome.decisionId,
          offerId: outcome.offerId,
          outcome: outcome.type,
          value: input.value ?? null,
          reward: money,
          occurredAt: outcome.occurredAt.toISOString(),
        };
        await enqueueEvent(tx, Topics.outcomes, OFFER_OUTCOME_RECORDED, event as never);
        // An add-to-cart of short stock holds a unit; a purchase or a dismissal ends the shopper's hold.
        await enqueueStockHoldChanges(tx, { ...item, customerId: item.decision.customerId }, input.outcome, now, this.stockHold);
        return { id: outcome.id, decisionId: outcome.decisionId, offerId: outcome.offerId, outcome: input.outcome, value: input.value ?? null, reward: money, duplicate: false, finalReward: rewardSeq !== null, occurredAt: outcome.occurredAt, rewardSeq };
      });
    } catch (error) {
      // A concurrent request with the same key won the insert: answer as a replay.
      if (isUniqueViolation(error)) {
        const again = await this.replayOf(input);
        if (again) return again;
      }
      throw error;
    }
    this.outbox?.wake();
    return result;
  }

  /** The outcome already stored under this key, or null; a key reused for another outcome is a conflict. */
  private async replayOf(input: RecordOutcomeInput): Promise<OutcomeRecord | null> {
    const existing = await this.db.prisma.outcome.findUnique({ where: { idempotencyKey: input.idempotencyKey } });
    if (!existing) return null;
    if (existing.decisionId !== input.decisionId || existing.offerId !== input.offerId || existing.type !== input.outcome) {
      throw conflict(`idempotencyKey ${JSON.stringify(input.idempotencyKey)} was already used for a ${existing.type} of offer ${existing.offerId} in decision ${existing.decisionId}`);
    }
    return {
      id: existing.id,
      decisionId: existing.decisionId,
      offerId: existing.offerId,
      outcome: existing.type as OutcomeKind,
      value: existing.value === null ? null : existing.value.toNumber(),
      reward: existing.reward,
      duplicate: true,
      finalReward: false,
      occurredAt: existing.occurredAt,
      rewardSeq: null,
    };
  }
}
