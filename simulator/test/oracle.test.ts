import { describe, expect, it } from 'vitest';
import { CHANNELS, createOracle, createRandom, DEVICES, generateWorld, INTENTS, latentOf, OracleInputError, purchaseProbability, type PurchaseContext, type PurchaseDecision } from '../src/index.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const world = generateWorld({ seed: 5, customers: 1500, products: 300, stores: 8, warehouses: 2, interactions: 40_000, days: 90, now: NOW, competitors: 2, promotions: 40 });
const decisions: PurchaseDecision[] = [...world.activity({ decisions: true })].flatMap((chunk) => chunk.decisions);

function randomQueries(n: number) {
  const r = createRandom('queries');
  return Array.from({ length: n }, () => {
    const context: PurchaseContext = {
      channel: r.pick(CHANNELS),
      device: r.pick(DEVICES),
      hour: r.int(0, 23),
      weekday: r.int(0, 6),
      locationId: r.chance(0.3) ? r.pick(world.locations).id : null,
      intent: r.pick(INTENTS),
    };
    return { customerId: r.pick(world.customers).id, context, productId: r.pick(world.products).id, discount: r.float(0, 0.6) };
  });
}

describe('purchase oracle', () => {
  it('returns exactly the probability the simulator drew each purchase from', () => {
    expect(decisions.length).toBeGreaterThan(20_000);
    for (const d of decisions) expect(purchaseProbability(world, d.customerId, d.context, d.offer)).toBe(d.probability);
    expect(decisions.some((d) => d.offer.discount > 0)).toBe(true);
    expect(decisions.some((d) => d.context.locationId)).toBe(true);
  });

  it('matches the purchase rate sampled by the simulator, overall and per probability band', () => {
    const rate = (ds: PurchaseDecision[]) => ds.filter((d) => d.purchased).length / ds.length;
    const mean = (ds: PurchaseDecision[]) => ds.reduce((s, d) => s + d.probability, 0) / ds.length;
    const se = (ds: PurchaseDecision[]) => Math.sqrt(ds.reduce((s, d) => s + d.probability * (1 - d.probability), 0)) / ds.length;
    expect(Math.abs(rate(decisions) - mean(decisions))).toBeLessThan(4 * se(decisions));
    const sorted = [...decisions].sort((a, b) => a.probability - b.probability);
    const bands = 5;
    for (let b = 0; b < bands; b++) {
      const band = sorted.slice(Math.floor((b * sorted.length) / bands), Math.floor(((b + 1) * sorted.length) / bands));
      expect(Math.abs(rate(band) - mean(band))).toBeLessThan(4 * se(band));
    }
    // The bands differ: the probability carries information.
    expect(mean(sorted.slice(-sorted.length / bands))).toBeGreaterThan(3 * mean(sorted.slice(0, sorted.length / bands)));
  });

  it('stays inside (0, 1) and rises with the discount', () => {
    for (const q of randomQueries(3000)) {
      const p = purchaseProbability(world, q.customerId, q.context, { productId: q.productId, discount: q.discount });
      expect(p).toBeGreaterThan(0);
      expect(p).toBeLessThan(1);
      expect(purchaseProbability(world, q.customerId, q.context, { productId: q.productId, discount: q.discount + 0.2 })).toBeGreaterThan(p);
    }
    const q = randomQueries(1)[0]!;
    expect(purchaseProbability(world, q.customerId, q.context, { productId: q.productId, discount: 1 })).toBeLessThan(1);
  });

  it('favours the home store over a store in another region', () => {
    const customer = world.customers[0]!;
    const home = world.locations.find((l) => l.id === customer.homeStoreId)!;
    const away = world.locations.find((l) => l.type === 'STORE' && l.region !== home.region)!;
    const context = (locationId: string): PurchaseContext => ({ channel: 'STORE', device: 'IN_STORE', hour: 12, weekday: 6, locationId });
    const offer = { productId: world.products[0]!.id, discount: 0 };
    expect(purchaseProbability(world, customer.id, context(home.id), offer)).toBeGreaterThan(purchaseProbability(world, customer.id, context(away.id), offer));
  });

  it('rejects unknown ids and out-of-range inputs with exact messages', () => {
    const context: PurchaseContext = { channel: 'WEB', device: 'DESKTOP', hour: 20, weekday: 1 };
    const offer = { productId: 'prd_00001', discount: 0.1 };
    const call = (customerId: string, c: PurchaseContext, o: typeof offer) => () => purchaseProbability(world, customerId, c, o);
    expect(call('cus_999999', context, offer)).toThrow(new OracleInputError('Unknown customer "cus_999999"'));
    expect(call('cus_1', context, offer)).toThrow('Unknown customer "cus_1"');
    expect(call('cus_000001', context, { productId: 'prd_99999', discount: 0 })).toThrow('Unknown product "prd_99999"');
    expect(call('cus_000001', context, { ...offer, discount: 1.5 })).toThrow('discount must be a number from 0 to 1 (got 1.5)');
    expect(call('cus_000001', context, { ...offer, discount: Number.NaN })).toThrow('discount must be a number from 0 to 1 (got NaN)');
    expect(call('cus_000001', { ...context, hour: 24 }, offer)).toThrow('hour must be an integer from 0 to 23 (got 24)');
    expect(call('cus_000001', { ...context, weekday: 7 }, offer)).toThrow('weekday must be an integer from 0 (Sunday) to 6 (got 7)');
    expect(call('cus_000001', { ...context, channel: 'FAX' as never }, offer)).toThrow('Unknown channel "FAX"');
    expect(call('cus_000001', { ...context, device: 'WATCH' as never }, offer)).toThrow('Unknown device "WATCH"');
    expect(call('cus_000001', { ...context, locationId: 'loc_9999' }, offer)).toThrow('Unknown location "loc_9999"');
    expect(call('cus_000001', { ...context, intent: 'IMPULSE' as never }, offer)).toThrow('Unknown intent "IMPULSE"');
  });

  it('binds to a world with createOracle', () => {
    const oracle = createOracle(world);
    const d = decisions[0]!;
    expect(oracle.purchaseProbability(d.customerId, d.context, d.offer)).toBe(d.probability);
    expect(oracle.latentOf(d.customerId)).toEqual(latentOf(world, d.customerId));
  });
});

describe('latent traits', () => {
  const correlation = (xs: number[], ys: number[]) => {
    const mx = xs.reduce((s, x) => s + x, 0) / xs.length;
    const my = ys.reduce((s, y) => s + y, 0) / ys.length;
    let sxy = 0, sxx = 0, syy = 0;
    xs.forEach((x, i) => {
      sxy += (x - mx) * (ys[i]! - my);
      sxx += (x - mx) ** 2;
      syy += (ys[i]! - my) ** 2;
    });
    return sxy / Math.sqrt(sxx * syy);
  };

  it('exposes every trait, finite and in range', () => {
    const latent = latentOf(world, 'cus_000001');
    expect(Object.keys(latent.categoryTaste)).toHaveLength(8);
    expect(Object.keys(latent.channelAffinity).sort()).toEqual([...CHANNELS].sort());
    for (const v of [...Object.values(latent.categoryTaste), latent.brandTierAffinity, latent.baseline, latent.activity]) expect(Number.isFinite(v)).toBe(true);
    for (const v of [latent.priceSensitivity, latent.dealAffinity]) expect(v > 0 && v < 1).toBe(true);
    expect(() => latentOf(world, 'nobody')).toThrow('Unknown customer "nobody"');
  });

  it('shows through the observable fields, with noise', () => {
    const latents = world.customers.map((c) => latentOf(world, c.id));
    const r = correlation(latents.map((l) => l.priceSensitivity), world.customers.map((c) => c.priceSensitivity));
    expect(r).toBeGreaterThan(0.7);
    expect(r).toBeLessThan(0.99);
    const agree = world.customers.filter((c, i) => c.segments.includes('family') === latents[i]!.hasKids).length / world.customers.length;
    expect(agree).toBeGreaterThan(0.8);
    expect(agree).toBeLessThan(1);
    // Income explains part of the taste for premium brands.
    const known = world.customers.map((c, i) => [c.incomeBand, latents[i]!.brandTierAffinity] as const).filter(([band]) => band !== null);
    expect(correlation(known.map(([band]) => band!), known.map(([, a]) => a))).toBeGreaterThan(0.3);
  });
});
