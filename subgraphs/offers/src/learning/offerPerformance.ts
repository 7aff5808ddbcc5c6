// How each offer has done so far, from the learning log: the soft "under-performer" penalty of the
// ranking reads it. An offer shown at least `minShown` times whose average reward is below
// `shareOfAverage` of the average over all offers is flagged. Built from the log at start, then
// updated as rewards are applied, so it is the same on every replica that applied the same log.
import type { Database } from '@retail/db';

export interface UnderperformerRule {
  minShown: number;
  shareOfAverage: number;
}

export const DEFAULT_UNDERPERFORMER_RULE: UnderperformerRule = { minShown: 50, shareOfAverage: 0.25 };

export class OfferPerformance {
  private readonly byOffer = new Map<string, { shown: number; total: number }>();
  private shown = 0;
  private total = 0;

  constructor(private readonly rule: UnderperformerRule = DEFAULT_UNDERPERFORMER_RULE) {}

  record(offerId: string, reward: number, count = 1): void {
    const s = this.byOffer.get(offerId) ?? { shown: 0, total: 0 };
    s.shown += count;
    s.total += reward;
    this.byOffer.set(offerId, s);
    this.shown += count;
    this.total += reward;
  }

  isUnderperforming(offerId: string): boolean {
    const s = this.byOffer.get(offerId);
    if (!s || s.shown < this.rule.minShown || this.shown === 0) return false;
    const average = this.total / this.shown;
    return average > 0 && s.total / s.shown < this.rule.shareOfAverage * average;
  }

  /** Loads the log up to `throughSeq` (what the restored model reflects). */
  async load(db: Database, throughSeq: bigint): Promise<void> {
    // One showing per offer shown, with its late purchase's reward in place of the final one (as the learner records it).
    const rows = await db.sql.query<{ offerId: string; shown: number; total: number }>(
      `SELECT r."offerId", count(*)::int AS shown, sum(COALESCE(l.reward, r.reward)) AS total
       FROM "Reward" r LEFT JOIN "Reward" l ON l."decisionId" = r."decisionId" AND l.position = r.position AND l.late AND l.seq <= $1::bigint
       WHERE NOT r.late AND r.seq <= $1::bigint GROUP BY r."offerId"`,
      [throughSeq.toString()],
    );
    for (const r of rows) this.record(r.offerId, r.total, r.shown);
  }
}
