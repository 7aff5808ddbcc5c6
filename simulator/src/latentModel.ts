// How each customer's hidden preferences arise from what a retailer can observe about them:
// latent = linear function of observable features + Gaussian noise. The coefficients are the
// documented ground truth (simulator/README.md); a model that sees the features can recover the
// explained part, never the noise.
import { DEPARTMENT_COUNT } from './catalogData.ts';
import type { Region } from './geography.ts';
import { REGIONS } from './geography.ts';
import { sigmoid, type Random } from './random.ts';
import { CHANNELS, type Channel } from './rows.ts';

export interface CustomerFeatures {
  /** (age - 45) / 15 */
  ageZ: number;
  /** (income band - 3) / 1.2, from the true band even when the stored band is withheld. */
  incomeZ: number;
  female: number;
  male: number;
  /** Latent household fact, observed only through the noisy "family" segment. */
  hasKids: number;
  region: number;
  /** (tier level - 1.5) / 1.2 with NONE = 0 .. PLATINUM = 4. */
  tierZ: number;
}

/** Per department (order of DEPARTMENTS): grocery, fresh, health-beauty, home-kitchen, electronics, clothing, sports-outdoors, toys-kids. */
export const TASTE_MODEL = {
  intercept: [0.5, 0.4, 0.0, -0.1, -0.2, 0.0, -0.3, -0.8],
  ageZ: [0, 0.25, -0.1, 0.3, -0.35, -0.3, -0.35, 0],
  incomeZ: [0, 0.2, 0.15, 0.2, 0.25, 0.15, 0.1, 0],
  female: [0, 0, 0.5, 0.1, -0.1, 0.35, -0.1, 0],
  male: [0, 0, -0.2, 0, 0.45, 0, 0.15, 0],
  hasKids: [0.4, 0, 0, 0.2, 0, 0.1, 0, 1.4],
  tierZ: [0.1, 0.05, 0, 0, 0, 0, 0, 0],
  region: {
    Northeast: [0, 0.15, 0, 0, 0, 0.1, 0, 0],
    Southeast: [0.1, 0, 0, 0, 0, 0, 0, 0],
    Midwest: [0, 0, 0, 0.15, 0, 0, 0, 0],
    South: [0.1, 0, 0, 0, 0, 0, 0.1, 0],
    West: [0, 0.2, 0, 0, 0.1, 0, 0.35, 0],
  } satisfies Record<Region, number[]>,
  noiseSd: 0.55,
} as const;

/** Channel preference logits: intercept + age slope + N(0, sd). */
export const CHANNEL_MODEL: Record<Channel, { intercept: number; ageZ: number; sd: number }> = {
  WEB: { intercept: 0.6, ageZ: 0, sd: 0.4 },
  APP: { intercept: 0.5, ageZ: -0.6, sd: 0.5 },
  STORE: { intercept: 0.5, ageZ: 0.5, sd: 0.5 },
  EMAIL: { intercept: -0.6, ageZ: 0.2, sd: 0.4 },
  SOCIAL: { intercept: -1.2, ageZ: -0.7, sd: 0.5 },
  CALL_CENTRE: { intercept: -2.5, ageZ: 0.5, sd: 0.4 },
};

export interface CustomerLatent {
  /** Utility shift per department slug. */
  categoryTaste: Record<string, number>;
  /** Utility per brand tier step above mainstream (premium lovers > 0). */
  brandTierAffinity: number;
  /** True price sensitivity in (0, 1); Customer.priceSensitivity is a noisy estimate of it. */
  priceSensitivity: number;
  /** Extra pull of a discount beyond its price effect, in (0, 1). */
  dealAffinity: number;
  /** Customer-level utility shift (propensity to buy at all). */
  baseline: number;
  /** Relative visit rate (sessions). */
  activity: number;
  hasKids: boolean;
  /** Preference logits per channel. */
  channelAffinity: Record<Channel, number>;
}

/** Latent traits of all customers as flat typed arrays (100k customers stay compact). */
export class LatentStore {
  readonly taste: Float64Array;
  readonly brandTierAffinity: Float64Array;
  readonly priceSensitivity: Float64Array;
  readonly dealAffinity: Float64Array;
  readonly baseline: Float64Array;
  readonly activity: Float64Array;
  readonly hasKids: Uint8Array;
  readonly channelAffinity: Float64Array;

  constructor(readonly size: number) {
    this.taste = new Float64Array(size * DEPARTMENT_COUNT);
    this.brandTierAffinity = new Float64Array(size);
    this.priceSensitivity = new Float64Array(size);
    this.dealAffinity = new Float64Array(size);
    this.baseline = new Float64Array(size);
    this.activity = new Float64Array(size);
    this.hasKids = new Uint8Array(size);
    this.channelAffinity = new Float64Array(size * CHANNELS.length);
  }

  tasteOf(customer: number, department: number): number {
    return this.taste[customer * DEPARTMENT_COUNT + department]!;
  }

  channelAffinityOf(customer: number, channel: number): number {
    return this.channelAffinity[customer * CHANNELS.length + channel]!;
  }
}

export function drawActivity(random: Random, hasKids: number): number {
  return Math.exp(random.normal(0, 0.7) + 0.25 * hasKids);
}

/** Draws the preference traits of customer `c` from its features into the store. */
export function drawPreferences(random: Random, store: LatentStore, c: number, f: CustomerFeatures): void {
  const regionRow = TASTE_MODEL.region[REGIONS[f.region]!];
  for (let d = 0; d < DEPARTMENT_COUNT; d++) {
    store.taste[c * DEPARTMENT_COUNT + d] =
      TASTE_MODEL.intercept[d]! +
      TASTE_MODEL.ageZ[d]! * f.ageZ +
      TASTE_MODEL.incomeZ[d]! * f.incomeZ +
      TASTE_MODEL.female[d]! * f.female +
      TASTE_MODEL.male[d]! * f.male +
      TASTE_MODEL.hasKids[d]! * f.hasKids +
      TASTE_MODEL.tierZ[d]! * f.tierZ +
      regionRow[d]! +
      random.normal(0, TASTE_MODEL.noiseSd);
  }
  store.brandTierAffinity[c] = 0.5 * f.incomeZ + 0.1 * f.tierZ + random.normal(0, 0.45);
  const sensitivity = sigmoid(-0.9 * f.incomeZ + 0.4 * f.hasKids - 0.2 * f.ageZ + random.normal(0, 0.7));
  store.priceSensitivity[c] = sensitivity;
  store.dealAffinity[c] = sigmoid(-0.3 + 1.6 * (sensitivity - 0.5) + 0.35 * f.tierZ + random.normal(0, 0.8));
  store.baseline[c] = 0.2 * f.tierZ + random.normal(0, 0.3);
  CHANNELS.forEach((channel, k) => {
    const m = CHANNEL_MODEL[channel];
    store.channelAffinity[c * CHANNELS.length + k] = m.intercept + m.ageZ * f.ageZ + random.normal(0, m.sd);
  });
  store.hasKids[c] = f.hasKids;
}
