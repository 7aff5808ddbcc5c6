// The catalogue: a two-level category tree with price bands and margin floors, brands with tiers,
// and products priced inside their category's band (value brands low, premium brands high) with a
// unit cost that leaves at least the margin floor plus room for a discount. Each product also has a
// latent appeal, seen only through its rating, review count and social sentiment.
import { ADJECTIVES, APPAREL_SIZES, COLOURS, DEPARTMENTS, DIETARY_FLAGS, MATERIALS, SEASONS, type DepartmentSpec } from './catalogData.ts';
import { uniqueBrandName } from './names.ts';
import { clamp, round2, WeightedSampler, type Random } from './random.ts';
import type { BrandRow, CategoryRow, Lifecycle, ProductAttributes, ProductRow } from './rows.ts';
import { DAY } from './geography.ts';

export interface Leaf {
  categoryId: string;
  department: number;
  name: string;
  nouns: readonly string[];
  /** Indexes into Catalog.products. */
  products: number[];
  /** Draws a product index in this leaf by popularity; null when the leaf has no products. */
  sampler: WeightedSampler | null;
}

/** Per-product ground truth, indexed like Catalog.products. */
export interface ProductTruth {
  department: Uint8Array;
  leaf: Uint16Array;
  brandTier: Uint8Array;
  /** Latent quality/popularity, N(0, 0.45) before lifecycle shifts. */
  appeal: Float64Array;
  /** ln(price / reference price of the category), the reference being the band's geometric mean. */
  logRelativePrice: Float64Array;
}

export interface Catalog {
  categories: CategoryRow[];
  brands: BrandRow[];
  products: ProductRow[];
  leaves: Leaf[];
  /** Category id of each department, by department index. */
  departmentIds: string[];
  /** Indexes into `leaves` per department. */
  leavesByDepartment: number[][];
  /** Product indexes per brand index. */
  productsByBrand: number[][];
  truth: ProductTruth;
}

const LIFECYCLES: readonly Lifecycle[] = ['NEW', 'CORE', 'SEASONAL', 'CLEARANCE'];
const LIFECYCLE_WEIGHTS = [0.1, 0.65, 0.15, 0.1];
/** Where in the band (0 = low, 1 = high, on a log scale) each brand tier prices. */
const TIER_BAND: Record<number, [number, number]> = { 1: [0, 0.45], 2: [0.15, 0.75], 3: [0.5, 1] };

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Largest discount share that keeps the margin after discount at or above the floor. */
export function maxDiscountShare(product: ProductRow, categoryFloor: number): number {
  const floor = product.marginFloor ?? categoryFloor;
  return Math.max(0, 1 - product.unitCost / (product.price * (1 - floor)));
}

function charmPrice(raw: number, low: number, high: number): number {
  const charmed = raw < 1 ? Math.floor(raw * 10) / 10 + 0.09 : Math.floor(raw) + 0.99;
  return round2(clamp(charmed, low, high));
}

function attributesFor(department: DepartmentSpec, random: Random, lifecycle: Lifecycle): ProductAttributes {
  const attributes: ProductAttributes = {};
  const flags = (candidates: readonly string[], p: number) => candidates.filter(() => random.chance(p));
  switch (department.profile) {
    case 'packaged':
      attributes.size = `${random.pick([100, 200, 250, 400, 500, 750, 1000])} g`;
      attributes.dietary = flags(DIETARY_FLAGS, 0.15);
      break;
    case 'fresh':
      attributes.size = `${random.pick([250, 500, 1000])} g`;
      attributes.dietary = flags(DIETARY_FLAGS, 0.2);
      attributes.shelfLifeDays = random.int(2, 14);
      break;
    case 'beauty':
      attributes.size = `${random.pick([30, 50, 100, 200, 400])} ml`;
      attributes.dietary = flags(['vegan', 'cruelty-free', 'fragrance-free'], 0.3);
      break;
    case 'home':
      attributes.colour = random.pick(COLOURS);
      attributes.material = random.pick(MATERIALS);
      break;
    case 'electronics':
      attributes.colour = random.pick(['black', 'white', 'silver', 'graphite']);
      attributes.warrantyMonths = random.pick([12, 24, 36]);
      break;
    case 'apparel':
      attributes.colour = random.pick(COLOURS);
      attributes.sizes = APPAREL_SIZES.slice(random.int(0, 1), random.int(4, 6));
      break;
    case 'sports':
      attributes.colour = random.pick(COLOURS);
      if (random.chance(0.4)) attributes.sizes = APPAREL_SIZES.slice(1, 5);
      break;
    case 'toys':
      attributes.ageRange = random.pick(['0+', '3+', '6+', '8+', '12+']);
      attributes.colour = random.pick(COLOURS);
      break;
  }
  if (lifecycle === 'SEASONAL') attributes.season = random.pick(SEASONS);
  return attributes;
}

export function generateCatalog(random: Random, productCount: number, now: Date): Catalog {
  const categories: CategoryRow[] = [];
  const leaves: Leaf[] = [];
  const departmentIds: string[] = [];
  const leavesByDepartment: number[][] = [];
  DEPARTMENTS.forEach((department, d) => {
    const id = `cat_${department.slug}`;
    departmentIds.push(id);
    leavesByDepartment.push([]);
    categories.push({
      id,
      name: department.name,
      slug: department.slug,
      parentId: null,
      marginFloor: department.marginFloor,
      priceLow: Math.min(...department.subcategories.map((s) => s.priceLow)),
      priceHigh: Math.max(...department.subcategories.map((s) => s.priceHigh)),
    });
    for (const spec of department.subcategories) {
      const slug = `${department.slug}-${spec.slug}`;
      leavesByDepartment[d]!.push(leaves.length);
      leaves.push({ categoryId: `cat_${slug}`, department: d, name: spec.name, nouns: spec.nouns, products: [], sampler: null });
      categories.push({ id: `cat_${slug}`, name: spec.name, slug, parentId: id, marginFloor: department.marginFloor, priceLow: spec.priceLow, priceHigh: spec.priceHigh });
    }
  });
  const leafSpecs = DEPARTMENTS.flatMap((d) => d.subcategories);
  const leafWeights = DEPARTMENTS.flatMap((d) => {
    const total = d.subcategories.reduce((s, x) => s + x.weight, 0);
    return d.subcategories.map((s) => (d.weight * s.weight) / total);
  });

  // Brands: about one per dozen products, each selling in one department; every department gets
  // at least two, of different tiers.
  const brandRandom = random.fork('brands');
  const brandCount = clamp(Math.round(productCount / 12), 2 * DEPARTMENTS.length, 1200);
  const brands: BrandRow[] = [];
  const brandsByDepartment: number[][] = DEPARTMENTS.map(() => []);
  const taken = new Set<string>();
  for (let b = 0; b < brandCount; b++) {
    const department = b < 2 * DEPARTMENTS.length ? b % DEPARTMENTS.length : brandRandom.weighted(DEPARTMENTS.map((_, i) => i), DEPARTMENTS.map((d) => d.weight));
    // The forced pair per department: one mainstream, then value or premium by turns.
    const tier = b < DEPARTMENTS.length ? 2 : b < 2 * DEPARTMENTS.length ? (b % 2 === 0 ? 1 : 3) : brandRandom.weighted([1, 2, 3], [0.3, 0.5, 0.2]);
    brands.push({ id: `brd_${pad(b + 1, 4)}`, name: uniqueBrandName(brandRandom, taken), tier });
    brandsByDepartment[department]!.push(b);
  }

  const productRandom = random.fork('products');
  const leafSampler = new WeightedSampler(leafWeights);
  const products: ProductRow[] = [];
  const productsByBrand: number[][] = brands.map(() => []);
  const truth: ProductTruth = {
    department: new Uint8Array(productCount),
    leaf: new Uint16Array(productCount),
    brandTier: new Uint8Array(productCount),
    appeal: new Float64Array(productCount),
    logRelativePrice: new Float64Array(productCount),
  };
  const nowMs = now.getTime();
  for (let i = 0; i < productCount; i++) {
    // The first products cover every leaf once, so even a small catalogue spans the tree.
    const leafIndex = i < leaves.length ? i : leafSampler.sample(productRandom);
    const leaf = leaves[leafIndex]!;
    const spec = leafSpecs[leafIndex]!;
    const department = DEPARTMENTS[leaf.department]!;
    const brandIndex = productRandom.pick(brandsByDepartment[leaf.department]!);
    const brand = brands[brandIndex]!;
    const lifecycle = productRandom.weighted(LIFECYCLES, LIFECYCLE_WEIGHTS);
    const [qLow, qHigh] = TIER_BAND[brand.tier]!;
    const raw = spec.priceLow * Math.pow(spec.priceHigh / spec.priceLow, productRandom.float(qLow, qHigh));
    const price = charmPrice(raw, spec.priceLow, spec.priceHigh);
    const marginFloor = lifecycle === 'CLEARANCE' ? round2(department.marginFloor / 2) : productRandom.chance(0.05) ? round2(department.marginFloor + 0.05) : null;
    const floor = marginFloor ?? department.marginFloor;
    const margin = Math.min(0.85, lifecycle === 'CLEARANCE' ? floor + productRandom.float(0.05, 0.15) : floor + 0.15 + productRandom.float(0, 0.3));
    let unitCost = round2(price * (1 - margin));
    if (unitCost >= price) unitCost = round2(price - 0.01);
    unitCost = Math.max(0.01, unitCost);
    const appeal = productRandom.normal(0, 0.45) + (lifecycle === 'NEW' ? 0.1 : lifecycle === 'CLEARANCE' ? -0.3 : 0);
    const launchedAt = new Date(
      nowMs -
        Math.round(
          (lifecycle === 'NEW' ? productRandom.float(0, 30) : lifecycle === 'CORE' ? productRandom.float(90, 1500) : lifecycle === 'SEASONAL' ? productRandom.float(30, 700) : productRandom.float(365, 2000)) * DAY,
        ),
    );
    const rated = lifecycle !== 'NEW' || productRandom.chance(0.4);
    const reviewCount = rated ? Math.max(1, Math.round(Math.exp(productRandom.normal(2.5 + appeal - (lifecycle === 'NEW' ? 1.5 : 0), 1)))) : 0;
    const rating = rated ? Math.round(clamp(3.9 + 0.9 * appeal + productRandom.normal(0, 0.35), 1, 5) * 10) / 10 : null;
    const adjective = productRandom.pick(ADJECTIVES);
    const noun = productRandom.pick(leaf.nouns);
    products.push({
      id: `prd_${pad(i + 1, 5)}`,
      sku: `${department.code}-${pad(i + 1, 5)}`,
      name: `${brand.name} ${adjective} ${noun}`,
      description: `${adjective} ${noun.toLowerCase()} by ${brand.name}, from our ${spec.name.toLowerCase()} range.`,
      categoryId: leaf.categoryId,
      brandId: brand.id,
      price,
      unitCost,
      currency: 'USD',
      lifecycle,
      marginFloor,
      attributes: attributesFor(department, productRandom, lifecycle),
      rating,
      reviewCount,
      launchedAt,
      createdAt: launchedAt,
    });
    leaf.products.push(i);
    productsByBrand[brandIndex]!.push(i);
    truth.department[i] = leaf.department;
    truth.leaf[i] = leafIndex;
    truth.brandTier[i] = brand.tier;
    truth.appeal[i] = appeal;
    truth.logRelativePrice[i] = Math.log(price / Math.sqrt(spec.priceLow * spec.priceHigh));
  }
  for (const leaf of leaves) {
    if (leaf.products.length === 0) continue;
    leaf.sampler = new WeightedSampler(leaf.products.map((p) => Math.exp(0.9 * truth.appeal[p]!) * (products[p]!.lifecycle === 'NEW' ? 1.2 : 1)));
  }
  return { categories, brands, products, leaves, departmentIds, leavesByDepartment, productsByBrand, truth };
}
