import { describe, expect, it } from 'vitest';
import { createSubstitutionModel, generateWorld, OracleInputError, SUBSTITUTION_MODEL, substitutionAcceptProbability, type ProductRow, type World } from '../src/index.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const CONFIG = { seed: 9, customers: 400, products: 400, stores: 3, warehouses: 1, interactions: 0, days: 30, now: NOW, competitors: 0, promotions: 0 };
const world = generateWorld(CONFIG);
const M = SUBSTITUTION_MODEL;
const logit = (p: number) => Math.log(p / (1 - p));

// A grocery original with a size and a dietary flag, and another product of its department to turn into controlled variants.
const o = world.products.findIndex((p) => typeof p.attributes.size === 'string' && Array.isArray(p.attributes.dietary) && p.attributes.dietary.length >= 1);
const k = world.products.findIndex((p, i) => i !== o && world.truth.products.department[i] === world.truth.products.department[o] && world.products[i]!.brandId !== world.products[o]!.brandId);

interface Changes {
  row?: Partial<ProductRow>;
  attributes?: ProductRow['attributes'];
  leaf?: number;
  department?: number;
  brandTier?: number;
}

/** The world with product k made a copy of the original (category, brand, tier, price, size, dietary), then `changes` applied; k keeps its own appeal. */
function variant(changes: Changes = {}): World {
  const products = [...world.products];
  const original = world.products[o]!;
  products[k] = { ...world.products[k]!, brandId: original.brandId, price: original.price, attributes: { ...original.attributes, dietary: [...(original.attributes.dietary as string[])] }, ...changes.row };
  if (changes.attributes) products[k] = { ...products[k]!, attributes: { ...products[k]!.attributes, ...changes.attributes } };
  const truth = world.truth.products;
  const copy = { ...truth, leaf: Uint16Array.from(truth.leaf), department: Uint8Array.from(truth.department), brandTier: Uint8Array.from(truth.brandTier) };
  copy.leaf[k] = changes.leaf ?? truth.leaf[o]!;
  copy.department[k] = changes.department ?? truth.department[o]!;
  copy.brandTier[k] = changes.brandTier ?? truth.brandTier[o]!;
  return { ...world, products, truth: { ...world.truth, products: copy } };
}

const customers = world.customers.slice(0, 150).map((c) => c.id);
const oId = world.products[o]!.id;
const kId = world.products[k]!.id;

/** logit P(accept) of the variant's candidate minus that of the plain copy, per customer. */
function shift(changes: Changes): number[] {
  const base = createSubstitutionModel(variant());
  const changed = createSubstitutionModel(variant(changes));
  return customers.map((c) => logit(changed.acceptProbability(c, oId, kId)) - logit(base.acceptProbability(c, oId, kId)));
}

describe('substitution ground truth', () => {
  it('gives probabilities strictly inside (0, 1), deterministically, whatever order customers are asked in', () => {
    const model = createSubstitutionModel(world);
    const again = createSubstitutionModel(generateWorld(CONFIG));
    const reversed = createSubstitutionModel(world);
    for (const c of [...customers].reverse()) reversed.traitsOf(c);
    let n = 0;
    for (const c of customers) {
      for (let j = 0; j < 40; j++) {
        const candidate = world.products[(j * 37 + 11) % world.products.length]!.id;
        if (candidate === oId) continue;
        const p = model.acceptProbability(c, oId, candidate);
        expect(p).toBeGreaterThan(0);
        expect(p).toBeLessThan(1);
        expect(again.acceptProbability(c, oId, candidate)).toBe(p);
        expect(reversed.acceptProbability(c, oId, candidate)).toBe(p);
        n++;
      }
    }
    expect(n).toBeGreaterThan(5000);
    expect(substitutionAcceptProbability(world, customers[3]!, oId, kId)).toBe(model.acceptProbability(customers[3]!, oId, kId));
    expect(model.acceptProbabilityAt(3, o, k)).toBe(model.acceptProbability(customers[3]!, oId, kId));
  });

  it('scores a same-brand copy of the original from the shopper’s brand loyalty and the copy’s appeal', () => {
    const model = createSubstitutionModel(variant());
    for (const c of customers) {
      const t = model.traitsOf(c);
      const expected = M.intercept + M.category.same + t.brandLoyalty + M.appeal * world.truth.products.appeal[k]!;
      expect(logit(model.acceptProbability(c, oId, kId))).toBeCloseTo(expected, 9);
    }
  });

  it('penalises a trade-up by (base + perSensitivity × latent price sensitivity) × ln(price ratio)', () => {
    const traits = customers.map((c) => createSubstitutionModel(world).traitsOf(c));
    const dearer = shift({ row: { price: 2 * world.products[o]!.price } });
    dearer.forEach((d, i) => expect(d).toBeCloseTo(-(M.tradeUp.base + M.tradeUp.perSensitivity * traits[i]!.priceSensitivity) * Math.log(2), 9));
    // a cheaper item pleases the price-sensitive and worries the others
    const cheaper = shift({ row: { price: world.products[o]!.price / 2 } });
    cheaper.forEach((d, i) => expect(d).toBeCloseTo((M.tradeDown.base + M.tradeDown.perSensitivity * traits[i]!.priceSensitivity) * Math.log(2), 9));
    expect(cheaper.some((d) => d > 0.1)).toBe(true);
    expect(cheaper.some((d) => d < -0.1)).toBe(true);
  });

  it('penalises another brand by the shopper’s brand loyalty, lower for price-sensitive shoppers', () => {
    const model = createSubstitutionModel(world);
    const otherBrand = shift({ row: { brandId: world.products[k]!.brandId } });
    otherBrand.forEach((d, i) => expect(d).toBeCloseTo(-model.traitsOf(customers[i]!).brandLoyalty, 9));
    const all = world.customers.map((c) => model.traitsOf(c.id));
    expect(correlation(all.map((t) => t.priceSensitivity), all.map((t) => Math.log(t.brandLoyalty)))).toBeLessThan(-0.3);
    // and shoppers really differ in it
    const loyalty = all.map((t) => t.brandLoyalty).sort((a, b) => a - b);
    expect(loyalty[Math.floor(0.9 * loyalty.length)]! / loyalty[Math.floor(0.1 * loyalty.length)]!).toBeGreaterThan(3);
  });

  it('penalises a size mismatch by the shopper’s size strictness per doubling, and a lost dietary flag by their dietary strictness', () => {
    const model = createSubstitutionModel(world);
    const size = String(world.products[o]!.attributes.size);
    const [amount, unit] = size.split(' ');
    const quadruple = shift({ attributes: { size: `${Number(amount) * 4} ${unit}` } });
    quadruple.forEach((d, i) => expect(d).toBeCloseTo(-2 * model.traitsOf(customers[i]!).sizeStrictness, 9));
    const dropped = shift({ attributes: { dietary: (world.products[o]!.attributes.dietary as string[]).slice(1) } });
    dropped.forEach((d, i) => {
      const strictness = model.traitsOf(customers[i]!).dietaryStrictness;
      expect(d).toBeCloseTo(-strictness, 9);
      expect(strictness).toBeGreaterThanOrEqual(M.dietaryStrictness.min);
      expect(strictness).toBeLessThanOrEqual(M.dietaryStrictness.max);
    });
  });

  it('prefers the same category to another department, and follows brand-tier affinity', () => {
    const model = createSubstitutionModel(world);
    const otherDepartment = (world.truth.products.department[o]! + 1) % 8;
    const leafElsewhere = world.truth.products.leaf.find((_, i) => world.truth.products.department[i] === otherDepartment)!;
    shift({ leaf: leafElsewhere, department: otherDepartment }).forEach((d) => expect(d).toBeCloseTo(M.category.otherDepartment - M.category.same, 9));
    shift({ brandTier: world.truth.products.brandTier[o]! + 1 }).forEach((d, i) => expect(d).toBeCloseTo(M.brandTier * model.traitsOf(customers[i]!).brandTierAffinity, 9));
  });

  it('is personal: a price-sensitive and a brand-loyal shopper rank a cheaper other brand and a dearer same brand the other way round', () => {
    const price = world.products[o]!.price;
    const cheaperOtherBrand = createSubstitutionModel(variant({ row: { price: 0.7 * price, brandId: 'brd_9999' } }));
    const dearerSameBrand = createSubstitutionModel(variant({ row: { price: 1.3 * price } }));
    const prefersCheaper = world.customers.map((c) => cheaperOtherBrand.acceptProbability(c.id, oId, kId) > dearerSameBrand.acceptProbability(c.id, oId, kId));
    expect(prefersCheaper.filter(Boolean).length).toBeGreaterThan(20);
    expect(prefersCheaper.filter((x) => !x).length).toBeGreaterThan(20);
  });

  it('rejects unknown ids and a candidate equal to the original', () => {
    const model = createSubstitutionModel(world);
    expect(() => model.acceptProbability('cus_999999', oId, kId)).toThrow(new OracleInputError('Unknown customer "cus_999999"'));
    expect(() => model.acceptProbability(customers[0]!, 'prd_99999', kId)).toThrow('Unknown product "prd_99999"');
    expect(() => model.acceptProbability(customers[0]!, oId, oId)).toThrow(`candidate must differ from the original (got "${oId}" twice)`);
  });
});

function correlation(x: number[], y: number[]): number {
  const mean = (v: number[]) => v.reduce((s, a) => s + a, 0) / v.length;
  const mx = mean(x);
  const my = mean(y);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < x.length; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}
