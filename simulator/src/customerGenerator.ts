// Customers: demographics, a home near a store, tenure and loyalty, consents, and segments. Their
// hidden preferences are drawn from these observables plus noise (latentModel.ts); the CRM fields
// that echo them (priceSensitivity, segments) are noisy readouts, as a real CRM's would be.
import { DEPARTMENTS } from './catalogData.ts';
import { DAY, REGIONS } from './geography.ts';
import { drawActivity, drawPreferences, LatentStore, type CustomerFeatures } from './latentModel.ts';
import type { Locations } from './locationGenerator.ts';
import { FIRST_NAMES, LAST_NAMES } from './names.ts';
import { clamp, round2, sigmoid, WeightedSampler, type Random } from './random.ts';
import { LOYALTY_TIERS, type CustomerRow, type LoyaltyTier } from './rows.ts';

export interface CustomerTruth {
  latent: LatentStore;
  /** Index into Locations.rows of the home store. */
  homeStore: Uint16Array;
  region: Uint8Array;
  /** 0 = NONE .. 4 = PLATINUM */
  tierLevel: Uint8Array;
}

export interface Customers {
  rows: CustomerRow[];
  truth: CustomerTruth;
}

const REGION_INCOME: Record<string, number> = { Northeast: 0.3, Southeast: -0.2, Midwest: 0, South: -0.1, West: 0.3 };
const INCOME_CUTS = [-1.0, -0.35, 0.3, 0.95];
const TIER_CUTS = [0.0, 0.9, 1.5, 2.1];
const POINTS: Record<LoyaltyTier, [number, number]> = { NONE: [0, 0], BRONZE: [100, 1500], SILVER: [1500, 5000], GOLD: [5000, 15000], PLATINUM: [15000, 50000] };
const DEPT = Object.fromEntries(DEPARTMENTS.map((d, i) => [d.slug, i])) as Record<string, number>;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const cut = (x: number, cuts: readonly number[]) => cuts.filter((c) => x >= c).length;

export const customerId = (index: number) => `cus_${pad(index + 1, 6)}`;

export function generateCustomers(random: Random, count: number, locations: Locations, now: Date): Customers {
  const latent = new LatentStore(count);
  const truth: CustomerTruth = { latent, homeStore: new Uint16Array(count), region: new Uint8Array(count), tierLevel: new Uint8Array(count) };
  const storeSampler = new WeightedSampler(locations.storeWeights);
  const nowMs = now.getTime();
  const rows: CustomerRow[] = [];
  for (let c = 0; c < count; c++) {
    const r = random.fork(c);
    const store = storeSampler.sample(r);
    const home = locations.rows[store]!;
    const region = REGIONS.indexOf(home.region as (typeof REGIONS)[number]);
    const age = Math.round(clamp(r.normal(43, 15), 18, 88));
    const ageZ = (age - 45) / 15;
    const gender = r.weighted(['F', 'M', 'X', null], [0.5, 0.45, 0.02, 0.03]);
    const incomeBand = 1 + cut(0.3 * ageZ - 0.25 * ageZ * ageZ + REGION_INCOME[home.region]! + r.normal(0, 0.9), INCOME_CUTS);
    const hasKids = r.chance(0.05 + 0.6 * Math.exp(-(((age - 38) / 10) ** 2))) ? 1 : 0;
    const activity = drawActivity(r, hasKids);
    const joinedDaysAgo = r.chance(0.05) ? r.float(0, 60) : clamp(60 + -Math.log(1 - r.next()) * 700, 60, 3000);
    const newCustomer = joinedDaysAgo < 60;
    let tierLevel = cut(Math.log(activity) + 0.35 * Math.min(joinedDaysAgo / 365, 5) + r.normal(0, 0.5), TIER_CUTS);
    if (newCustomer) tierLevel = Math.min(tierLevel, 1);
    const tier = LOYALTY_TIERS[tierLevel]!;
    const features: CustomerFeatures = {
      ageZ,
      incomeZ: (incomeBand - 3) / 1.2,
      female: gender === 'F' ? 1 : 0,
      male: gender === 'M' ? 1 : 0,
      hasKids,
      region,
      tierZ: (tierLevel - 1.5) / 1.2,
    };
    latent.activity[c] = activity;
    drawPreferences(r, latent, c, features);
    truth.homeStore[c] = store;
    truth.region[c] = region;
    truth.tierLevel[c] = tierLevel;

    const taste = (slug: string) => latent.tasteOf(c, DEPT[slug]!);
    const segments: string[] = [];
    if (hasKids ? r.chance(0.85) : r.chance(0.06)) segments.push('family');
    if (latent.dealAffinity[c]! > 0.62 ? r.chance(0.8) : r.chance(0.08)) segments.push('deal-seeker');
    if (latent.brandTierAffinity[c]! > 0.45 ? r.chance(0.75) : r.chance(0.04)) segments.push('premium');
    if (taste('fresh') + taste('health-beauty') > 1.1 ? r.chance(0.7) : r.chance(0.05)) segments.push('health-conscious');
    if (taste('electronics') > 0.5 ? r.chance(0.7) : r.chance(0.04)) segments.push('tech-enthusiast');
    if (taste('sports-outdoors') > 0.4 ? r.chance(0.7) : r.chance(0.04)) segments.push('outdoor');
    if (age < 25 && incomeBand <= 2) segments.push('student');
    if (newCustomer) segments.push('new-customer');

    const firstName = r.pick(FIRST_NAMES);
    const lastName = r.pick(LAST_NAMES);
    const createdAt = new Date(nowMs - Math.round(joinedDaysAgo * DAY));
    const [pointsLow, pointsHigh] = POINTS[tier];
    const appAffinity = latent.channelAffinityOf(c, 1);
    rows.push({
      id: customerId(c),
      email: `${firstName}.${lastName}.${c + 1}@example.com`.toLowerCase(),
      firstName,
      lastName,
      birthYear: r.chance(0.96) ? now.getUTCFullYear() - age : null,
      gender,
      incomeBand: r.chance(0.92) ? incomeBand : null,
      homeCity: home.city,
      homeLat: Math.round((home.lat + r.normal(0, 0.05)) * 1e5) / 1e5,
      homeLon: Math.round((home.lon + r.normal(0, 0.05)) * 1e5) / 1e5,
      homeStoreId: home.id,
      loyaltyTier: tier,
      loyaltyPoints: r.int(pointsLow, pointsHigh),
      consentEmail: r.chance(0.62),
      consentSms: r.chance(0.3),
      consentPush: r.chance(0.2 + 0.4 * sigmoid(appAffinity)),
      consentPersonalization: r.chance(0.78),
      priceSensitivity: round2(clamp(latent.priceSensitivity[c]! + r.normal(0, 0.15), 0, 1)),
      segments,
      createdAt,
      updatedAt: new Date(Math.max(createdAt.getTime(), nowMs - Math.round(r.float(0, 30) * DAY))),
    });
  }
  return { rows, truth };
}
