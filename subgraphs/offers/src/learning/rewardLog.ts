// Appends to the learning log (the Reward table). Every append takes one transaction-scoped
// advisory lock first, so rows commit in seq order: a replica that has read up to seq n never
// later finds a smaller seq appearing behind it.
import type { Prisma } from '@retail/db';

/** pg_advisory_xact_lock key of the learning log ("offer reward log"). */
export const REWARD_LOG_LOCK = 7_301_994_417;

type RawTx = Pick<Prisma.TransactionClient, '$executeRawUnsafe' | '$queryRawUnsafe'>;

export async function lockRewardLog(tx: RawTx): Promise<void> {
  await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${REWARD_LOG_LOCK})`);
}

/** Makes one shown offer's reward final; null when it already was (the first one stands). */
export async function appendReward(tx: RawTx, item: { decisionId: string; position: number; offerId: string }, reward: number, source: string): Promise<string | null> {
  await lockRewardLog(tx);
  const rows = await tx.$queryRawUnsafe<{ seq: string }[]>(
    `INSERT INTO "Reward" ("decisionId", position, "offerId", reward, source) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT ("decisionId", position) DO NOTHING RETURNING seq::text AS seq`,
    item.decisionId,
    item.position,
    item.offerId,
    reward,
    source,
  );
  return rows[0]?.seq ?? null;
}
