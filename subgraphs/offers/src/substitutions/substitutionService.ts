// Substitutions: when a product is unavailable (out of stock at the shopper's store, or at order
// time online), the in-stock replacements this shopper is most likely to accept, ranked by the
// engine's substitution learner. Candidates come from the read model (same department, in stock
// where the order is fulfilled, the original's category first); each answer is logged with the
// feature vectors and propensities, and outcomes go to a learning log that every replica applies
// in seq order, so all replicas learn the same thing. The learner is saved (ModelSnapshot) with the
// log position it reflects, so a restart restores it and reads the log on from there.
import { randomUUID } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import { enqueueEvent, type Database, type OutboxRelay } from '@retail/db';
import { ANONYMOUS_SHOPPER, shopperFromPurchases, SubstitutionPolicy, type RandomSource, type SubstituteItem, type SubstitutionPolicySnapshot, type SubstitutionShopper } from '@retail/engine';
import { badInput, conflict, notFound, Topics } from '@retail/platform';
import type { CandidateCatalog, CatalogProduct } from '../readModel/candidateCatalog.ts';
import type { ShopperRepresentation } from '../decisions/shopperProfile.ts';
import { LogFollower } from '../learning/logFollower.ts';

/** Topics.modelUpdates: the substitution log grew; replicas read on. */
export const SUBSTITUTION_OUTCOMES_LOGGED = 'substitution.outcomes.logged';
/** Transaction-scoped advisory lock of the substitution log (seq order = commit order). */
const SUBSTITUTION_LOG_LOCK = 7301994418;
export const MAX_SUBSTITUTION_CANDIDATES = 40;
/** ModelSnapshot.modelName of the substitution learner; version = the log seq it reflects. */
export const SUBSTITUTION_MODEL_NAME = 'substitution-policy';
export const MAX_SUBSTITUTES_PER_ANSWER = 10;

export interface SubstituteAnswer {
  decisionId: string;
  productId: string;
  locationId: string | null;
  candidateCount: number;
  substitutes: {
    productId: string;
    position: number;
    acceptProbability: number;
    score: number;
    propensity: number;
    explored: boolean;
    available: number;
    reasons: { code: string; description: string }[];
  }[];
}

export interface SubstitutionOutcomeAnswer {
  decisionId: string;
  productId: string;
  accepted: boolean;
  duplicate: boolean;
  /** This replica's learner has applied it (always true on the replica that recorded it). */
  learnt: boolean;
}

interface LoggedItem {
  productId: string;
  position: number;
  features: number[];
}

/** In stock where the order is fulfilled, same department, the original's own category first, then best sellers. */
export function substitutionCandidates(catalog: CandidateCatalog, original: CatalogProduct, locationId: string | null): CatalogProduct[] {
  // The read model's cached best-seller order, so no per-request sort by sales; a stable sort then
  // puts the original's category first.
  return catalog
    .bestSellers()
    .filter((p) => p.id !== original.id && p.departmentId === original.departmentId && catalog.availableAt(p.id, locationId) > 0)
    .sort((a, b) => Number(b.categoryId === original.categoryId) - Number(a.categoryId === original.categoryId))
    .slice(0, MAX_SUBSTITUTION_CANDIDATES);
}

export const substituteItem = (p: CatalogProduct, popularity: number): SubstituteItem => ({
  productId: p.id,
  categoryId: p.categoryId,
  departmentId: p.departmentId,
  brandId: p.brandId,
  price: p.price,
  size: p.size,
  dietary: p.dietary,
  rating: p.rating,
  popularity,
});

export interface SubstitutionModelState {
  /** The substitution log seq this replica has applied through. */
  appliedSeq: string;
  /** Outcomes the learner has learnt (including those in a restored snapshot). */
  updates: number;
  fingerprint: string;
}

export class SubstitutionService {
  private appliedSeq = 0n;
  private savedSeq = -1n;
  private current: SubstitutionPolicy;

  /** `random` is the policy's random source, handed on to a restored policy so it explores alike. */
  constructor(
    private readonly db: Database,
    policy: SubstitutionPolicy,
    private readonly outbox: Pick<OutboxRelay, 'wake'> | null,
    private readonly random: RandomSource,
  ) {
    this.current = policy;
  }

  get policy(): SubstitutionPolicy {
    return this.current;
  }

  get learntThrough(): string {
    return this.appliedSeq.toString();
  }

  state(): SubstitutionModelState {
    return { appliedSeq: this.appliedSeq.toString(), updates: this.current.updates, fingerprint: this.current.fingerprint() };
  }

  /** Saves the learner with the log position it reflects unless that position is saved already; replicas at one position write it once. */
  async saveSnapshotIfChanged(keep = 3): Promise<boolean> {
    if (this.appliedSeq === this.savedSeq) return false;
    const seq = this.appliedSeq;
    const state = gzipSync(Buffer.from(JSON.stringify(this.current.snapshot())));
    // The configuration as a string: jsonb reorders object keys, a string compares as written.
    const meta = { appliedSeq: seq.toString(), updates: this.current.updates, config: JSON.stringify(this.current.config) };
    const { prisma } = this.db;
    await prisma.modelSnapshot.createMany({ data: [{ modelName: SUBSTITUTION_MODEL_NAME, version: Number(seq), state, meta: meta as never }], skipDuplicates: true });
    const old = await prisma.modelSnapshot.findMany({ where: { modelName: SUBSTITUTION_MODEL_NAME }, orderBy: { version: 'desc' }, skip: keep, select: { id: true } });
    if (old.length) await prisma.modelSnapshot.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
    this.savedSeq = seq;
    return true;
  }

  /**
   * Restores the latest snapshot taken with this policy configuration (another configuration's
   * would rank differently: it is passed over, and the log replayed instead); returns its log seq.
   */
  async restoreLatest(): Promise<string | null> {
    const rows = await this.db.prisma.modelSnapshot.findMany({ where: { modelName: SUBSTITUTION_MODEL_NAME }, orderBy: { version: 'desc' }, take: 5 });
    const configured = JSON.stringify(this.current.config);
    for (const row of rows) {
      const meta = row.meta as { appliedSeq?: string; config?: unknown };
      if (typeof meta.appliedSeq !== 'string' || meta.config !== configured) continue;
      const snapshot = JSON.parse(gunzipSync(row.state).toString('utf8')) as SubstitutionPolicySnapshot;
      this.current = SubstitutionPolicy.restore(snapshot, this.random);
      this.appliedSeq = this.savedSeq = BigInt(meta.appliedSeq);
      return meta.appliedSeq;
    }
    return null;
  }

  /** The shopper as the learner sees them: their most-engaged products (none without consent). */
  private shopper(r: ShopperRepresentation, catalog: CandidateCatalog): SubstitutionShopper {
    if (r.consent?.personalization === false) return ANONYMOUS_SHOPPER;
    const purchases = (r.shoppingHistory?.topProducts ?? []).flatMap((t) => {
      const p = catalog.products.get(t.product.id);
      return p && t.interactions > 0 ? [{ productId: p.id, brandId: p.brandId, categoryId: p.categoryId, quantity: t.interactions }] : [];
    });
    return shopperFromPurchases(purchases, r.priceSensitivity ?? null);
  }

  async substitutes(shopper: ShopperRepresentation, productId: string, locationId: string | null, limit: number, catalog: CandidateCatalog, now: Date): Promise<SubstituteAnswer> {
    if (!(Number.isInteger(limit) && limit >= 1 && limit <= MAX_SUBSTITUTES_PER_ANSWER)) throw badInput(`limit must be an integer from 1 to ${MAX_SUBSTITUTES_PER_ANSWER}, got ${limit}`, 'limit');
    const original = catalog.products.get(productId);
    if (!original) throw notFound('Product', productId);
    if (locationId !== null && !catalog.locations.has(locationId)) throw badInput(`locationId ${JSON.stringify(locationId)} is not a known location`, 'locationId');
    const candidates = substitutionCandidates(catalog, original, locationId);
    const ranked = this.policy.rank(
      substituteItem(original, catalog.salesPerDay(original.id)),
      candidates.map((p) => substituteItem(p, catalog.salesPerDay(p.id))),
      this.shopper(shopper, catalog),
      { limit },
    );
    const decisionId = randomUUID();
    const items = ranked.map((r, position) => ({ productId: r.productId, position, acceptProbability: r.acceptProbability, propensity: r.propensity, explored: r.explored, features: r.features }));
    await this.db.prisma.substitutionDecision.create({ data: { id: decisionId, customerId: shopper.id, productId, locationId, items, createdAt: now } });
    return {
      decisionId,
      productId,
      locationId,
      candidateCount: candidates.length,
      substitutes: ranked.map((r, position) => ({
        productId: r.productId,
        position,
        acceptProbability: r.acceptProbability,
        score: r.score,
        propensity: r.propensity,
        explored: r.explored,
        available: catalog.availableAt(r.productId, locationId),
        reasons: r.reasons.map(({ code, description }) => ({ code, description })),
      })),
    };
  }

  /**
   * Whether the shopper accepted one substitute of an answer. One outcome per substitute: the same
   * again is a duplicate (nothing changes), the opposite a CONFLICT. Learnt before it returns.
   */
  async recordOutcome(input: { decisionId: string; productId: string; accepted: boolean }): Promise<SubstitutionOutcomeAnswer> {
    if (!input.decisionId?.trim()) throw badInput('decisionId must not be blank', 'decisionId');
    const decision = await this.db.prisma.substitutionDecision.findUnique({ where: { id: input.decisionId } });
    if (!decision) throw notFound('SubstitutionDecision', input.decisionId);
    if (!(decision.items as unknown as LoggedItem[]).some((i) => i.productId === input.productId)) {
      throw badInput(`Product ${JSON.stringify(input.productId)} was not offered as a substitute in decision ${JSON.stringify(input.decisionId)}`, 'productId');
    }
    const existing = await this.db.prisma.substitutionOutcome.findUnique({ where: { decisionId_productId: { decisionId: input.decisionId, productId: input.productId } } });
    if (existing) return this.replay(existing.accepted, input);
    const appended = await this.db.prisma.$transaction(async (tx) => {
      await tx.$executeRawUnsafe(`SELECT pg_advisory_xact_lock(${SUBSTITUTION_LOG_LOCK})`);
      const [row] = await tx.substitutionOutcome.createManyAndReturn({ data: { decisionId: input.decisionId, productId: input.productId, accepted: input.accepted }, skipDuplicates: true });
      if (row) await enqueueEvent(tx, Topics.modelUpdates, SUBSTITUTION_OUTCOMES_LOGGED, { throughSeq: row.seq.toString() });
      return row ?? null;
    });
    if (!appended) {
      const first = await this.db.prisma.substitutionOutcome.findUniqueOrThrow({ where: { decisionId_productId: { decisionId: input.decisionId, productId: input.productId } } });
      return this.replay(first.accepted, input);
    }
    this.outbox?.wake();
    await this.catchUp();
    return { decisionId: input.decisionId, productId: input.productId, accepted: input.accepted, duplicate: false, learnt: this.appliedSeq >= appended.seq };
  }

  private replay(accepted: boolean, input: { decisionId: string; productId: string; accepted: boolean }): SubstitutionOutcomeAnswer {
    if (accepted !== input.accepted) throw conflict(`The outcome of substitute ${JSON.stringify(input.productId)} in decision ${JSON.stringify(input.decisionId)} is already recorded as ${accepted ? 'accepted' : 'declined'}`);
    return { ...input, duplicate: true, learnt: true };
  }

  private readonly follower = new LogFollower(() => this.applyBatch(), 500);

  /** Applies the log from where this replica is, in seq order (LogFollower: calls during a pass get one more pass). */
  catchUp(): Promise<number> {
    return this.follower.catchUp();
  }

  private async applyBatch(): Promise<number> {
    const rows = await this.db.prisma.substitutionOutcome.findMany({ where: { seq: { gt: this.appliedSeq } }, orderBy: { seq: 'asc' }, take: 500, include: { decision: { select: { items: true } } } });
    for (const r of rows) {
      const logged = (r.decision.items as unknown as LoggedItem[]).find((i) => i.productId === r.productId);
      if (logged) this.policy.update({ candidateId: r.productId, features: logged.features }, r.accepted);
      this.appliedSeq = r.seq;
    }
    return rows.length;
  }
}
