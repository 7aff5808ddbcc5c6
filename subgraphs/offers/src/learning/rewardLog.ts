// Appends to the learning log (the Reward table). Every append takes one transaction-scoped
// advisory lock first, so rows commit in seq order: a replica that has read up to seq n never
// later finds a smaller seq appearing behind it.
//
// One shown offer has one final reward: the first one stands. A purchase that comes after it was
// made final (its reward wait ended, or it was dismissed) is still learnt, the way delayed feedback
// is handled by the "fake negative" method (Ktena et al., 2019): the final reward stays in the log
// and one positive example of the same features is appended after it (`late`), so the model sees
// both. What that leaves: a late buyer's features count once as a non-purchase and once as a
// purchase, so the learnt P(purchase) of an offer reads p / (1 + p·q) instead of p (q: the share
// of its purchases that come late): low by at most the share p itself (5 % of 5 % when every
// purchase comes late), where ignoring late purchases read p·(1 − q). The confidence bonus also
// narrows by one extra example per late purchase. The model cannot unlearn the negative, and
// conversion rates are small, so the bias is accepted rather than weighted away.
import type { Prisma } from '@retail/db';

/** pg_advisory_xact_lock key of the learning log ("offer reward log"). */
export const REWARD_LOG_LOCK = 7_301_994_417;

type RawTx = Pick<Prisma.TransactionClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

export async function lockRewardLog(tx: RawTx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${REWARD_LOG_LOCK})`);
}

export interface AppendedReward {
  seq: string;
  /** True when this was a late purchase, appended after the offer's final reward. */
  late: boolean;
}

/**
 * Makes one shown offer's reward final. When it already was, a PURCHASE is appended as its late
 * positive unless the final reward was itself a purchase or a late one was already appended; null
 * when nothing was appended (the first one stands).
 */
export async function appendReward(tx: RawTx, item: { decisionId: string; position: number; offerId: string }, reward: number, source: string): Promise<AppendedReward | null> {
  await lockRewardLog(tx);
  const [final] = await tx.$queryRawUnsafe<{ seq: string }[]>(
    `INSERT INTO "Reward" ("decisionId", position, "offerId", reward, source) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("decisionId", position, late) DO NOTHING RETURNING seq::text AS seq`,
    item.decisionId,
    item.position,
    item.offerId,
    reward,
    source,
  );
  if (final) return { seq: final.seq, late: false };
  if (source !== 'PURCHASE') return null;
  // Under the log's lock, so the final reward read here is the one that stands.
  const [late] = await tx.$queryRawUnsafe<{ seq: string }[]>(
    `INSERT INTO "Reward" ("decisionId", position, "offerId", reward, source, late)
     SELECT $1, $2, $3, $4, 'PURCHASE', true
     WHERE EXISTS (SELECT 1 FROM "Reward" f WHERE f."decisionId" = $1 AND f.position = $2 AND NOT f.late AND f.source <> 'PURCHASE')
     ON CONFLICT ("decisionId", position, late) DO NOTHING RETURNING seq::text AS seq`,
    item.decisionId,
    item.position,
    item.offerId,
    reward,
  );
  return late ? { seq: late.seq, late: true } : null;
}
