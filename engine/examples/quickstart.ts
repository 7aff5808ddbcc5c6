// Runnable: npx tsx engine/examples/quickstart.ts
// Ranks offers for one shopper, learns from an outcome, and restores the model from a snapshot.
import { OfferPolicy, rewardOf, seededRandom, DEFAULT_REWARD, type RankCandidate } from '../src/index.ts';

const now = Date.UTC(2026, 10, 23, 18);
const policy = new OfferPolicy({ mode: 'learning' }, seededRandom(42));

const candidate = (id: string, category: string, price: number, discount: number): RankCandidate => ({
  offerId: `${id}:WEB`,
  productId: id,
  promotionId: discount > 0 ? `promo-${id}` : null,
  offer: { categoryId: category, price, discountShare: discount / price, marginAfterDiscount: (price - discount - price * 0.6) / (price - discount), competitorGap: 0.02, lifecycle: 'CORE', rating: 4.3, sentiment: 0.4, stockCoverDays: 21 },
  constraint: {
    offerId: `${id}:WEB`, price, unitCost: price * 0.6, discount, marginFloor: 0.1, available: 12,
    promotion: discount > 0 ? { id: `promo-${id}`, approved: true, startsAt: now - 86_400_000, endsAt: now + 86_400_000, channels: ['WEB'], budgetAmountLeft: 500, budgetUnitsLeft: null } : null,
  },
  budget: discount > 0 ? { budget: 1000, spent: 300, startsAt: now - 86_400_000, endsAt: now + 86_400_000 } : null,
  popularity: 3,
  overstock: 0,
  underperforming: false,
});

const request = {
  customer: { age: 34, incomeBand: 3, loyaltyTier: 2, priceSensitivity: 0.7, daysSinceLastPurchase: 12, orderCount: 9, totalSpend: 420, categoryAffinity: new Map([['tea', 0.6]]) },
  context: { channel: 'WEB', device: 'MOBILE', localHour: 18, weekday: 1, distanceToStoreKm: 2.5, sessionDepth: 6, intent: { browsing: 0.2, researching: 0.3, readyToBuy: 0.5 } },
  candidates: [candidate('green-tea', 'tea', 6, 0.6), candidate('espresso', 'coffee', 12, 0), candidate('oolong', 'tea', 9, 1.8)],
  limit: 2,
  now,
  exposures: new Map<string, number>(),
};

const decision = policy.rank(request);
for (const o of decision.offers) {
  console.log(`#${o.position + 1} ${o.candidate.offerId}: score ${o.score.toFixed(3)}, propensity ${o.propensity.toFixed(3)}, P(purchase) ${o.purchaseProbability?.toFixed(3)} × value ${o.value.toFixed(3)}, driven by ${o.topContributions.map((c) => c.feature).join(', ') || 'the prior'}`);
}

// The shopper bought the first offer: its margin is the reward (in reward units, see RewardConfig).
// The logged features end with the offer's value, so the model learns P(purchase) from reward ÷ value.
const first = decision.offers[0]!;
const margin = first.candidate.constraint.price - first.candidate.constraint.discount - first.candidate.constraint.unitCost;
policy.update(first.candidate.offerId, first.features, rewardOf([{ kind: 'PURCHASE', margin }], DEFAULT_REWARD));

// Persist and restore: the restored policy scores identically.
const restored = new OfferPolicy({ mode: 'learning' }, seededRandom(42));
restored.restore(JSON.parse(JSON.stringify(policy.snapshot())));
console.log(`updates: ${restored.updates}, model ${restored.modelVersion}`);
