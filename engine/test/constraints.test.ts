import { describe, expect, it } from 'vitest';
import { applyHardConstraints, marginAfterDiscount, seededRandom, shadowPrice, type ConstrainedCandidate, type ConstraintContext } from '../src/index.ts';

const CHANNELS = ['WEB', 'APP', 'STORE', 'EMAIL'];

function randomCase(seed: number): { candidates: ConstrainedCandidate[]; ctx: ConstraintContext } {
  const rng = seededRandom(seed);
  const pick = <T,>(xs: T[]) => xs[Math.floor(rng.next() * xs.length)]!;
  const now = 1_000_000;
  const exposures = new Map<string, number>();
  const candidates = Array.from({ length: 60 }, (_, i): ConstrainedCandidate => {
    const price = 1 + rng.next() * 100;
    const unitCost = price * (0.3 + rng.next() * 0.7);
    const hasPromo = rng.next() < 0.7;
    const discount = hasPromo ? price * rng.next() * 0.6 : 0;
    const promoId = `promo-${Math.floor(rng.next() * 10)}`;
    if (rng.next() < 0.3) exposures.set(hasPromo ? promoId : `offer-${i}`, Math.floor(rng.next() * 5));
    return {
      offerId: `offer-${i}`,
      price,
      unitCost,
      discount,
      marginFloor: rng.next() * 0.3,
      available: Math.floor(rng.next() * 10) - 2,
      promotion: hasPromo
        ? {
            id: promoId,
            approved: rng.next() < 0.8,
            startsAt: now - 1000 + Math.floor(rng.next() * 1500),
            endsAt: now - 200 + Math.floor(rng.next() * 3000),
            channels: CHANNELS.filter(() => rng.next() < 0.6),
            budgetAmountLeft: rng.next() < 0.5 ? null : rng.next() * 50,
            budgetUnitsLeft: rng.next() < 0.5 ? null : Math.floor(rng.next() * 3),
          }
        : null,
    };
  });
  return { candidates, ctx: { now, channel: pick(CHANNELS), safetyLevel: Math.floor(rng.next() * 3), exposures, frequencyCap: 1 + Math.floor(rng.next() * 3) } };
}

describe('hard constraints', () => {
  it('never lets through a candidate that breaks one, over many random cases (property)', () => {
    let eligibleSeen = 0;
    for (let seed = 1; seed <= 300; seed++) {
      const { candidates, ctx } = randomCase(seed);
      const { eligible, removed } = applyHardConstraints(candidates, ctx);
      expect(eligible.length + removed.length).toBe(candidates.length);
      for (const i of eligible) {
        const c = candidates[i]!;
        eligibleSeen++;
        // Re-check every rule from its definition.
        expect(c.available).toBeGreaterThan(ctx.safetyLevel);
        expect((c.price - c.discount - c.unitCost) / (c.price - c.discount)).toBeGreaterThanOrEqual(c.marginFloor);
        const p = c.promotion;
        if (p) {
          expect(p.approved).toBe(true);
          expect(ctx.now >= p.startsAt && ctx.now < p.endsAt).toBe(true);
          expect(p.channels).toContain(ctx.channel);
          if (p.budgetAmountLeft !== null) expect(p.budgetAmountLeft).toBeGreaterThanOrEqual(c.discount);
          if (p.budgetUnitsLeft !== null) expect(p.budgetUnitsLeft).toBeGreaterThanOrEqual(1);
          expect(ctx.exposures.get(p.id) ?? 0).toBeLessThan(ctx.frequencyCap);
        } else {
          expect(ctx.exposures.get(c.offerId) ?? 0).toBeLessThan(ctx.frequencyCap);
        }
      }
      for (const { index, reason } of removed) {
        const c = candidates[index]!;
        if (reason === 'INSUFFICIENT_STOCK') expect(c.available).toBeLessThanOrEqual(ctx.safetyLevel);
        if (reason === 'BELOW_MARGIN_FLOOR') expect(marginAfterDiscount(c)).toBeLessThan(c.marginFloor);
        if (reason === 'PROMOTION_NOT_APPROVED') expect(c.promotion!.approved).toBe(false);
        if (reason === 'CHANNEL_NOT_ELIGIBLE') expect(c.promotion!.channels).not.toContain(ctx.channel);
      }
    }
    expect(eligibleSeen).toBeGreaterThan(100); // the generator does produce eligible candidates
  });
});

describe('budget pacing', () => {
  const state = { budget: 1000, spent: 0, startsAt: 0, endsAt: 100 };
  it('costs nothing at or below the even pace', () => {
    expect(shadowPrice({ ...state, spent: 500 }, 50)).toBe(0);
    expect(shadowPrice({ ...state, spent: 100 }, 50)).toBe(0);
  });
  it('rises with overspend against the pace, and is infinite once spent', () => {
    const ahead = shadowPrice({ ...state, spent: 600 }, 50);
    const further = shadowPrice({ ...state, spent: 800 }, 50);
    expect(ahead).toBeCloseTo(20 * 0.1, 10);
    expect(further).toBeGreaterThan(ahead);
    expect(shadowPrice({ ...state, spent: 600 }, 70)).toBe(0); // time caught up
    expect(shadowPrice({ ...state, spent: 1000 }, 50)).toBe(Number.POSITIVE_INFINITY);
  });
});
