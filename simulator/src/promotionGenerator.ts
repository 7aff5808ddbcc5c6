// Promotions in every state of their life: live ones (APPROVED, running at `now`), scheduled,
// paused, ended, waiting for approval, drafts and rejected ones. Approved depths respect every
// targeted product's margin floor; rejected ones are the proposals that breached it.
import { DEPARTMENTS } from './catalogData.ts';
import { maxDiscountShare, type Catalog } from './catalogGenerator.ts';
import { DAY } from './geography.ts';
import { REVIEWERS, STAFF } from './names.ts';
import { round2, type Random } from './random.ts';
import type { Channel, LoyaltyTier, PromotionRow, PromotionStatus, PromotionType } from './rows.ts';

type Phase = 'ACTIVE' | 'SCHEDULED' | 'PAUSED' | 'ENDED' | 'PENDING' | 'DRAFT' | 'REJECTED';
/** Cycled in order, so any 20 consecutive promotions hold every phase. */
const PHASES: readonly Phase[] = ['ACTIVE', 'ACTIVE', 'ENDED', 'PENDING', 'ACTIVE', 'DRAFT', 'ENDED', 'ACTIVE', 'REJECTED', 'ACTIVE', 'PENDING', 'SCHEDULED', 'ACTIVE', 'ENDED', 'PAUSED', 'ACTIVE', 'DRAFT', 'PENDING', 'ENDED', 'REJECTED'];
const STATUS: Record<Phase, PromotionStatus> = { ACTIVE: 'APPROVED', SCHEDULED: 'APPROVED', PAUSED: 'PAUSED', ENDED: 'ENDED', PENDING: 'PENDING_APPROVAL', DRAFT: 'DRAFT', REJECTED: 'REJECTED' };
const TYPES: readonly PromotionType[] = ['PERCENT_OFF', 'AMOUNT_OFF', 'BUY_X_GET_Y', 'FREE_SHIPPING', 'LOYALTY_POINTS'];
const CHANNEL_SETS: readonly Channel[][] = [['WEB', 'APP'], ['WEB', 'APP', 'EMAIL'], ['STORE'], ['WEB', 'APP', 'STORE'], ['APP'], ['WEB', 'APP', 'STORE', 'EMAIL', 'SOCIAL', 'CALL_CENTRE'], ['EMAIL', 'SOCIAL', 'WEB']];
const TIER_SETS: readonly LoyaltyTier[][] = [[], ['GOLD', 'PLATINUM'], ['SILVER', 'GOLD', 'PLATINUM'], ['BRONZE', 'SILVER', 'GOLD', 'PLATINUM']];
const SEGMENT_SETS: readonly string[][] = [[], ['deal-seeker'], ['family'], ['new-customer']];
const RATIONALES = ['Clear ageing stock', 'Match competitor pricing on key value items', 'Lift basket size', 'Grow app adoption', 'Reward loyal customers', 'Seasonal push', 'Win back lapsed shoppers'];

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const floor2 = (x: number) => Math.floor(x * 100) / 100;

/** Share of the price a promotion takes off a product, as the simulator's shoppers perceive it. */
export function discountShare(type: PromotionType, depth: number, price: number, channel: Channel): number {
  switch (type) {
    case 'PERCENT_OFF':
      return depth;
    case 'AMOUNT_OFF':
      return Math.min(0.9, depth / price);
    case 'BUY_X_GET_Y':
      return depth / 2; // the second unit at `depth` off
    case 'FREE_SHIPPING':
      return channel === 'STORE' ? 0 : Math.min(0.1, 4.99 / price);
    case 'LOYALTY_POINTS':
      return 0.01 * depth; // `depth` times the usual points, a point worth a cent per dollar
  }
}

interface Target {
  productId: string | null;
  categoryId: string | null;
  brandId: string | null;
  label: string;
  products: number[];
}

function pickTarget(random: Random, catalog: Catalog): Target {
  const none = { productId: null, categoryId: null, brandId: null };
  const roll = random.next();
  if (roll < 0.35) {
    const p = random.int(0, catalog.products.length - 1);
    return { ...none, productId: catalog.products[p]!.id, label: catalog.products[p]!.name, products: [p] };
  }
  if (roll < 0.85) {
    const leaves = catalog.leaves.filter((l) => l.products.length > 0);
    if (roll < 0.75 || leaves.length === 0) {
      const leaf = random.pick(leaves.length ? leaves : catalog.leaves);
      return { ...none, categoryId: leaf.categoryId, label: leaf.name, products: leaf.products };
    }
    const d = random.pick([...new Set(leaves.map((l) => l.department))]);
    return { ...none, categoryId: catalog.departmentIds[d]!, label: DEPARTMENTS[d]!.name, products: catalog.leavesByDepartment[d]!.flatMap((l) => catalog.leaves[l]!.products) };
  }
  const brands = catalog.brands.map((_, b) => b).filter((b) => catalog.productsByBrand[b]!.length > 0);
  const b = random.pick(brands);
  return { ...none, brandId: catalog.brands[b]!.id, label: catalog.brands[b]!.name, products: catalog.productsByBrand[b]! };
}

export function generatePromotions(random: Random, catalog: Catalog, count: number, now: Date, days: number): PromotionRow[] {
  const rows: PromotionRow[] = [];
  if (catalog.products.length === 0) return rows;
  const floors = new Map(catalog.categories.map((c) => [c.id, c.marginFloor]));
  const nowMs = now.getTime();
  const at = (offsetDays: number) => new Date(Math.round(nowMs + offsetDays * DAY));
  const lookback = Math.max(2, days);
  for (let i = 0; i < count; i++) {
    const r = random.fork(i);
    const phase = PHASES[i % PHASES.length]!;
    const status = STATUS[phase];
    const target = pickTarget(r, catalog);
    const allowed = Math.min(...target.products.map((p) => maxDiscountShare(catalog.products[p]!, floors.get(catalog.products[p]!.categoryId)!)));
    const cheapest = Math.min(...target.products.map((p) => catalog.products[p]!.price));
    let type = r.weighted(TYPES, [0.6, 0.15, 0.1, 0.08, 0.07]);
    if (type === 'AMOUNT_OFF' && cheapest * allowed < 1) type = 'PERCENT_OFF';
    const wanted = r.pick([0.05, 0.1, 0.15, 0.2, 0.25, 0.3]);
    // Depth within the margin floor for everything but the rejected proposals, which breach it.
    const share = phase === 'REJECTED' ? round2(allowed + r.float(0.1, 0.3)) : Math.max(0.01, floor2(Math.min(wanted, allowed)));
    const depth =
      type === 'PERCENT_OFF' ? Math.min(0.95, share)
      : type === 'AMOUNT_OFF' ? Math.max(1, Math.floor(cheapest * share))
      : type === 'BUY_X_GET_Y' ? Math.min(1, floor2(2 * share))
      : type === 'FREE_SHIPPING' ? 0
      : r.pick([2, 3]);
    const title =
      type === 'PERCENT_OFF' ? `${Math.round(depth * 100)}% off ${target.label}`
      : type === 'AMOUNT_OFF' ? `$${depth} off ${target.label}`
      : type === 'BUY_X_GET_Y' ? `Buy one, get the second ${Math.round(depth * 100)}% off: ${target.label}`
      : type === 'FREE_SHIPPING' ? `Free shipping on ${target.label}`
      : `${depth}x points on ${target.label}`;

    let startsAt: Date, endsAt: Date, createdAt: Date, proposedAt: Date | null = null, reviewedAt: Date | null = null, updatedAt: Date;
    switch (phase) {
      case 'ACTIVE':
        startsAt = at(-r.float(1, Math.min(lookback, 28)));
        endsAt = at(r.float(3, 28));
        break;
      case 'SCHEDULED':
        startsAt = at(r.float(2, 14));
        endsAt = new Date(startsAt.getTime() + r.float(7, 21) * DAY);
        break;
      case 'PAUSED':
        startsAt = at(-r.float(2, Math.min(lookback, 20)));
        endsAt = at(r.float(5, 20));
        break;
      case 'ENDED':
        endsAt = at(-r.float(1, Math.max(1.5, lookback - 14)));
        startsAt = new Date(endsAt.getTime() - r.float(5, 14) * DAY);
        break;
      default: // not approved (yet): scheduled for the near future
        startsAt = at(r.float(1, 14));
        endsAt = new Date(startsAt.getTime() + r.float(7, 21) * DAY);
    }
    if (phase === 'DRAFT') {
      createdAt = at(-r.float(0, 10));
      updatedAt = new Date(Math.min(nowMs, createdAt.getTime() + r.float(0, 2) * DAY));
    } else {
      const proposed = phase === 'PENDING' ? nowMs - r.float(0, 3) * DAY : Math.min(startsAt.getTime(), nowMs) - r.float(1, 10) * DAY;
      proposedAt = new Date(Math.round(proposed));
      createdAt = new Date(Math.round(proposed - r.float(0, 3) * DAY));
      if (phase !== 'PENDING') reviewedAt = new Date(Math.round(proposed + r.float(0.05, 1) * DAY));
      updatedAt = reviewedAt ?? proposedAt;
      if (phase === 'PAUSED') updatedAt = new Date(Math.round(startsAt.getTime() + r.next() * (nowMs - startsAt.getTime())));
      if (phase === 'ENDED') updatedAt = endsAt;
    }
    const live = phase === 'ACTIVE' || phase === 'PAUSED' || phase === 'ENDED';
    const budgetAmount = r.chance(0.85) ? Math.round(r.float(500, 20000) / 10) * 10 : null;
    const budgetUnits = r.chance(0.3) ? r.int(50, 2000) : null;
    const used = live ? (phase === 'ENDED' ? r.float(0.4, 1) : r.float(0.05, 0.8)) : 0;
    rows.push({
      id: `promo_${pad(i + 1, 4)}`,
      name: title,
      description: `${title}. ${r.pick(RATIONALES)}.`,
      type,
      depth,
      productId: target.productId,
      categoryId: target.categoryId,
      brandId: target.brandId,
      eligibleTiers: [...r.weighted(TIER_SETS, [0.6, 0.2, 0.1, 0.1])],
      eligibleSegments: [...r.weighted(SEGMENT_SETS, [0.8, 0.1, 0.05, 0.05])],
      channels: [...r.pick(CHANNEL_SETS)],
      startsAt,
      endsAt,
      status,
      budgetAmount,
      budgetUnits,
      spentAmount: round2((budgetAmount ?? 3000) * used),
      spentUnits: Math.round((budgetUnits ?? 300) * used),
      reservedAmount: 0,
      reservedUnits: 0,
      rationale: `${r.pick(RATIONALES)} in ${target.label}.`,
      proposedBy: r.pick(STAFF),
      proposedAt,
      reviewedBy: reviewedAt ? r.pick(REVIEWERS) : null,
      reviewedAt,
      reviewNote: phase === 'REJECTED' ? `Breaches the margin floor: at most ${Math.round(allowed * 100)}% off keeps every product above it.` : reviewedAt ? 'Within margin floor and budget.' : null,
      version: 1 + (reviewedAt ? 1 : 0) + (phase === 'PAUSED' ? 1 : 0),
      createdAt,
      updatedAt,
    });
  }
  return rows;
}
