// Applies the learning log (the Reward table) to this replica's policy, in seq order, and saves
// and restores snapshots. Every replica applies the same rewards in the same order, so replicas
// converge to the same model; the log lives in the database, so a process that dies after an
// outcome was accepted loses nothing: on restart it restores its latest snapshot and reads on
// from the seq that snapshot had reached.
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Database } from '@retail/db';
import type { OfferPolicy, OfferPolicySnapshot } from '@retail/engine';
import { LogFollower } from './logFollower.ts';

export const POLICY_MODEL_NAME = 'offer-policy';

interface RewardRow {
  seq: string;
  offerId: string;
  reward: number;
  features: number[] | null;
  /** A late purchase: the final reward it follows (a second example of the same offer, rewardLog.ts). */
  replaces: number | null;
}

export interface SnapshotInfo {
  version: number;
  appliedSeq: string;
  updates: number;
}

export class ModelLearner {
  private applied = 0n;
  private appliedRewards = 0;
  private readonly follower: LogFollower;

  constructor(
    private readonly db: Database,
    private readonly policy: OfferPolicy,
    private readonly options: { batchSize?: number; onSkip?: (seq: string, reason: string) => void; onApplied?: (offerId: string, reward: number, shown: number) => void } = {},
  ) {
    this.follower = new LogFollower(() => this.applyBatch(), options.batchSize ?? 500);
  }

  /** The last log position applied to this replica's model. */
  get appliedSeq(): bigint {
    return this.applied;
  }

  /** Rewards applied since start (or since the restored snapshot). */
  get rewardsApplied(): number {
    return this.appliedRewards;
  }

  /** Applies every reward logged after appliedSeq (LogFollower: calls during a pass get one more pass). */
  catchUp(): Promise<number> {
    return this.follower.catchUp();
  }

  private async applyBatch(): Promise<number> {
    const rows = await this.db.sql.query<RewardRow>(
      `SELECT r.seq::text AS seq, r."offerId", r.reward, i.features, f.reward AS replaces
       FROM "Reward" r JOIN "DecisionItem" i ON i."decisionId" = r."decisionId" AND i.position = r.position
       LEFT JOIN "Reward" f ON r.late AND f."decisionId" = r."decisionId" AND f.position = r.position AND NOT f.late
       WHERE r.seq > $1::bigint ORDER BY r.seq LIMIT $2`,
      [this.applied.toString(), this.options.batchSize ?? 500],
    );
    for (const row of rows) {
      const features = row.features;
      if (features && features.length === this.policy.featureDimension) this.policy.update(row.offerId, features, row.reward);
      // A vector logged by another model configuration cannot teach this one: skip it, visibly.
      else this.options.onSkip?.(row.seq, `features of length ${features?.length ?? 0}, this model needs ${this.policy.featureDimension}`);
      // A late purchase is the same showing: the offer's record takes its reward in place of the final one.
      if (row.replaces === null) this.options.onApplied?.(row.offerId, row.reward, 1);
      else this.options.onApplied?.(row.offerId, row.reward - row.replaces, 0);
      this.applied = BigInt(row.seq);
      this.appliedRewards++;
    }
    return rows.length;
  }

  /** Saves the model with the log position it reflects; replicas at the same position write it once. */
  async saveSnapshot(keep = 5): Promise<SnapshotInfo> {
    const version = Number(this.applied);
    const state = gzipSync(Buffer.from(JSON.stringify(this.policy.snapshot())));
    const meta = { appliedSeq: this.applied.toString(), updates: this.policy.updates, modelVersion: this.policy.modelVersion, model: this.policy.config.model };
    await this.db.prisma.modelSnapshot.createMany({ data: [{ modelName: POLICY_MODEL_NAME, version, state, meta }], skipDuplicates: true });
    const old = await this.db.prisma.modelSnapshot.findMany({ where: { modelName: POLICY_MODEL_NAME }, orderBy: { version: 'desc' }, skip: keep, select: { id: true } });
    if (old.length) await this.db.prisma.modelSnapshot.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
    return { version, appliedSeq: meta.appliedSeq, updates: meta.updates };
  }

  /** Restores the latest snapshot this configuration can read; null when there is none. */
  async restoreLatest(): Promise<SnapshotInfo | null> {
    const rows = await this.db.prisma.modelSnapshot.findMany({ where: { modelName: POLICY_MODEL_NAME }, orderBy: { version: 'desc' }, take: 5 });
    for (const row of rows) {
      const meta = row.meta as { appliedSeq?: string; model?: string };
      if (meta.model !== this.policy.config.model || typeof meta.appliedSeq !== 'string') continue;
      const snapshot = JSON.parse(gunzipSync(row.state).toString('utf8')) as OfferPolicySnapshot;
      this.policy.restore(snapshot);
      this.applied = BigInt(meta.appliedSeq);
      return { version: row.version, appliedSeq: meta.appliedSeq, updates: this.policy.updates };
    }
    return null;
  }
}
