// modelStats: what analysts ask of the learning loop — how much the model has learnt, and the
// average final reward (in money) by channel and by offer × channel, from the decision log. Each
// shown offer counts once, with what it finally earned: a late purchase (rewardLog.ts) in place of
// the reward made final before it, and counted as a purchase.
import type { Database } from '@retail/db';
import { badInput } from '@retail/platform';
import { parseOfferId } from '../decisions/candidateOffers.ts';

export interface PerformanceRow {
  channel: string;
  shown: number;
  purchases: number;
  averageReward: number;
}

export interface ArmPerformanceRow extends PerformanceRow {
  offerId: string;
  productId: string;
  promotionId: string | null;
}

export interface LogTotals {
  decisions: number;
  outcomes: number;
  rewards: number;
  averageReward: number;
}

/** Every shown offer with a final reward, once: its reward (a late purchase's, if any) and whether it was bought. */
const SHOWN = `SELECT r."decisionId", r."offerId", COALESCE(l.reward, r.reward) AS reward, (r.source = 'PURCHASE' OR l.seq IS NOT NULL) AS purchased
  FROM "Reward" r LEFT JOIN "Reward" l ON l."decisionId" = r."decisionId" AND l.position = r.position AND l.late
  WHERE NOT r.late`;

export class ModelStatsService {
  constructor(
    private readonly db: Database,
    private readonly rewardScale: number,
  ) {}

  async totals(channel: string | null): Promise<LogTotals> {
    const [row] = await this.db.sql.query<{ decisions: number; outcomes: number; rewards: number; average: number | null }>(
      `SELECT (SELECT count(*)::int FROM "Decision" d WHERE $1::text IS NULL OR d.channel::text = $1) AS decisions,
              (SELECT count(*)::int FROM "Outcome" o JOIN "Decision" d ON d.id = o."decisionId" WHERE $1::text IS NULL OR d.channel::text = $1) AS outcomes,
              s.rewards, s.average
       FROM (SELECT count(*)::int AS rewards, avg(r.reward) AS average FROM (${SHOWN}) r JOIN "Decision" d ON d.id = r."decisionId" WHERE $1::text IS NULL OR d.channel::text = $1) s`,
      [channel],
    );
    return { decisions: row!.decisions, outcomes: row!.outcomes, rewards: row!.rewards, averageReward: (row!.average ?? 0) * this.rewardScale };
  }

  async byChannel(channel: string | null): Promise<PerformanceRow[]> {
    const rows = await this.db.sql.query<{ channel: string; shown: number; purchases: number; average: number }>(
      `SELECT d.channel::text AS channel, count(*)::int AS shown, count(*) FILTER (WHERE r.purchased)::int AS purchases, avg(r.reward) AS average
       FROM (${SHOWN}) r JOIN "Decision" d ON d.id = r."decisionId"
       WHERE $1::text IS NULL OR d.channel::text = $1
       GROUP BY d.channel ORDER BY d.channel`,
      [channel],
    );
    return rows.map((r) => ({ channel: r.channel, shown: r.shown, purchases: r.purchases, averageReward: r.average * this.rewardScale }));
  }

  async byArm(channel: string | null, first: number): Promise<ArmPerformanceRow[]> {
    if (!(Number.isInteger(first) && first >= 1 && first <= 100)) throw badInput(`first must be an integer from 1 to 100, got ${first}`, 'first');
    const rows = await this.db.sql.query<{ offerId: string; channel: string; shown: number; purchases: number; average: number }>(
      `SELECT r."offerId", d.channel::text AS channel, count(*)::int AS shown, count(*) FILTER (WHERE r.purchased)::int AS purchases, avg(r.reward) AS average
       FROM (${SHOWN}) r JOIN "Decision" d ON d.id = r."decisionId"
       WHERE $1::text IS NULL OR d.channel::text = $1
       GROUP BY r."offerId", d.channel ORDER BY shown DESC, r."offerId", d.channel LIMIT $2`,
      [channel, first],
    );
    return rows.map((r) => {
      const ids = parseOfferId(r.offerId);
      return { offerId: r.offerId, productId: ids?.productId ?? r.offerId, promotionId: ids?.promotionId ?? null, channel: r.channel, shown: r.shown, purchases: r.purchases, averageReward: r.average * this.rewardScale };
    });
  }
}
