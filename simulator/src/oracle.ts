// The ground truth, for evaluating policies against the world: the exact purchase probability the
// simulator draws from, and the hidden traits of a customer. Inputs are checked; ids must exist.
import { INTENTS, purchaseProbabilityAt, type Offer, type PurchaseContext, type ResolvedContext } from './behaviourModel.ts';
import { DEPARTMENTS } from './catalogData.ts';
import type { CustomerLatent } from './latentModel.ts';
import { CHANNELS, DEVICES, type Channel } from './rows.ts';
import type { World } from './world.ts';

export class OracleInputError extends Error {
  override name = 'OracleInputError';
}

function indexOfId(prefix: string, id: unknown, rows: readonly { id: string }[], kind: string): number {
  if (typeof id === 'string' && id.startsWith(prefix)) {
    const index = Number(id.slice(prefix.length)) - 1;
    if (Number.isInteger(index) && rows[index]?.id === id) return index;
  }
  throw new OracleInputError(`Unknown ${kind} ${JSON.stringify(id)}`);
}

export const customerIndexOf = (world: World, customerId: string) => indexOfId('cus_', customerId, world.customers, 'customer');
export const productIndexOf = (world: World, productId: string) => indexOfId('prd_', productId, world.products, 'product');

function resolveContext(world: World, context: PurchaseContext): ResolvedContext {
  const channel = CHANNELS.indexOf(context.channel);
  if (channel < 0) throw new OracleInputError(`Unknown channel ${JSON.stringify(context.channel)}`);
  const device = DEVICES.indexOf(context.device);
  if (device < 0) throw new OracleInputError(`Unknown device ${JSON.stringify(context.device)}`);
  if (!Number.isInteger(context.hour) || context.hour < 0 || context.hour > 23) throw new OracleInputError(`hour must be an integer from 0 to 23 (got ${context.hour})`);
  if (!Number.isInteger(context.weekday) || context.weekday < 0 || context.weekday > 6) throw new OracleInputError(`weekday must be an integer from 0 (Sunday) to 6 (got ${context.weekday})`);
  const intent = context.intent ?? 'BROWSE';
  if (!INTENTS.includes(intent)) throw new OracleInputError(`Unknown intent ${JSON.stringify(intent)}`);
  let location = -1;
  if (context.locationId !== undefined && context.locationId !== null) {
    location = world.truth.locationIndex.get(context.locationId) ?? -1;
    if (location < 0) throw new OracleInputError(`Unknown location ${JSON.stringify(context.locationId)}`);
  }
  return { channel, device, hour: context.hour, weekday: context.weekday, location, intent };
}

/** The true probability that the customer buys the offered product at the offered discount in this context. */
export function purchaseProbability(world: World, customerId: string, context: PurchaseContext, offer: Offer): number {
  const c = customerIndexOf(world, customerId);
  const p = productIndexOf(world, offer.productId);
  if (typeof offer.discount !== 'number' || !(offer.discount >= 0 && offer.discount <= 1)) {
    throw new OracleInputError(`discount must be a number from 0 to 1 (got ${offer.discount})`);
  }
  return purchaseProbabilityAt(world.truth, c, p, resolveContext(world, context), offer.discount);
}

/** The customer's hidden traits (for analysis; a policy must not see them). */
export function latentOf(world: World, customerId: string): CustomerLatent {
  const c = customerIndexOf(world, customerId);
  const latent = world.truth.customers.latent;
  return {
    categoryTaste: Object.fromEntries(DEPARTMENTS.map((d, i) => [d.slug, latent.tasteOf(c, i)])),
    brandTierAffinity: latent.brandTierAffinity[c]!,
    priceSensitivity: latent.priceSensitivity[c]!,
    dealAffinity: latent.dealAffinity[c]!,
    baseline: latent.baseline[c]!,
    activity: latent.activity[c]!,
    hasKids: latent.hasKids[c] === 1,
    channelAffinity: Object.fromEntries(CHANNELS.map((ch, k) => [ch, latent.channelAffinityOf(c, k)])) as Record<Channel, number>,
  };
}

export interface Oracle {
  purchaseProbability(customerId: string, context: PurchaseContext, offer: Offer): number;
  latentOf(customerId: string): CustomerLatent;
}

/** The oracle bound to one world. */
export function createOracle(world: World): Oracle {
  return {
    purchaseProbability: (customerId, context, offer) => purchaseProbability(world, customerId, context, offer),
    latentOf: (customerId) => latentOf(world, customerId),
  };
}
