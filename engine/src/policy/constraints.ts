// Hard constraints, applied before scoring and never violated: a candidate that fails one is not
// scored, cannot be explored into a slate, and does not count in the propensities. Each removal
// is reported with its reason, so the rationale can say which constraint removed what.

export type RemovalReason =
  | 'PROMOTION_NOT_APPROVED'
  | 'PROMOTION_OUT_OF_WINDOW'
  | 'CHANNEL_NOT_ELIGIBLE'
  | 'BELOW_MARGIN_FLOOR'
  | 'INSUFFICIENT_STOCK'
  | 'FREQUENCY_CAP'
  | 'BUDGET_EXHAUSTED'
  | 'STOCKOUT_RISK';

export interface CandidatePromotion {
  id: string;
  approved: boolean;
  startsAt: number; // epoch ms
  endsAt: number; // epoch ms, exclusive
  channels: readonly string[];
  /** Money left in the discount budget; null when the promotion has no money budget. */
  budgetAmountLeft: number | null;
  /** Units left in the budget; null when it has no unit budget. */
  budgetUnitsLeft: number | null;
}

export interface ConstrainedCandidate {
  offerId: string;
  price: number;
  unitCost: number;
  /** Money off one unit under the promotion (0 without one). */
  discount: number;
  /** Minimum (price − discount − unitCost) / (price − discount). */
  marginFloor: number;
  /** Available to promise at the serving location (or online). */
  available: number;
  promotion: CandidatePromotion | null;
  /** P(demand exceeds what is available before the next receipt), from the demand forecast; 0 when unknown. */
  stockoutRisk?: number;
}

export interface ConstraintContext {
  now: number;
  channel: string;
  /** Stock that must remain after this offer: candidates need available > safetyLevel. */
  safetyLevel: number;
  /** How often this customer already saw each promotion (or offer) in the capping window. */
  exposures: ReadonlyMap<string, number>;
  frequencyCap: number;
  /** Promotions are withheld from items at least this likely to run out before the next receipt (absent: never; OfferPolicy passes its 0.5). */
  maxPromotedStockoutRisk?: number;
}

export interface ConstraintResult {
  eligible: number[];
  removed: { index: number; reason: RemovalReason }[];
}

export function marginAfterDiscount(c: Pick<ConstrainedCandidate, 'price' | 'unitCost' | 'discount'>): number {
  const net = c.price - c.discount;
  return net > 0 ? (net - c.unitCost) / net : Number.NEGATIVE_INFINITY;
}

/** The first constraint a candidate fails, or null when it passes them all. */
export function violatedConstraint(c: ConstrainedCandidate, ctx: ConstraintContext): RemovalReason | null {
  const p = c.promotion;
  if (p) {
    if (!p.approved) return 'PROMOTION_NOT_APPROVED';
    if (ctx.now < p.startsAt || ctx.now >= p.endsAt) return 'PROMOTION_OUT_OF_WINDOW';
    if (!p.channels.includes(ctx.channel)) return 'CHANNEL_NOT_ELIGIBLE';
    if ((p.budgetAmountLeft !== null && p.budgetAmountLeft < c.discount) || (p.budgetUnitsLeft !== null && p.budgetUnitsLeft < 1)) return 'BUDGET_EXHAUSTED';
    if ((ctx.exposures.get(p.id) ?? 0) >= ctx.frequencyCap) return 'FREQUENCY_CAP';
    // Promoting what is about to run out empties the shelf before the next delivery.
    if ((c.stockoutRisk ?? 0) >= (ctx.maxPromotedStockoutRisk ?? Number.POSITIVE_INFINITY)) return 'STOCKOUT_RISK';
  } else if ((ctx.exposures.get(c.offerId) ?? 0) >= ctx.frequencyCap) {
    return 'FREQUENCY_CAP';
  }
  if (marginAfterDiscount(c) < c.marginFloor) return 'BELOW_MARGIN_FLOOR';
  if (!(c.available > ctx.safetyLevel)) return 'INSUFFICIENT_STOCK';
  return null;
}

export function applyHardConstraints(candidates: readonly ConstrainedCandidate[], ctx: ConstraintContext): ConstraintResult {
  const eligible: number[] = [];
  const removed: ConstraintResult['removed'] = [];
  candidates.forEach((c, index) => {
    const reason = violatedConstraint(c, ctx);
    if (reason) removed.push({ index, reason });
    else eligible.push(index);
  });
  return { eligible, removed };
}
