import { describe, expect, it } from 'vitest';
import {
  collectActivity,
  createRandom,
  generateWorld,
  localTimeOf,
  maxDiscountShare,
  utcOffsetMinutes,
  validateWorldConfig,
  WorldConfigError,
  type WorldConfig,
} from '../src/index.ts';
import { allocateBudgets } from '../src/activityGenerator.ts';

const NOW = new Date('2026-11-20T12:00:00Z');
const DAY = 86_400_000;
const CONFIG: WorldConfig = { seed: 11, customers: 400, products: 150, stores: 5, warehouses: 2, interactions: 6000, days: 60, now: NOW, competitors: 3, promotions: 30 };

const world = generateWorld(CONFIG);
const activity = collectActivity(world);

describe('random', () => {
  it('repeats a sequence for a seed, and forks streams that do not depend on the parent state', () => {
    const a = createRandom(5);
    const b = createRandom(5);
    const first = Array.from({ length: 5 }, () => a.next());
    expect(Array.from({ length: 5 }, () => b.next())).toEqual(first);
    expect(Array.from({ length: 5 }, () => createRandom(6).next())).not.toEqual(first);
    expect(a.fork('x').next()).toBe(createRandom(5).fork('x').next()); // a has been consumed, the fork is the same
    expect(a.fork('x').next()).not.toBe(a.fork('y').next());
  });

  it('draws in range and with the requested distributions', () => {
    const r = createRandom('dist');
    const n = 20_000;
    const ints = Array.from({ length: n }, () => r.int(1, 6));
    expect(Math.min(...ints)).toBe(1);
    expect(Math.max(...ints)).toBe(6);
    const normals = Array.from({ length: n }, () => r.normal(10, 2));
    const mean = normals.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(normals.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(mean).toBeCloseTo(10, 1);
    expect(sd).toBeCloseTo(2, 1);
    const picks = Array.from({ length: n }, () => r.weighted(['a', 'b', 'c'], [1, 3, 0]));
    expect(picks.filter((x) => x === 'c')).toHaveLength(0);
    expect(picks.filter((x) => x === 'b').length / n).toBeCloseTo(0.75, 1);
    expect(() => r.pick([])).toThrow('pick() needs a non-empty array');
  });
});

describe('world config', () => {
  const cases: [string, unknown, string][] = [
    ['not an object', null, 'World config must be an object (got null)'],
    ['an array', [], 'World config must be an object (got an array)'],
    ['an unknown option', { ...CONFIG, shoppers: 3 }, 'Unknown world config option "shoppers"'],
    ['a missing option', { ...CONFIG, customers: undefined }, 'World config option "customers" is required'],
    ['zero customers', { ...CONFIG, customers: 0 }, 'World config option "customers" must be an integer from 1 to 999999 (got 0)'],
    ['a fraction', { ...CONFIG, products: 1.5 }, 'World config option "products" must be an integer from 1 to 99999 (got 1.5)'],
    ['a string', { ...CONFIG, stores: '3' }, 'World config option "stores" must be an integer from 1 to 999 (got "3")'],
    ['a negative seed', { ...CONFIG, seed: -1 }, 'World config option "seed" must be an integer from 0 to 4294967295 (got -1)'],
    ['too many competitors', { ...CONFIG, competitors: 7 }, 'World config option "competitors" must be an integer from 0 to 6 (got 7)'],
    ['an invalid date', { ...CONFIG, now: new Date('nope') }, 'World config option "now" must be a valid Date (got Invalid Date)'],
    ['a date string', { ...CONFIG, now: '2026-01-01' }, 'World config option "now" must be a valid Date (got "2026-01-01")'],
  ];
  it.each(cases)('rejects %s with an exact message', (_, input, message) => {
    expect(() => validateWorldConfig(input)).toThrow(new WorldConfigError(message));
    expect(() => generateWorld(input as WorldConfig)).toThrow(message);
  });

  it('reports the first problem in option order', () => {
    expect(() => validateWorldConfig({ ...CONFIG, days: 0, customers: -5 })).toThrow('World config option "customers" must be an integer from 1 to 999999 (got -5)');
  });

  it('returns a copy that later changes to the input do not reach', () => {
    const input = { ...CONFIG, now: new Date(NOW) };
    const config = validateWorldConfig(input);
    input.now.setTime(0);
    expect(config.now.toISOString()).toBe(NOW.toISOString());
  });
});

describe('generateWorld', () => {
  it('gives an identical world for the same config, a different one for another seed', () => {
    const again = generateWorld({ ...CONFIG, now: new Date(NOW) });
    const { truth: _t1, activity: _a1, walkInSales: _w1, ...rows } = world;
    const { truth: _t2, activity: _a2, walkInSales: _w2, ...rowsAgain } = again;
    expect(rowsAgain).toEqual(rows);
    expect(collectActivity(again)).toEqual(activity);
    expect(again.walkInSales()).toEqual(world.walkInSales());
    const other = generateWorld({ ...CONFIG, seed: 12 });
    expect(other.products.map((p) => p.price)).not.toEqual(world.products.map((p) => p.price));
    expect(other.customers.map((c) => c.email)).not.toEqual(world.customers.map((c) => c.email));
    expect(collectActivity(other).interactions.map((i) => i.occurredAt.getTime())).not.toEqual(activity.interactions.map((i) => i.occurredAt.getTime()));
  });

  it('streams the same history whatever the chunk size', () => {
    const chunks = [...world.activity({ customersPerChunk: 7 })];
    expect(chunks.length).toBe(Math.ceil(CONFIG.customers / 7));
    expect(chunks.flatMap((c) => c.interactions)).toEqual(activity.interactions);
    expect(chunks.flatMap((c) => c.orders)).toEqual(activity.orders);
    expect(chunks.flatMap((c) => c.orderLines)).toEqual(activity.orderLines);
  });

  it('uses stable ids', () => {
    expect(world.customers[0]!.id).toBe('cus_000001');
    expect(world.products[0]!.id).toBe('prd_00001');
    expect(world.brands[0]!.id).toBe('brd_0001');
    expect(world.locations[0]!.id).toBe('loc_0001');
    expect(world.promotions[0]!.id).toBe('promo_0001');
    expect(world.categories[0]!.id).toBe('cat_grocery');
    expect(activity.interactions.map((i) => i.id)).toEqual(activity.interactions.map((_, k) => k + 1));
    expect(new Set(world.customers.map((c) => c.email)).size).toBe(CONFIG.customers);
    expect(new Set(world.products.map((p) => p.sku)).size).toBe(CONFIG.products);
    expect(new Set(world.brands.map((b) => b.name)).size).toBe(world.brands.length);
  });

  it('builds a two-level category tree of 8 departments, products in leaves, priced inside the band above cost and floor', () => {
    const byId = new Map(world.categories.map((c) => [c.id, c]));
    const departments = world.categories.filter((c) => c.parentId === null);
    expect(departments).toHaveLength(8);
    for (const c of world.categories) {
      if (c.parentId) expect(byId.get(c.parentId)?.parentId).toBeNull();
      expect(c.priceLow).toBeLessThan(c.priceHigh);
    }
    for (const p of world.products) {
      const category = byId.get(p.categoryId)!;
      expect(category.parentId).not.toBeNull();
      expect(p.price).toBeGreaterThanOrEqual(category.priceLow);
      expect(p.price).toBeLessThanOrEqual(category.priceHigh);
      expect(p.unitCost).toBeGreaterThan(0);
      expect(p.unitCost).toBeLessThan(p.price);
      expect(1 - p.unitCost / p.price).toBeGreaterThanOrEqual((p.marginFloor ?? category.marginFloor) - 0.01);
      expect(Number.isInteger(Math.round(p.price * 100))).toBe(true);
    }
    expect(new Set(world.products.map((p) => p.lifecycle))).toEqual(new Set(['NEW', 'CORE', 'SEASONAL', 'CLEARANCE']));
    expect(new Set(world.brands.map((b) => b.tier))).toEqual(new Set([1, 2, 3]));
  });

  it('keeps references between rows intact', () => {
    const customers = new Set(world.customers.map((c) => c.id));
    const products = new Set(world.products.map((p) => p.id));
    const locations = new Map(world.locations.map((l) => [l.id, l]));
    const categories = new Set(world.categories.map((c) => c.id));
    const brands = new Set(world.brands.map((b) => b.id));
    const orders = new Set(activity.orders.map((o) => o.id));
    const promotions = new Set(world.promotions.map((p) => p.id));
    for (const p of world.products) expect(brands.has(p.brandId) && categories.has(p.categoryId)).toBe(true);
    for (const c of world.customers) expect(locations.get(c.homeStoreId!)?.type).toBe('STORE');
    for (const i of activity.interactions) {
      expect(customers.has(i.customerId)).toBe(true);
      if (i.productId !== null) expect(products.has(i.productId)).toBe(true);
      if (i.locationId !== null) expect(locations.has(i.locationId)).toBe(true);
    }
    for (const o of activity.orders) expect(customers.has(o.customerId) && (o.locationId === null || locations.has(o.locationId))).toBe(true);
    for (const l of activity.orderLines) {
      expect(products.has(l.productId)).toBe(true);
      expect(orders.has(l.orderId)).toBe(true);
      if (l.promotionId !== null) expect(promotions.has(l.promotionId)).toBe(true);
    }
    for (const s of [...world.competitorPrices, ...world.socialSignals]) expect(products.has(s.productId)).toBe(true);
    for (const p of world.promotions) {
      const targets = [p.productId && products.has(p.productId), p.categoryId && categories.has(p.categoryId), p.brandId && brands.has(p.brandId)].filter(Boolean);
      expect(targets).toHaveLength(1);
    }
  });

  it('stocks every product in at least one warehouse and stores a subset', () => {
    const warehouses = new Set(world.locations.filter((l) => l.type === 'WAREHOUSE').map((l) => l.id));
    const stores = new Set(world.locations.filter((l) => l.type === 'STORE').map((l) => l.id));
    expect(warehouses.size).toBe(CONFIG.warehouses);
    expect(stores.size).toBe(CONFIG.stores);
    const inWarehouse = new Set(world.stockLevels.filter((s) => warehouses.has(s.locationId)).map((s) => s.productId));
    expect(inWarehouse.size).toBe(CONFIG.products);
    const inStores = world.stockLevels.filter((s) => stores.has(s.locationId));
    expect(inStores.length).toBeGreaterThan(0);
    expect(inStores.length).toBeLessThan(CONFIG.products * CONFIG.stores);
    const keys = world.stockLevels.map((s) => `${s.productId}|${s.locationId}`);
    expect(new Set(keys).size).toBe(keys.length);
    for (const s of world.stockLevels) expect(s.reserved).toBeLessThanOrEqual(s.onHand);
  });

  it('generates exactly the configured number of interactions, inside the window and after each customer joined', () => {
    expect(activity.interactions).toHaveLength(CONFIG.interactions);
    const joined = new Map(world.customers.map((c) => [c.id, c.createdAt.getTime()]));
    for (const i of activity.interactions) {
      const t = i.occurredAt.getTime();
      expect(t).toBeLessThanOrEqual(NOW.getTime());
      expect(t).toBeGreaterThan(NOW.getTime() - CONFIG.days * DAY);
      expect(t).toBeGreaterThanOrEqual(joined.get(i.customerId)!);
    }
    const types = new Set(activity.interactions.map((i) => i.type));
    expect(types).toEqual(new Set(['VIEW', 'SEARCH', 'ADD_TO_CART', 'REMOVE_FROM_CART', 'CHECKOUT_START', 'PURCHASE', 'CART_ABANDON', 'REVIEW', 'SERVICE_CONTACT']));
    expect(new Set(activity.interactions.map((i) => i.channel))).toEqual(new Set(['WEB', 'APP', 'STORE', 'EMAIL', 'SOCIAL', 'CALL_CENTRE']));
    for (const i of activity.interactions) if (i.type === 'REVIEW') expect(i.rating).toBeGreaterThanOrEqual(1);
  });

  it('has the customers who joined inside the window join by buying: their first session starts then and ends in an order', () => {
    const joiners = world.customers.filter((c) => c.createdAt.getTime() > NOW.getTime() - CONFIG.days * DAY);
    expect(joiners.length).toBeGreaterThan(10);
    const firstSession = (id: string) => `ses_${id.slice(4)}_001`;
    const joinedWithOrder = joiners.filter((c) => {
      const events = activity.interactions.filter((i) => i.sessionId === firstSession(c.id));
      const since = events[0]!.occurredAt.getTime() - c.createdAt.getTime();
      expect(since >= 0 && (since <= 5 * 60_000 || events[0]!.occurredAt.getTime() === NOW.getTime())).toBe(true); // the session's first step, or now
      expect(['WEB', 'APP', 'STORE']).toContain(events[0]!.channel);
      return events.some((i) => i.type === 'PURCHASE');
    });
    // the rare shopper the model gives almost no chance of buying signs up without an order
    expect(joinedWithOrder.length / joiners.length).toBeGreaterThan(0.95);
  });

  it('keeps the joining sessions (conditioned on an order) out of the stream of purchase decisions', () => {
    const decisions = [...world.activity({ decisions: true })].flatMap((chunk) => chunk.decisions);
    expect(decisions.length).toBeGreaterThan(1000);
    const joinViews = new Set(activity.interactions.filter((i) => i.type === 'VIEW' && i.sessionId!.endsWith('_001') && world.customers[Number(i.customerId.slice(4)) - 1]!.createdAt.getTime() > NOW.getTime() - CONFIG.days * DAY).map((i) => `${i.customerId}@${i.occurredAt.getTime()}`));
    expect(joinViews.size).toBeGreaterThan(10);
    expect(decisions.filter((d) => joinViews.has(`${d.customerId}@${d.occurredAt.getTime()}`))).toEqual([]);
  });

  it('derives one order per purchasing session, one line per PURCHASE, totals that add up', () => {
    const purchases = activity.interactions.filter((i) => i.type === 'PURCHASE');
    expect(activity.orderLines).toHaveLength(purchases.length);
    expect(activity.orders.length).toBe(new Set(purchases.map((p) => p.sessionId)).size);
    const lines = new Map<string, typeof activity.orderLines>();
    for (const l of activity.orderLines) lines.set(l.orderId, [...(lines.get(l.orderId) ?? []), l]);
    for (const order of activity.orders) {
      const own = lines.get(order.id)!;
      const total = own.reduce((s, l) => s + l.unitPrice * l.quantity - l.discount, 0);
      expect(order.total).toBeCloseTo(total, 2);
      for (const l of own) expect(l.discount).toBeLessThan(l.unitPrice * l.quantity);
    }
    expect(activity.orderLines.some((l) => l.promotionId !== null)).toBe(true);
  });

  it('has promotions in every status, live ones with channels, approved depths within the margin floor', () => {
    expect(new Set(world.promotions.map((p) => p.status))).toEqual(new Set(['APPROVED', 'PENDING_APPROVAL', 'DRAFT', 'REJECTED', 'ENDED', 'PAUSED']));
    const live = world.promotions.filter((p) => p.status === 'APPROVED' && p.startsAt <= NOW && p.endsAt > NOW);
    expect(live.length).toBeGreaterThan(0);
    for (const p of world.promotions) {
      expect(p.channels.length).toBeGreaterThan(0);
      expect(p.startsAt.getTime()).toBeLessThan(p.endsAt.getTime());
    }
    for (const p of world.promotions.filter((x) => x.status === 'ENDED')) expect(p.endsAt.getTime()).toBeLessThanOrEqual(NOW.getTime());
    const floors = new Map(world.categories.map((c) => [c.id, c.marginFloor]));
    const approvedPercent = world.promotions.filter((p) => p.status === 'APPROVED' && p.type === 'PERCENT_OFF' && p.productId);
    for (const p of approvedPercent) {
      const product = world.products.find((x) => x.id === p.productId)!;
      expect(p.depth).toBeLessThanOrEqual(maxDiscountShare(product, floors.get(product.categoryId)!) + 1e-9);
    }
    for (const p of world.promotions.filter((x) => x.status === 'REJECTED')) expect(p.reviewNote).toMatch(/margin floor/);
  });
});

describe('interaction budgets', () => {
  it('give each customer its floor, then the rest by weight, to the exact total', () => {
    const weights = Float64Array.from([1, 3, 0, 4]);
    const budgets = allocateBudgets(weights, 100, Uint32Array.from([0, 0, 12, 12]));
    expect([...budgets]).toEqual([10, 28, 12, 50]);
    expect([...allocateBudgets(weights, 20, Uint32Array.from([12, 12, 0, 0]))]).toEqual([3, 7, 0, 10]); // floors above the total are dropped
    expect([...allocateBudgets(weights, 80)]).toEqual([10, 30, 0, 40]);
  });
});

describe('local time', () => {
  it('applies US daylight saving time, except in Phoenix', () => {
    const summer = Date.UTC(2026, 6, 1, 12);
    const winter = Date.UTC(2026, 0, 15, 12);
    expect(utcOffsetMinutes('America/New_York', summer)).toBe(-240);
    expect(utcOffsetMinutes('America/New_York', winter)).toBe(-300);
    expect(utcOffsetMinutes('America/Phoenix', summer)).toBe(-420);
    // 2026: DST starts 8 March 07:00 UTC in New York, ends 1 November 06:00 UTC.
    expect(utcOffsetMinutes('America/New_York', Date.UTC(2026, 2, 8, 6, 59))).toBe(-300);
    expect(utcOffsetMinutes('America/New_York', Date.UTC(2026, 2, 8, 7, 0))).toBe(-240);
    expect(utcOffsetMinutes('America/New_York', Date.UTC(2026, 10, 1, 5, 59))).toBe(-240);
    expect(utcOffsetMinutes('America/New_York', Date.UTC(2026, 10, 1, 6, 0))).toBe(-300);
    expect(localTimeOf('America/Los_Angeles', Date.UTC(2026, 10, 22, 3, 30))).toEqual({ hour: 19, weekday: 6 }); // Sat 21 Nov 19:30 PST
  });
});
