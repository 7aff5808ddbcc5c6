// A shopper's intent in the current session, for offer ranking. Folds the `interaction.recorded`
// events of the bus into per-session summaries, asks the engine's IntentModel for the intent, and
// trains that model on each session once the session shows how it ended (labelSession), so it
// learns without hand labels. Pure and in memory: the host feeds events, calls sweep() now and
// then, and persists snapshot() if it wants the learned model to outlive the process.
import { IntentModel, INTENTS, labelSession, type Intent, type IntentModelConfig, type IntentModelSnapshot, type IntentProbabilities, type SessionSummary } from '@retail/engine';
import type { InteractionRecordedPayload } from '@retail/platform';

export interface SessionIntentOptions {
  /** A session with no event for this long has ended; a longer gap between events starts a new one. Default 30 min. */
  sessionIdleMs?: number;
  /** Sessions held in memory; the least recently active goes first. Default 100 000. */
  maxSessions?: number;
  /** Summaries kept per session to train on when it ends, evenly thinned. Default 8. */
  maxCheckpoints?: number;
  /** Recent event ids kept per session to drop redeliveries. Default 32. */
  maxEventIdsPerSession?: number;
  /** Products remembered per session for distinctProducts and repeatViews. Default 256. */
  maxProductsPerSession?: number;
  /** Settings of a new model (ignored by restore, which takes the model from the snapshot). */
  model?: Partial<IntentModelConfig>;
  /** The clock for activity and idleness, in ms; event times come from the events. Default Date.now. */
  now?: () => number;
}

export interface SessionIntent {
  probabilities: IntentProbabilities;
  predicted: Intent;
  summary: SessionSummary;
  /** Distinct events folded into the summary. */
  events: number;
}

export interface SessionIntentStats {
  /** Sessions in memory that have not ended yet. */
  sessionsLive: number;
  /** Sessions in memory, ended or not (at most maxSessions). */
  sessionsTracked: number;
  sessionsObserved: number;
  sessionsResolved: number;
  /** Ended sessions that gave the model at least one update. */
  sessionsTrained: number;
  modelUpdates: number;
  eventsObserved: number;
  eventsDuplicate: number;
  /** Events older than their session by more than sessionIdleMs: they belonged to a session already gone. */
  eventsLate: number;
  eventsMalformed: number;
}

export interface SessionIntentSnapshot {
  kind: 'session-intent';
  model: IntentModelSnapshot;
  sessionsObserved: number;
  sessionsResolved: number;
  sessionsTrained: number;
}

const MINUTE_MS = 60_000;
const DEFAULTS = { sessionIdleMs: 30 * MINUTE_MS, maxSessions: 100_000, maxCheckpoints: 8, maxEventIdsPerSession: 32, maxProductsPerSession: 256 };
const PROBABILITY_OF: Record<Intent, keyof IntentProbabilities> = { BROWSING: 'browsing', RESEARCHING: 'researching', READY_TO_BUY: 'readyToBuy' };
/** Interactions that show shopping progress: each may become a checkpoint to learn from. */
const CHECKPOINT_TYPES = new Set(['VIEW', 'SEARCH', 'ADD_TO_CART', 'REMOVE_FROM_CART']);
/** Interactions that settle the session's intent as soon as they happen. */
const RESOLVING_TYPES = new Set(['CHECKOUT_START', 'PURCHASE']);
/** Interactions with a product in this session (not REVIEW or SERVICE_CONTACT, which are about past purchases). */
const PRODUCT_TYPES = new Set(['VIEW', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'PURCHASE']);

const emptySummary = (): SessionSummary => ({ views: 0, searches: 0, addToCarts: 0, removeFromCarts: 0, checkoutStarts: 0, distinctProducts: 0, repeatViews: 0, minutes: 0 });

interface TrackedSession {
  readonly key: string;
  customerId: string;
  /** Survives a new segment under the same key: a redelivery may come after the gap. */
  readonly recentIds: Set<string>;
  summary: SessionSummary;
  events: number;
  /** Event time (occurredAt), ms: the span gives minutes, whatever the arrival order. */
  firstAt: number;
  lastAt: number;
  /** Tracker clock at the last event: idleness is judged on arrival, so a bus backlog does not end sessions early. */
  receivedAt: number;
  /** productId → viewed in this session. */
  products: Map<string, boolean>;
  purchased: boolean;
  resolved: boolean;
  checkpoints: SessionSummary[];
  progressEvents: number;
  checkpointStride: number;
}

export class SessionIntentTracker {
  readonly sessionIdleMs: number;
  readonly maxSessions: number;
  readonly maxCheckpoints: number;
  readonly maxEventIdsPerSession: number;
  readonly maxProductsPerSession: number;
  private model: IntentModel;
  private readonly now: () => number;
  /** Least recently active first (re-inserted on every event). */
  private readonly sessions = new Map<string, TrackedSession>();
  /** The sessions not ended yet, in the same order, so sweep stops at the first active one. */
  private readonly live = new Map<string, TrackedSession>();
  /** customerId → key of the session with the customer's latest event; bounded like the sessions. */
  private readonly latestByCustomer = new Map<string, string>();
  /** Never goes back, so the activity order of `live` holds even if the injected clock does. */
  private clock = Number.NEGATIVE_INFINITY;
  private sessionsObserved = 0;
  private sessionsResolved = 0;
  private sessionsTrained = 0;
  private eventsObserved = 0;
  private eventsDuplicate = 0;
  private eventsLate = 0;
  private eventsMalformed = 0;

  constructor(options: SessionIntentOptions = {}) {
    this.sessionIdleMs = positiveNumber('sessionIdleMs', options.sessionIdleMs, DEFAULTS.sessionIdleMs);
    this.maxSessions = positiveInteger('maxSessions', options.maxSessions, DEFAULTS.maxSessions);
    this.maxCheckpoints = positiveInteger('maxCheckpoints', options.maxCheckpoints, DEFAULTS.maxCheckpoints);
    this.maxEventIdsPerSession = positiveInteger('maxEventIdsPerSession', options.maxEventIdsPerSession, DEFAULTS.maxEventIdsPerSession);
    this.maxProductsPerSession = positiveInteger('maxProductsPerSession', options.maxProductsPerSession, DEFAULTS.maxProductsPerSession);
    if (options.now !== undefined && typeof options.now !== 'function') throw new TypeError(`now must be a function, got ${show(options.now)}`);
    this.now = options.now ?? Date.now;
    this.model = new IntentModel(options.model);
  }

  /** Folds one interaction into its session; redeliveries and malformed events are counted and dropped. */
  observe(event: InteractionRecordedPayload): void {
    const at = typeof event?.occurredAt === 'string' ? Date.parse(event.occurredAt) : Number.NaN;
    if (!Number.isFinite(at) || !nonEmpty(event.id) || !nonEmpty(event.customerId) || typeof event.type !== 'string') {
      this.eventsMalformed++;
      return;
    }
    const receivedAt = (this.clock = Math.max(this.clock, this.now()));
    this.sweep(receivedAt);

    const key = nonEmpty(event.sessionId) ? event.sessionId : `customer:${event.customerId}`;
    let session = this.sessions.get(key);
    if (session?.recentIds.has(event.id)) {
      this.eventsDuplicate++;
      return;
    }
    if (session !== undefined && at <= session.firstAt - this.sessionIdleMs) {
      this.eventsLate++;
      return;
    }
    if (session === undefined) {
      session = this.startSession(key, at);
    } else if (at - session.lastAt >= this.sessionIdleMs) {
      // The shopper was away longer than a session lasts: what came before has ended.
      this.resolve(session);
      this.startSegment(session, at);
    }
    this.sessions.delete(key);
    this.sessions.set(key, session);
    this.remember(session, event.id);
    session.customerId = event.customerId;
    session.receivedAt = receivedAt;
    this.eventsObserved++;

    const wasResolved = session.resolved;
    this.fold(session, event, at);
    if (!wasResolved) {
      this.live.delete(key);
      if (RESOLVING_TYPES.has(event.type)) this.resolve(session);
      else {
        this.live.set(key, session);
        if (CHECKPOINT_TYPES.has(event.type)) this.checkpoint(session);
      }
    }
    this.noteLatest(session);
    while (this.sessions.size > this.maxSessions) this.evict(this.sessions.values().next().value!);
  }

  /** Ends (and trains on) every session with no event for sessionIdleMs; returns how many ended. */
  sweep(now: number = this.now()): number {
    let ended = 0;
    for (const session of this.live.values()) {
      if (now - session.receivedAt < this.sessionIdleMs) break;
      this.resolve(session);
      ended++;
    }
    return ended;
  }

  intentOf(sessionId: string): SessionIntent | null {
    const session = this.sessions.get(sessionId);
    if (session === undefined) return null;
    return { ...this.predict(session.summary), summary: { ...session.summary }, events: session.events };
  }

  /** The key of the session holding the customer's latest event (by occurredAt), or null. */
  latestSessionOf(customerId: string): string | null {
    const key = this.latestByCustomer.get(customerId);
    if (key === undefined) return null;
    if (this.sessions.has(key)) return key;
    this.latestByCustomer.delete(customerId);
    return null;
  }

  /** The model's intent for an arbitrary summary. */
  predict(summary: SessionSummary): { probabilities: IntentProbabilities; predicted: Intent } {
    const probabilities = this.model.predict(summary);
    let predicted: Intent = INTENTS[0];
    for (const intent of INTENTS) if (probabilities[PROBABILITY_OF[intent]] > probabilities[PROBABILITY_OF[predicted]]) predicted = intent;
    return { probabilities, predicted };
  }

  /** The intent of a session with no events yet, for a shopper the tracker has not seen. */
  priorIntent(): SessionIntent {
    const summary = emptySummary();
    return { ...this.predict(summary), summary, events: 0 };
  }

  stats(): SessionIntentStats {
    return {
      sessionsLive: this.live.size,
      sessionsTracked: this.sessions.size,
      sessionsObserved: this.sessionsObserved,
      sessionsResolved: this.sessionsResolved,
      sessionsTrained: this.sessionsTrained,
      modelUpdates: this.model.updateCount,
      eventsObserved: this.eventsObserved,
      eventsDuplicate: this.eventsDuplicate,
      eventsLate: this.eventsLate,
      eventsMalformed: this.eventsMalformed,
    };
  }

  /** The learned model and its counters; sessions in flight are not kept (they would be stale by a restart). */
  snapshot(): SessionIntentSnapshot {
    return { kind: 'session-intent', model: this.model.snapshot(), sessionsObserved: this.sessionsObserved, sessionsResolved: this.sessionsResolved, sessionsTrained: this.sessionsTrained };
  }

  static restore(snapshot: SessionIntentSnapshot, options: Omit<SessionIntentOptions, 'model'> = {}): SessionIntentTracker {
    if (snapshot?.kind !== 'session-intent') throw new TypeError(`not a session intent snapshot (kind ${JSON.stringify(snapshot?.kind)})`);
    const tracker = new SessionIntentTracker({ ...options, model: undefined });
    tracker.model = IntentModel.restore(snapshot.model);
    tracker.sessionsObserved = count('sessionsObserved', snapshot.sessionsObserved);
    tracker.sessionsResolved = count('sessionsResolved', snapshot.sessionsResolved);
    tracker.sessionsTrained = count('sessionsTrained', snapshot.sessionsTrained);
    return tracker;
  }

  private startSession(key: string, at: number): TrackedSession {
    const session: TrackedSession = {
      key,
      customerId: '',
      recentIds: new Set(),
      summary: emptySummary(),
      events: 0,
      firstAt: at,
      lastAt: at,
      receivedAt: this.clock,
      products: new Map(),
      purchased: false,
      resolved: false,
      checkpoints: [],
      progressEvents: 0,
      checkpointStride: 1,
    };
    this.sessionsObserved++;
    return session;
  }

  private startSegment(session: TrackedSession, at: number): void {
    const fresh = this.startSession(session.key, at);
    Object.assign(session, { ...fresh, recentIds: session.recentIds });
  }

  private remember(session: TrackedSession, eventId: string): void {
    session.recentIds.add(eventId);
    if (session.recentIds.size > this.maxEventIdsPerSession) session.recentIds.delete(session.recentIds.values().next().value!);
  }

  private fold(session: TrackedSession, event: InteractionRecordedPayload, at: number): void {
    const s = session.summary;
    session.events++;
    session.firstAt = Math.min(session.firstAt, at);
    session.lastAt = Math.max(session.lastAt, at);
    s.minutes = (session.lastAt - session.firstAt) / MINUTE_MS;
    switch (event.type) {
      case 'VIEW': s.views++; break;
      case 'SEARCH': s.searches++; break;
      case 'ADD_TO_CART': s.addToCarts++; break;
      case 'REMOVE_FROM_CART': s.removeFromCarts++; break;
      case 'CHECKOUT_START': s.checkoutStarts++; break;
      case 'PURCHASE': session.purchased = true; break;
    }
    if (!PRODUCT_TYPES.has(event.type) || !nonEmpty(event.productId)) return;
    const viewed = session.products.get(event.productId);
    const isView = event.type === 'VIEW';
    if (viewed === undefined) {
      s.distinctProducts++;
      // Past the cap a product is counted but not remembered: a later repeat of it counts as new.
      if (session.products.size < this.maxProductsPerSession) session.products.set(event.productId, isView);
    } else if (isView) {
      if (viewed) s.repeatViews++;
      else session.products.set(event.productId, true);
    }
  }

  /** Keeps a summary every `stride` progress events, halving the kept ones (and doubling the stride) when full, so they stay evenly spread. */
  private checkpoint(session: TrackedSession): void {
    const n = session.progressEvents++;
    if (n % session.checkpointStride !== 0) return;
    session.checkpoints.push({ ...session.summary });
    if (session.checkpoints.length > this.maxCheckpoints) {
      session.checkpoints = session.checkpoints.filter((_, i) => i % 2 === 0);
      session.checkpointStride *= 2;
    }
  }

  /** Ends a session once: every checkpoint learns the label of how the whole session went. */
  private resolve(session: TrackedSession): void {
    if (session.resolved) return;
    session.resolved = true;
    this.live.delete(session.key);
    this.sessionsResolved++;
    if (session.checkpoints.length === 0) return;
    const intent = labelSession({ ...session.summary, purchased: session.purchased });
    for (const summary of session.checkpoints) this.model.update(summary, intent);
    session.checkpoints = [];
    this.sessionsTrained++;
  }

  private evict(session: TrackedSession): void {
    this.resolve(session);
    this.sessions.delete(session.key);
    if (this.latestByCustomer.get(session.customerId) === session.key) this.latestByCustomer.delete(session.customerId);
  }

  private noteLatest(session: TrackedSession): void {
    const { customerId, key } = session;
    const current = this.latestByCustomer.get(customerId);
    const currentSession = current === undefined ? undefined : this.sessions.get(current);
    if (current !== key && currentSession !== undefined && currentSession.lastAt > session.lastAt) return;
    this.latestByCustomer.delete(customerId);
    this.latestByCustomer.set(customerId, key);
    // A session may carry several customers (a guest who signs in): bound this map on its own.
    if (this.latestByCustomer.size > this.maxSessions) this.latestByCustomer.delete(this.latestByCustomer.keys().next().value!);
  }
}

function nonEmpty(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0;
}

function show(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : String(value);
}

function positiveNumber(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive finite number, got ${show(value)}`);
  return value;
}

function positiveInteger(name: string, value: unknown, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) <= 0) throw new RangeError(`${name} must be a positive integer, got ${show(value)}`);
  return value as number;
}

function count(name: string, value: unknown): number {
  if (!Number.isSafeInteger(value) || (value as number) < 0) throw new RangeError(`${name} must be a non-negative integer, got ${show(value)}`);
  return value as number;
}
