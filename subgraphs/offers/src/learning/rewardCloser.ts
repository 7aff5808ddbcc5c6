// Ends the reward wait: every shown offer whose decision is past its channel's reward wait and
// has no final reward yet gets one — its best partial credit (add-to-cart, click, impression) or
// the default — so the model also learns from the offers nobody took. A closed decision is marked,
// so each pass reads only the decisions that are due and still open (an index on both columns),
// however long the history. Safe on every replica at once: due decisions are claimed with SKIP
// LOCKED, appends are serialized by the log's lock and each offer is credited once.
import { enqueueEvent, type Database, type OutboxRelay } from '@retail/db';
import type { RewardConfig } from '@retail/engine';
import { REWARDS_LOGGED, Topics, type RewardsLoggedEvent } from '@retail/platform';
import { lockRewardLog } from './rewardLog.ts';

export class RewardCloser {
  constructor(
    private readonly db: Database,
    private readonly outbox: OutboxRelay | null,
    private readonly reward: RewardConfig,
    /** Decisions closed per transaction. */
    private readonly batchSize = 500,
  ) {}

  /** Closes every decision due at `now`; returns how many rewards it made final. */
  async closeDue(now: Date): Promise<number> {
    let total = 0;
    for (;;) {
      const { decisions, rewards } = await this.closeBatch(now);
      total += rewards;
      if (decisions < this.batchSize) break;
    }
    if (total > 0) this.outbox?.wake();
    return total;
  }

  private async closeBatch(now: Date): Promise<{ decisions: number; rewards: number }> {
    const r = this.reward;
    return this.db.prisma.$transaction(async (tx) => {
      await lockRewardLog(tx);
      const [row] = await tx.$queryRawUnsafe<{ decisions: number; rewards: number; through: string | null }[]>(
        `WITH due AS (
           SELECT id FROM "Decision" WHERE NOT "rewardsClosed" AND "rewardDueAt" <= $1
           ORDER BY "rewardDueAt", id LIMIT $6 FOR UPDATE SKIP LOCKED),
         marked AS (
           UPDATE "Decision" d SET "rewardsClosed" = true FROM due WHERE d.id = due.id),
         -- Best partial credit per offer, in reward units (PURCHASE and DISMISS were final at once).
         closed AS (
           INSERT INTO "Reward" ("decisionId", position, "offerId", reward, source)
           SELECT i."decisionId", i.position, i."offerId",
                  COALESCE((SELECT max(CASE o.type WHEN 'ADD_TO_CART' THEN $2::float8 WHEN 'CLICK' THEN $3::float8 ELSE $4::float8 END)
                            FROM "Outcome" o WHERE o."decisionId" = i."decisionId" AND o."offerId" = i."offerId"), $4::float8) / $5::float8,
                  'WAIT_ENDED'
           FROM "DecisionItem" i JOIN due ON due.id = i."decisionId"
           WHERE NOT EXISTS (SELECT 1 FROM "Reward" x WHERE x."decisionId" = i."decisionId" AND x.position = i.position AND NOT x.late)
           ORDER BY i."decisionId", i.position
           ON CONFLICT ("decisionId", position, late) DO NOTHING
           RETURNING seq, "decisionId", position),
         -- The budget reservations of the offers closed here end with them.
         released AS (
           UPDATE "Promotion" p SET "reservedAmount" = p."reservedAmount" - x.amount, "reservedUnits" = p."reservedUnits" - x.units
           FROM (SELECT i."promotionId", sum(round(i.discount::numeric, 2)) AS amount, count(*)::int AS units
                 FROM closed c JOIN "DecisionItem" i ON i."decisionId" = c."decisionId" AND i.position = c.position
                 WHERE i.reserved GROUP BY i."promotionId") x
           WHERE p.id = x."promotionId")
         SELECT (SELECT count(*)::int FROM due) AS decisions, (SELECT count(*)::int FROM closed) AS rewards, (SELECT max(seq)::text FROM closed) AS through`,
        now,
        r.addToCartValue,
        r.clickValue,
        r.defaultValue,
        r.scale,
        this.batchSize,
      );
      if (row!.rewards > 0) {
        await enqueueEvent(tx, Topics.modelUpdates, REWARDS_LOGGED, { throughSeq: row!.through!, count: row!.rewards, source: 'WAIT_ENDED' } satisfies RewardsLoggedEvent as never);
      }
      return { decisions: row!.decisions, rewards: row!.rewards };
    });
  }
}
