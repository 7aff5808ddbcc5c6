// Predicted shopping intent from the events of the current session: an online multinomial
// logistic regression over a few session statistics, updated by SGD as sessions resolve. Labels
// come from what the session did next (labelSession), so the model learns without hand labels.
import type { IntentProbabilities } from '../features/offerFeatures.ts';

export const INTENTS = ['BROWSING', 'RESEARCHING', 'READY_TO_BUY'] as const;
export type Intent = (typeof INTENTS)[number];

export interface SessionSummary {
  views: number;
  searches: number;
  addToCarts: number;
  removeFromCarts: number;
  checkoutStarts: number;
  distinctProducts: number;
  /** Views of a product already viewed in this session (comparison shopping). */
  repeatViews: number;
  minutes: number;
}

export const SESSION_FEATURES = ['bias', 'views', 'searches', 'addToCarts', 'removeFromCarts', 'checkoutStarts', 'distinctProducts', 'repeatViews', 'minutes'] as const;
const F = SESSION_FEATURES.length;
const K = INTENTS.length;

export function sessionFeatures(s: SessionSummary, out: Float64Array = new Float64Array(F)): Float64Array {
  const log = (v: number) => Math.log1p(Math.max(0, v));
  out[0] = 1;
  out[1] = log(s.views) / 3;
  out[2] = log(s.searches) / 2;
  out[3] = log(s.addToCarts);
  out[4] = log(s.removeFromCarts);
  out[5] = Math.min(1, s.checkoutStarts);
  out[6] = log(s.distinctProducts) / 3;
  out[7] = log(s.repeatViews) / 2;
  out[8] = log(s.minutes) / 4;
  return out;
}

/** What a finished (or advanced) session tells about the intent it had. */
export function labelSession(s: SessionSummary & { purchased: boolean }): Intent {
  if (s.purchased || s.checkoutStarts > 0) return 'READY_TO_BUY';
  if (s.addToCarts > 0 || s.searches >= 2 || s.repeatViews >= 2) return 'RESEARCHING';
  return 'BROWSING';
}

export interface IntentModelConfig {
  learningRate: number;
  l2: number;
}

export interface IntentModelSnapshot {
  kind: 'intent-softmax';
  config: IntentModelConfig;
  weights: number[];
  updates: number;
}

export class IntentModel {
  readonly config: IntentModelConfig;
  private weights: Float64Array;
  private updates = 0;
  private readonly x = new Float64Array(F);
  private readonly p = new Float64Array(K);

  constructor(config: Partial<IntentModelConfig> = {}) {
    const c = { learningRate: 0.1, l2: 1e-4, ...config };
    if (!(c.learningRate > 0 && Number.isFinite(c.learningRate))) throw new RangeError(`learningRate must be a finite number > 0, got ${c.learningRate}`);
    if (!(c.l2 >= 0 && Number.isFinite(c.l2))) throw new RangeError(`l2 must be a finite number ≥ 0, got ${c.l2}`);
    this.config = c;
    // A reasonable prior before any data: carts and checkouts mean buying, searches mean research.
    this.weights = new Float64Array(K * F);
    const w = (intent: Intent, feature: (typeof SESSION_FEATURES)[number], value: number) => (this.weights[INTENTS.indexOf(intent) * F + SESSION_FEATURES.indexOf(feature)] = value);
    w('BROWSING', 'bias', 1);
    w('RESEARCHING', 'searches', 2);
    w('RESEARCHING', 'repeatViews', 2);
    w('READY_TO_BUY', 'addToCarts', 2);
    w('READY_TO_BUY', 'checkoutStarts', 4);
  }

  get updateCount(): number {
    return this.updates;
  }

  predict(s: SessionSummary): IntentProbabilities {
    const p = this.probabilities(sessionFeatures(s, this.x));
    return { browsing: p[0]!, researching: p[1]!, readyToBuy: p[2]! };
  }

  /** One SGD step on the cross-entropy of (session, intent). */
  update(s: SessionSummary, intent: Intent): void {
    const k = INTENTS.indexOf(intent);
    if (k < 0) throw new RangeError(`intent must be one of ${INTENTS.join(', ')}, got ${JSON.stringify(intent)}`);
    const x = sessionFeatures(s, this.x);
    const p = this.probabilities(x);
    const { learningRate: lr, l2 } = this.config;
    for (let c = 0; c < K; c++) {
      const g = p[c]! - (c === k ? 1 : 0);
      const base = c * F;
      for (let f = 0; f < F; f++) this.weights[base + f]! -= lr * (g * x[f]! + l2 * this.weights[base + f]!);
    }
    this.updates++;
  }

  private probabilities(x: Float64Array): Float64Array {
    const p = this.p;
    let max = Number.NEGATIVE_INFINITY;
    for (let c = 0; c < K; c++) {
      let z = 0;
      for (let f = 0; f < F; f++) z += this.weights[c * F + f]! * x[f]!;
      p[c] = z;
      if (z > max) max = z;
    }
    let total = 0;
    for (let c = 0; c < K; c++) total += p[c] = Math.exp(p[c]! - max);
    for (let c = 0; c < K; c++) p[c]! /= total;
    return p;
  }

  snapshot(): IntentModelSnapshot {
    return { kind: 'intent-softmax', config: { ...this.config }, weights: [...this.weights], updates: this.updates };
  }

  static restore(s: IntentModelSnapshot): IntentModel {
    if (s?.kind !== 'intent-softmax') throw new TypeError(`not an intent model snapshot (kind ${JSON.stringify(s?.kind)})`);
    if (s.weights.length !== K * F) throw new RangeError(`intent snapshot must hold ${K * F} weights, got ${s.weights.length}`);
    const m = new IntentModel(s.config);
    m.weights = Float64Array.from(s.weights);
    m.updates = s.updates;
    return m;
  }
}
