// The shopper as the ranking sees them: the customer subgraph's fields that the gateway hands over
// through @requires, turned into the engine's CustomerFeatures. Category affinity is counted per
// department from the products the shopper engaged with most, through the catalogue read model.
import type { CustomerFeatures } from '@retail/engine';
import type { CandidateCatalog } from '../readModel/candidateCatalog.ts';

const TIERS = ['NONE', 'BRONZE', 'SILVER', 'GOLD', 'PLATINUM'] as const;
const DAY = 86_400_000;

/** What the gateway sends for Customer with personalizedOffers' @requires selection. */
export interface ShopperRepresentation {
  id: string;
  loyaltyTier?: string | null;
  segments?: string[] | null;
  birthYear?: number | null;
  incomeBand?: number | null;
  priceSensitivity?: number | null;
  homeLatitude?: number | null;
  homeLongitude?: number | null;
  consent?: { personalization?: boolean | null } | null;
  shoppingHistory?: {
    orderCount: number;
    totalSpend: number;
    lastOrderAt: string | null;
    topProducts: { product: { id: string }; interactions: number }[];
  } | null;
}

export interface ShopperProfile {
  id: string;
  loyaltyTier: string | null;
  segments: readonly string[];
  /** False when the shopper withheld consent to personalization: only non-personal features are used. */
  personalized: boolean;
  features: CustomerFeatures;
  home: { latitude: number; longitude: number } | null;
  /** Product ids the shopper engaged with most, most first. */
  topProducts: readonly string[];
  /** Departments by share of engagement, largest first. */
  departments: readonly [string, number][];
}

export function shopperProfile(r: ShopperRepresentation, catalog: CandidateCatalog, now: Date): ShopperProfile {
  const personalized = r.consent?.personalization !== false;
  const history = personalized ? r.shoppingHistory : null;
  const totals = new Map<string, number>();
  let all = 0;
  for (const t of history?.topProducts ?? []) {
    const department = catalog.products.get(t.product.id)?.departmentId;
    if (!department || !(t.interactions > 0)) continue;
    totals.set(department, (totals.get(department) ?? 0) + t.interactions);
    all += t.interactions;
  }
  const categoryAffinity = new Map<string, number>();
  for (const [department, n] of totals) categoryAffinity.set(department, n / all);
  const lastOrder = history?.lastOrderAt ? Date.parse(history.lastOrderAt) : Number.NaN;
  const tier = r.loyaltyTier ?? null;
  const features: CustomerFeatures = personalized
    ? {
        age: r.birthYear ? now.getUTCFullYear() - r.birthYear : null,
        incomeBand: r.incomeBand ?? null,
        loyaltyTier: Math.max(0, TIERS.indexOf((tier ?? 'NONE') as (typeof TIERS)[number])),
        priceSensitivity: r.priceSensitivity ?? 0.5,
        daysSinceLastPurchase: Number.isNaN(lastOrder) ? null : Math.max(0, (now.getTime() - lastOrder) / DAY),
        orderCount: history?.orderCount ?? 0,
        totalSpend: history?.totalSpend ?? 0,
        categoryAffinity,
        segments: r.segments ?? [],
      }
    : { age: null, incomeBand: null, loyaltyTier: 0, priceSensitivity: 0.5, daysSinceLastPurchase: null, orderCount: 0, totalSpend: 0, categoryAffinity, segments: [] };
  const home = personalized && r.homeLatitude != null && r.homeLongitude != null ? { latitude: r.homeLatitude, longitude: r.homeLongitude } : null;
  return {
    id: r.id,
    // Eligibility for a tier or segment promotion is not personalization: it applies either way.
    loyaltyTier: tier,
    segments: r.segments ?? [],
    personalized,
    features,
    home,
    topProducts: (history?.topProducts ?? []).map((t) => t.product.id),
    departments: [...categoryAffinity].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)),
  };
}

export function haversineKm(a: { latitude: number; longitude: number }, b: { latitude: number; longitude: number }): number {
  const rad = Math.PI / 180;
  const h = Math.sin(((b.latitude - a.latitude) * rad) / 2) ** 2 + Math.cos(a.latitude * rad) * Math.cos(b.latitude * rad) * Math.sin(((b.longitude - a.longitude) * rad) / 2) ** 2;
  return 2 * 6371 * Math.asin(Math.min(1, Math.sqrt(h)));
}
