// The purchase model: the probability that a customer buys a product they are looking at, given the
// context and the discount on offer. The activity generator draws every purchase from this function
// and the oracle returns it, so they cannot disagree. Formula and coefficients: simulator/README.md.
import type { ProductTruth } from './catalogGenerator.ts';
import type { CustomerTruth } from './customerGenerator.ts';
import type { Lifecycle } from './rows.ts';
import { CHANNELS, DEVICES, type Channel, type Device } from './rows.ts';

export type Intent = 'BROWSE' | 'SEARCH' | 'REORDER';
export const INTENTS: readonly Intent[] = ['BROWSE', 'SEARCH', 'REORDER'];

export interface PurchaseContext {
  channel: Channel;
  device: Device;
  /** Local hour at the customer's end, 0..23. */
  hour: number;
  /** Local weekday, 0 = Sunday .. 6 = Saturday. */
  weekday: number;
  /** Store (or other location) the customer is at, if any. */
  locationId?: string | null;
  /** Why the customer is looking (default BROWSE). */
  intent?: Intent;
}

export interface Offer {
  productId: string;
  /** Share of the price taken off, 0..1. */
  discount: number;
}

export const PURCHASE_MODEL = {
  intercept: -4.6,
  appeal: 0.8,
  brandTier: 0.45,
  /** Price term: -(base + perSensitivity * s) * ln(price * (1 - d) / reference price). */
  priceElasticity: { base: 0.35, perSensitivity: 1.5 },
  /** + dealAffinity * (perShare * d + flag * [d > 0]) */
  deal: { perShare: 3.0, flag: 0.3 },
  /** The discounted price never counts as less than this share of the price (d = 1 stays finite). */
  minPriceShare: 0.05,
  lifecycle: { NEW: 0.15, CORE: 0, SEASONAL: 0.1, CLEARANCE: -0.1 } satisfies Record<Lifecycle, number>,
  channel: { WEB: 0, APP: 0.2, STORE: 0.6, EMAIL: -0.1, SOCIAL: -0.4, CALL_CENTRE: 0.3 } satisfies Record<Channel, number>,
  channelAffinity: 0.15,
  device: { DESKTOP: 0.1, MOBILE: -0.1, TABLET: 0, IN_STORE: 0, PHONE: 0, OTHER: -0.2 } satisfies Record<Device, number>,
  /** + amplitude * cos(2π (hour - peakHour) / 24) */
  hour: { amplitude: 0.2, peakHour: 20 },
  /** By weekday, Sunday first. */
  weekday: [0.1, -0.05, -0.05, 0, 0, 0.05, 0.1],
  location: { homeStore: 0.3, sameRegion: 0.1 },
  intent: { BROWSE: 0, SEARCH: 0.6, REORDER: 0.9 } satisfies Record<Intent, number>,
} as const;

const CHANNEL_EFFECT = CHANNELS.map((c) => PURCHASE_MODEL.channel[c]);
const DEVICE_EFFECT = DEVICES.map((d) => PURCHASE_MODEL.device[d]);
const HOUR_EFFECT = Array.from({ length: 24 }, (_, h) => PURCHASE_MODEL.hour.amplitude * Math.cos((2 * Math.PI * (h - PURCHASE_MODEL.hour.peakHour)) / 24));

/** A context with ids resolved to indexes (what the hot path uses). */
export interface ResolvedContext {
  channel: number;
  device: number;
  hour: number;
  weekday: number;
  /** Index into the world's locations, or -1. */
  location: number;
  intent: Intent;
}

export interface ModelTruth {
  customers: CustomerTruth;
  products: ProductTruth;
  lifecycleEffect: Float64Array;
  /** Region index per location index. */
  locationRegion: Uint8Array;
}

/** The utility (log-odds) of customer c buying product p at discount d in the context. */
export function purchaseUtility(truth: ModelTruth, c: number, p: number, context: ResolvedContext, discount: number): number {
  const latent = truth.customers.latent;
  const products = truth.products;
  const m = PURCHASE_MODEL;
  const sensitivity = latent.priceSensitivity[c]!;
  const dealAffinity = latent.dealAffinity[c]!;
  const priceShare = Math.max(m.minPriceShare, 1 - discount);
  let u =
    m.intercept +
    latent.baseline[c]! +
    latent.tasteOf(c, products.department[p]!) +
    m.appeal * products.appeal[p]! +
    m.brandTier * latent.brandTierAffinity[c]! * (products.brandTier[p]! - 2) -
    (m.priceElasticity.base + m.priceElasticity.perSensitivity * sensitivity) * (products.logRelativePrice[p]! + Math.log(priceShare)) +
    dealAffinity * (m.deal.perShare * discount + (discount > 0 ? m.deal.flag : 0)) +
    truth.lifecycleEffect[p]! +
    CHANNEL_EFFECT[context.channel]! +
    m.channelAffinity * latent.channelAffinityOf(c, context.channel) +
    DEVICE_EFFECT[context.device]! +
    HOUR_EFFECT[context.hour]! +
    m.weekday[context.weekday]! +
    m.intent[context.intent];
  if (context.location >= 0) {
    if (context.location === truth.customers.homeStore[c]) u += m.location.homeStore;
    else if (truth.locationRegion[context.location] === truth.customers.region[c]) u += m.location.sameRegion;
  }
  return u;
}

export function purchaseProbabilityAt(truth: ModelTruth, c: number, p: number, context: ResolvedContext, discount: number): number {
  return 1 / (1 + Math.exp(-purchaseUtility(truth, c, p, context, discount)));
}
