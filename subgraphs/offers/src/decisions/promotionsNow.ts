// The promotions of a decision's candidates as they are inside the decision's transaction, not as
// the (cached) candidate generation read them: whether each is approved and in its window, and what
// its budget has left. The policy ranks with these, so what it removes, and the propensities of the
// slate it serves, are judged on what was really available when the decision was logged.
import type { SqlRunner } from '@retail/db';
import type { RankCandidate, RankRequest } from '@retail/engine';

export interface PromotionNow {
  id: string;
  approved: boolean;
  /** Epoch ms. */
  startsAt: number;
  endsAt: number;
  budgetAmount: number | null;
  /** Spent plus reserved. */
  committedAmount: number;
  budgetUnits: number | null;
  committedUnits: number;
}

type Tx = Pick<SqlRunner, 'query'>;

/** Reads the promotions; with `lock`, holds their rows until the transaction ends (in id order, so concurrent lockers queue). */
export async function readPromotionsNow(tx: Tx, ids: readonly string[], lock: boolean): Promise<Map<string, PromotionNow>> {
  if (ids.length === 0) return new Map();
  // The columns are UTC wall times without a zone: extract(epoch) reads them as UTC.
  const rows = await tx.query<PromotionNow>(
    `SELECT id, status = 'APPROVED' AS approved,
            (extract(epoch FROM "startsAt") * 1000)::float8 AS "startsAt", (extract(epoch FROM "endsAt") * 1000)::float8 AS "endsAt",
            "budgetAmount"::float8 AS "budgetAmount", ("spentAmount" + "reservedAmount")::float8 AS "committedAmount",
            "budgetUnits", "spentUnits" + "reservedUnits" AS "committedUnits"
     FROM "Promotion" WHERE id = ANY($1::text[]) ORDER BY id${lock ? ' FOR UPDATE' : ''}`,
    [ids],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

const hasBudget = (p: PromotionNow) => p.budgetAmount !== null || p.budgetUnits !== null;

/** What the promotion's budget has left: money and units, null where it sets no such limit. */
const leftOf = (p: PromotionNow) => ({
  amount: p.budgetAmount === null ? null : p.budgetAmount - p.committedAmount,
  units: p.budgetUnits === null ? null : p.budgetUnits - p.committedUnits,
});

/** The request with every candidate's promotion as read now (a promotion gone meanwhile counts as not approved), and the budgets the slate may spend. */
export function withPromotionsNow(request: RankRequest, promotions: ReadonlyMap<string, PromotionNow>): RankRequest {
  const budgetsLeft = new Map<string, { amount: number | null; units: number | null }>();
  for (const p of promotions.values()) if (hasBudget(p)) budgetsLeft.set(p.id, leftOf(p));
  const candidates = request.candidates.map((c): RankCandidate => {
    const old = c.constraint.promotion;
    if (c.promotionId === null || old === null) return c;
    const p = promotions.get(c.promotionId);
    if (!p) return { ...c, constraint: { ...c.constraint, promotion: { ...old, approved: false } } };
    const left = budgetsLeft.get(p.id) ?? { amount: null, units: null };
    return {
      ...c,
      constraint: { ...c.constraint, promotion: { ...old, approved: p.approved, startsAt: p.startsAt, endsAt: p.endsAt, budgetAmountLeft: left.amount, budgetUnitsLeft: left.units } },
      budget: p.budgetAmount === null ? null : { budget: p.budgetAmount, spent: p.committedAmount, startsAt: p.startsAt, endsAt: p.endsAt },
    };
  });
  return { ...request, candidates, budgetsLeft };
}

/** The promotions with a budget, of the served offers: what each must reserve (one unit's discount per offer, in cents). */
export function reservationsOf(offers: readonly { candidate: RankCandidate }[], promotions: ReadonlyMap<string, PromotionNow>): Map<string, { amount: number; units: number }> {
  const out = new Map<string, { amount: number; units: number }>();
  for (const { candidate } of offers) {
    const p = candidate.promotionId === null ? undefined : promotions.get(candidate.promotionId);
    if (!p || !hasBudget(p)) continue;
    const r = out.get(p.id) ?? { amount: 0, units: 0 };
    r.amount += Math.round(candidate.constraint.discount * 100);
    r.units += 1;
    out.set(p.id, r);
  }
  return out;
}
