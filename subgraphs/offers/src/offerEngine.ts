// The decision engine hosted in the offers subgraph process: the policy, the candidate read model
// and the session intent tracker, fed by the event bus, plus the learning loop (apply the reward
// log, end reward waits, snapshot). start() restores and catches up before the first request;
// stop() saves a final snapshot.
import { createHash, randomInt } from 'node:crypto';
import { gunzipSync, gzipSync } from 'node:zlib';
import type { Database, OutboxRelay } from '@retail/db';
import { OfferPolicy, seededRandom, SubstitutionPolicy, type OfferPolicyConfig } from '@retail/engine';
import { SubstitutionService, SUBSTITUTION_OUTCOMES_LOGGED } from './substitutions/substitutionService.ts';
import {
  INTERACTION_RECORDED,
  POLICY_MODE_CHANGED,
  STOCK_ADJUSTED,
  STOCK_RESERVATION_CHANGED,
  STOCK_SAFETY_CHANGED,
  Topics,
  type EventBus,
  type InteractionRecordedPayload,
  type Logger,
  type StockAdjustedEvent,
  type StockReservationChangedEvent,
  type StockSafetyChangedEvent,
  type BusEvent,
  type Unsubscribe,
} from '@retail/platform';
import { GraphQLError } from 'graphql';
import { loadCandidateCatalog, type CandidateCatalog, type CatalogSources } from './readModel/candidateCatalog.ts';
import { SessionIntentTracker, type SessionIntentSnapshot } from './intent/sessionIntent.ts';
import type { DecisionSignals, IntentReading } from './decisions/decisionSignals.ts';
import { DEFAULT_STOCK_HOLD, type StockHoldSettings } from './decisions/stockHolds.ts';
import { ModelLearner } from './learning/modelLearner.ts';
import { RewardCloser } from './learning/rewardCloser.ts';
import { OfferPerformance } from './learning/offerPerformance.ts';
import { PolicyModeService } from './learning/policyModeService.ts';
import { PurchaseAttribution } from './learning/purchaseAttribution.ts';


/** The stock events the read model follows. */
type StockEvent = StockAdjustedEvent | StockReservationChangedEvent | StockSafetyChangedEvent;
export interface LearningSettings {
  /** Fallback poll of the reward log, in case a bus notification was missed. */
  pollMs: number;
  /** How often offers past their reward wait are closed. */
  closeEveryMs: number;
  /** How often the model is saved when it changed. */
  snapshotEveryMs: number;
  /** How often the catalogue and recent sales are reloaded from their subgraphs. */
  catalogRefreshMs: number;
}

/** ModelSnapshot.modelName of the session intent model (versioned by its update count). */
export const INTENT_MODEL_NAME = 'session-intent';

/** Consumer group of the purchase attribution: each interaction event is credited by one offers replica (redeliveries change nothing). */
export const ATTRIBUTION_GROUP = 'offers-purchase-attribution';

export const DEFAULT_LEARNING: LearningSettings = { pollMs: 1000, closeEveryMs: 5000, snapshotEveryMs: 60_000, catalogRefreshMs: 10 * 60_000 };

export interface OfferEngineOptions {
  db: Database;
  bus: EventBus;
  outbox: OutboxRelay | null;
  /** The other subgraphs' GraphQL endpoints; without them personalizedOffers answers UNAVAILABLE. */
  sources: CatalogSources | null;
  policy?: Partial<OfferPolicyConfig>;
  /** Seed of the exploration draws (tests and replays); a random one by default. */
  seed?: number;
  learning?: Partial<LearningSettings>;
  /** When add-to-carts hold stock (decisions/stockHolds.ts); a credited purchase releases what they held. */
  stockHold?: StockHoldSettings;
  now: () => Date;
  log?: Logger;
  /** Said with every failed load of the read model at start: where the sources come from (standalone: CUSTOMER_URL, …). */
  sourcesHint?: string;
}

/** Retries of the read model's first load: soon at first, then every 30 s, each with a log line. */
const CATALOG_RETRY_MS = { first: 1_000, max: 30_000 };

export class OfferEngine implements DecisionSignals {
  readonly policy: OfferPolicy;
  readonly learner: ModelLearner;
  readonly closer: RewardCloser;
  intents: SessionIntentTracker;
  readonly seed: number;
  readonly performance = new OfferPerformance();
  readonly modes: PolicyModeService;
  /** Credits purchases recorded as interactions to the offers that showed them. */
  readonly attribution: PurchaseAttribution;
  /** Substitutes for unavailable products, with their own learner and log. */
  readonly substitutions: SubstitutionService;
  private readonly settings: LearningSettings;
  private catalogValue: CandidateCatalog | null = null;
  private catalogLoad: Promise<CandidateCatalog> | null = null;
  private catalogError: Error | null = null;
  /** Stock events that arrive while a (re)load is under way, replayed onto the new read model. */
  private pendingStock: BusEvent<StockEvent>[] | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly subscriptions: Unsubscribe[] = [];
  private lastSnapshotSeq = -1n;
  private stopped = false;
  private stopping: Promise<void> | null = null;
  /** Timer tasks under way: stop() waits for them before the final snapshot. */
  private readonly inFlight = new Set<Promise<unknown>>();
  private catalogRetry: NodeJS.Timeout | null = null;

  constructor(private readonly options: OfferEngineOptions) {
    this.seed = options.seed ?? randomInt(2 ** 31);
    this.policy = new OfferPolicy(options.policy ?? {}, seededRandom(this.seed));
    const substitutionRandom = seededRandom(this.seed + 1);
    this.substitutions = new SubstitutionService(options.db, new SubstitutionPolicy({}, substitutionRandom), options.outbox ?? null, substitutionRandom);
    this.settings = { ...DEFAULT_LEARNING, ...options.learning };
    this.learner = new ModelLearner(options.db, this.policy, {
      onSkip: (seq, reason) => options.log?.warn('reward skipped by the model', { seq, reason }),
      onApplied: (offerId, reward, shown) => this.performance.record(offerId, reward, shown),
    });
    this.closer = new RewardCloser(options.db, options.outbox, this.policy.config.reward);
    this.modes = new PolicyModeService(options.db, options.outbox);
    this.attribution = new PurchaseAttribution(options.db, options.outbox, this.policy.config.reward, options.stockHold ?? DEFAULT_STOCK_HOLD);
    this.intents = new SessionIntentTracker({ now: () => options.now().getTime() });
  }

  async start(): Promise<void> {
    const { bus, log } = this.options;
    const restored = await this.learner.restoreLatest();
    await this.performance.load(this.options.db, this.learner.appliedSeq);
    await this.restoreIntentModel();
    await this.refreshMode();
    const applied = await this.learner.catchUp();
    const substitutionsFrom = await this.substitutions.restoreLatest();
    const substitutionOutcomes = await this.substitutions.catchUp();
    this.lastSnapshotSeq = restored ? BigInt(restored.appliedSeq) : -1n;
    log?.info('offer model ready', { restoredFrom: restored?.appliedSeq ?? null, rewardsApplied: applied, substitutionsFrom, substitutionOutcomes, modelVersion: this.policy.modelVersion });
    this.subscriptions.push(
      await bus.subscribe(Topics.modelUpdates, async (e) => {
        if (e.type === POLICY_MODE_CHANGED) await this.refreshMode();
        else if (e.type === SUBSTITUTION_OUTCOMES_LOGGED) await this.substitutions.catchUp();
        else await this.catchUp();
      }),
      await bus.subscribe<StockEvent>(Topics.stock, (e) => {
        if (e.type !== STOCK_ADJUSTED && e.type !== STOCK_RESERVATION_CHANGED && e.type !== STOCK_SAFETY_CHANGED) return;
        this.pendingStock?.push(e as BusEvent<StockEvent>);
        this.applyStock(this.catalogValue, e as BusEvent<StockEvent>);
      }),
      await bus.subscribe<InteractionRecordedPayload>(Topics.interactions, (e) => {
        if (e.type !== INTERACTION_RECORDED) return;
        this.intents.observe(e.payload);
        if (e.payload.type === 'PURCHASE' && e.payload.productId) this.catalogValue?.addSales(e.payload.productId, 1);
      }),
      // A work queue, apart from the read model's broadcast: a handler that throws gets the event again.
      await bus.subscribe<InteractionRecordedPayload>(
        Topics.interactions,
        async (e) => {
          if (e.type !== INTERACTION_RECORDED || e.payload.type !== 'PURCHASE') return;
          const credited = await this.attribution.attribute(e.payload);
          if (credited.rewardSeq) await this.catchUp();
        },
        { group: ATTRIBUTION_GROUP },
      ),
    );
    const every = (ms: number, task: () => Promise<unknown>, what: string) => {
      const timer = setInterval(() => {
        if (this.stopped) return;
        const run = task()
          .catch((error) => log?.warn(`${what} failed; will retry`, { error: String(error) }))
          .finally(() => this.inFlight.delete(run));
        this.inFlight.add(run);
      }, ms);
      timer.unref();
      this.timers.push(timer);
    };
    every(this.settings.pollMs, () => this.catchUp(), 'applying rewards');
    every(this.settings.pollMs, () => this.refreshMode(), 'reading the policy mode');
    every(this.settings.pollMs, () => this.substitutions.catchUp(), 'applying substitution outcomes');
    every(this.settings.closeEveryMs, () => this.closeDue(), 'closing reward waits');
    every(this.settings.snapshotEveryMs, () => this.snapshotIfChanged(), 'saving the model');
    every(this.settings.catalogRefreshMs, () => this.reloadCatalog(), 'reloading the catalogue');
    every(60_000, async () => this.intents.sweep(), 'ending idle sessions');
    if (this.options.sources) this.warmUpCatalog(CATALOG_RETRY_MS.first);
  }

  /** Loads the read model now, so its sources' problems show at start, and retries until it loads (requests also try). */
  private warmUpCatalog(retryMs: number): void {
    this.catalogRetry = null;
    if (this.stopped || this.catalogValue) return;
    this.catalog().catch((error: GraphQLError) => {
      if (this.stopped || this.catalogValue) return;
      this.options.log?.warn('candidate read model did not load; personalizedOffers answers UNAVAILABLE until it does', {
        error: this.catalogError?.message ?? error.message,
        retryInMs: retryMs,
        ...(this.options.sourcesHint ? { hint: this.options.sourcesHint } : {}),
      });
      this.catalogRetry = setTimeout(() => this.warmUpCatalog(Math.min(retryMs * 2, CATALOG_RETRY_MS.max)), retryMs);
      this.catalogRetry.unref();
    });
  }

  private applyStock(catalog: CandidateCatalog | null, e: BusEvent<StockEvent>): void {
    if (!catalog) return;
    if (e.type === STOCK_RESERVATION_CHANGED) catalog.applyReservationEvent(e.payload as StockReservationChangedEvent);
    else catalog.applyStockEvent(e.payload as StockAdjustedEvent | StockSafetyChangedEvent);
  }

  /** Stops the timers and consumers, learns what the logs hold, and saves the final snapshot. A second call waits for the first. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.stopped = true;
      for (const t of this.timers) clearInterval(t);
      if (this.catalogRetry) clearTimeout(this.catalogRetry);
      await Promise.allSettled(this.subscriptions.map((u) => u()));
      await Promise.allSettled(this.inFlight);
      await this.learner.catchUp().catch(() => 0);
      await this.substitutions.catchUp().catch(() => 0);
      const saved = await this.snapshotIfChanged();
      this.options.log?.info('offer model saved at shutdown', { saved, appliedSeq: this.learner.appliedSeq.toString() });
    })();
    return this.stopping;
  }

  /** Hash of the model's state, so operators and tests can check that replicas agree. */
  fingerprint(): string {
    return createHash('sha256').update(JSON.stringify(this.policy.snapshot())).digest('hex').slice(0, 16);
  }

  /** Serves in the latest kill-switch mode, if anyone set one (else the configured mode holds). */
  async refreshMode(): Promise<void> {
    const mode = await this.modes.current();
    if (mode && mode !== this.policy.config.mode) {
      this.policy.setMode(mode);
      this.options.log?.warn('offer policy mode changed', { mode });
    }
  }

  catchUp(): Promise<number> {
    return this.learner.catchUp();
  }

  /** Ends the reward waits due now and learns the rewards at once. */
  async closeDue(): Promise<number> {
    const closed = await this.closer.closeDue(this.options.now());
    if (closed > 0) await this.catchUp();
    return closed;
  }

  async snapshotIfChanged(): Promise<boolean> {
    await this.saveIntentModel();
    await this.substitutions.saveSnapshotIfChanged();
    if (this.learner.appliedSeq === this.lastSnapshotSeq) return false;
    const info = await this.learner.saveSnapshot();
    this.lastSnapshotSeq = BigInt(info.appliedSeq);
    this.options.log?.debug('offer model saved', { ...info });
    return true;
  }

  private lastIntentUpdates = -1;

  /** The intent model learns from this replica's session events; it is kept across restarts too. */
  private async saveIntentModel(): Promise<void> {
    const updates = this.intents.stats().modelUpdates;
    if (updates === this.lastIntentUpdates) return;
    const { prisma } = this.options.db;
    const state = gzipSync(Buffer.from(JSON.stringify(this.intents.snapshot())));
    await prisma.modelSnapshot.createMany({ data: [{ modelName: INTENT_MODEL_NAME, version: updates, state }], skipDuplicates: true });
    const old = await prisma.modelSnapshot.findMany({ where: { modelName: INTENT_MODEL_NAME }, orderBy: { version: 'desc' }, skip: 3, select: { id: true } });
    if (old.length) await prisma.modelSnapshot.deleteMany({ where: { id: { in: old.map((o) => o.id) } } });
    this.lastIntentUpdates = updates;
  }

  private async restoreIntentModel(): Promise<void> {
    const row = await this.options.db.prisma.modelSnapshot.findFirst({ where: { modelName: INTENT_MODEL_NAME }, orderBy: { version: 'desc' } });
    if (!row) return;
    const snapshot = JSON.parse(gunzipSync(row.state).toString('utf8')) as SessionIntentSnapshot;
    this.intents = SessionIntentTracker.restore(snapshot, { now: () => this.options.now().getTime() });
    this.lastIntentUpdates = this.intents.stats().modelUpdates;
  }

  /** The read model, loaded on first use and kept current by events. */
  async catalog(): Promise<CandidateCatalog> {
    if (this.catalogValue) return this.catalogValue;
    if (!this.options.sources) throw new GraphQLError('personalizedOffers is not configured: the offers subgraph was started without the other subgraphs\u2019 URLs', { extensions: { code: 'UNAVAILABLE' } });
    this.catalogLoad ??= this.loadCatalog().finally(() => (this.catalogLoad = null));
    try {
      return await this.catalogLoad;
    } catch (error) {
      this.catalogError = error as Error;
      throw new GraphQLError(`Offers cannot rank yet: the candidate read model did not load (${(error as Error).message})`, { extensions: { code: 'UNAVAILABLE' } });
    }
  }

  get catalogStatus(): { loaded: boolean; error: string | null } {
    return { loaded: this.catalogValue !== null, error: this.catalogError?.message ?? null };
  }

  private async loadCatalog(): Promise<CandidateCatalog> {
    this.pendingStock = [];
    try {
      const fresh = await loadCandidateCatalog(this.options.sources!);
      for (const e of this.pendingStock) this.applyStock(fresh, e);
      this.catalogValue = fresh;
      this.catalogError = null;
      this.options.log?.info('candidate read model loaded', fresh.size);
      return fresh;
    } finally {
      this.pendingStock = null;
    }
  }

  private async reloadCatalog(): Promise<void> {
    if (!this.options.sources || this.catalogLoad) return;
    this.catalogLoad = this.loadCatalog().finally(() => (this.catalogLoad = null));
    await this.catalogLoad;
  }

  isUnderperforming(offerId: string): boolean {
    return this.performance.isUnderperforming(offerId);
  }

  intentFor(customerId: string, sessionId: string | null): IntentReading {
    const id = sessionId ?? this.intents.latestSessionOf(customerId);
    const found = id ? this.intents.intentOf(id) : null;
    const reading = found ?? this.intents.priorIntent();
    return {
      sessionId: id,
      browsing: reading.probabilities.browsing,
      researching: reading.probabilities.researching,
      readyToBuy: reading.probabilities.readyToBuy,
      predicted: reading.predicted,
      events: found ? found.events : 0,
    };
  }
}
