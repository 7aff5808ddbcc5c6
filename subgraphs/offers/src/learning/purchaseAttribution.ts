// Purchases recorded as interactions (the customer subgraph's recordInteraction PURCHASE, which
// reaches this subgraph as interaction.recorded) credited to the offer that showed the product.
//
// The rule is last touch: a purchase of product P by shopper C at time t goes to the most recent
// decision that showed P (with or without a promotion: one offer per product per slate) to C at
// or before t and whose attribution window (the channel's, Decision.attributionEndsAt) was still
// open at t. Earlier showings keep what they earned: one purchase is one outcome. It is recorded
// once, by the interaction's id (a redelivered event changes nothing), and only when that offer
// has no PURCHASE yet: a purchase reported with recordOfferOutcome is not counted again (and a
// report that comes after takes the credited one's place, outcomeService.ts). It earns the margin
// of what was paid — the interaction's value, or the offer's price after discount — less the unit
// cost, as one unit (an interaction carries no quantity); it spends one unit's discount of the
// promotion's budget, and is learnt through the reward log like a reported purchase: as the final
// reward while the reward wait is open, as a late purchase after it (rewardLog.ts).
import { enqueueEvent, Prisma, type Database, type OutboxRelay } from '@retail/db';
import type { RewardConfig } from '@retail/engine';
import { OFFER_OUTCOME_RECORDED, Topics, type InteractionRecordedPayload, type OfferOutcomeRecordedEvent } from '@retail/platform';
import { enqueueStockHoldChanges, type StockHoldSettings } from '../decisions/stockHolds.ts';
import { ATTRIBUTED_KEY_PREFIX, chargePromotion, learnFinalOutcome } from './outcomeService.ts';
import { lockRewardLog } from './rewardLog.ts';

export type AttributionStatus =
  /** Credited to a shown offer. */
  | 'ATTRIBUTED'
  /** This interaction was credited before (a redelivered event). */
  | 'DUPLICATE'
  /** No decision showed the product to the shopper within its attribution window before the purchase. */
  | 'NOT_SHOWN'
  /** The last offer that showed it already has a purchase. */
  | 'ALREADY_PURCHASED'
  /** Not a purchase of a product. */
  | 'IGNORED';

export interface AttributionResult {
  status: AttributionStatus;
  decisionId: string | null;
  offerId: string | null;
  /** The learning-log position the purchase appended, if it did. */
  rewardSeq: string | null;
  /** True when it was learnt as a late purchase (after the offer's reward was final). */
  late: boolean;
}

interface ShownItem {
  decisionId: string;
  position: number;
  offerId: string;
  promotionId: string | null;
  price: number;
  discount: number;
  unitCost: number;
  reserved: boolean;
  holdLocationId: string | null;
}

const isUniqueViolation = (e: unknown) => e instanceof Prisma.PrismaClientKnownRequestError && (e.code === 'P2002' || e.code === '23505');
const result = (status: AttributionStatus, item: ShownItem | null = null): AttributionResult => ({ status, decisionId: item?.decisionId ?? null, offerId: item?.offerId ?? null, rewardSeq: null, late: false });

export class PurchaseAttribution {
  constructor(
    private readonly db: Database,
    private readonly outbox: Pick<OutboxRelay, 'wake'> | null,
    private readonly reward: RewardConfig,
    private readonly stockHold: StockHoldSettings,
  ) {}

  async attribute(interaction: InteractionRecordedPayload): Promise<AttributionResult> {
    if (interaction.type !== 'PURCHASE' || !interaction.productId) return result('IGNORED');
    const { prisma } = this.db;
    if (await prisma.outcome.findUnique({ where: { interactionId: interaction.id }, select: { id: true } })) return result('DUPLICATE');
    const boughtAt = new Date(interaction.occurredAt);
    const [item] = await prisma.$queryRawUnsafe<ShownItem[]>(
      `SELECT i."decisionId", i.position, i."offerId", i."promotionId", i.price, i.discount, i."unitCost", i.reserved, i."holdLocationId"
       FROM "Decision" d JOIN "DecisionItem" i ON i."decisionId" = d.id
       WHERE d."customerId" = $1 AND i."productId" = $2 AND d."createdAt" <= $3 AND d."attributionEndsAt" > $3
       ORDER BY d."createdAt" DESC, d.id DESC LIMIT 1`,
      interaction.customerId,
      interaction.productId,
      boughtAt,
    );
    if (!item) return result('NOT_SHOWN');
    const margin = (interaction.value ?? item.price - item.discount) - item.unitCost;
    let attributed: AttributionResult;
    try {
      attributed = await prisma.$transaction(async (tx) => {
        // Under the log's lock, as recordOfferOutcome's purchase is: whichever commits first, the other sees it.
        await lockRewardLog(tx);
        const bought = await tx.outcome.count({ where: { decisionId: item.decisionId, offerId: item.offerId, type: 'PURCHASE' } });
        if (bought > 0) return result('ALREADY_PURCHASED', item);
        const outcome = await tx.outcome.create({
          data: {
            idempotencyKey: `${ATTRIBUTED_KEY_PREFIX}${interaction.id}`,
            interactionId: interaction.id,
            decisionId: item.decisionId,
            offerId: item.offerId,
            type: 'PURCHASE',
            value: interaction.value,
            reward: margin,
            occurredAt: boughtAt,
          },
        });
        const appended = await learnFinalOutcome(tx, item, 'PURCHASE', this.reward);
        await chargePromotion(tx, item, 1, appended); // one unit's discount, late or not
        const event: OfferOutcomeRecordedEvent = {
          outcomeId: outcome.id,
          decisionId: item.decisionId,
          offerId: item.offerId,
          outcome: 'PURCHASE',
          value: interaction.value,
          reward: margin,
          occurredAt: outcome.occurredAt.toISOString(),
        };
        await enqueueEvent(tx, Topics.outcomes, OFFER_OUTCOME_RECORDED, event as never);
        // The purchase ends what the shopper's add-to-carts of the product held, as a reported one does.
        await enqueueStockHoldChanges(tx, { customerId: interaction.customerId, decisionId: item.decisionId, offerId: item.offerId, productId: interaction.productId!, holdLocationId: item.holdLocationId }, 'PURCHASE', boughtAt, this.stockHold);
        return { ...result('ATTRIBUTED', item), rewardSeq: appended?.seq ?? null, late: appended?.late ?? false };
      });
    } catch (error) {
      // Another replica credited the same interaction first.
      if (isUniqueViolation(error)) return result('DUPLICATE', item);
      throw error;
    }
    if (attributed.status === 'ATTRIBUTED') this.outbox?.wake();
    return attributed;
  }
}
