// Can a model that sees only what a retailer sees (customer fields, product category, the history)
// learn who buys what? Train simple rate tables on half the customers, score the other half.
import { describe, expect, it } from 'vitest';
import { collectActivity, generateWorld } from '../src/index.ts';

const world = generateWorld({ seed: 3, customers: 6000, products: 400, stores: 10, warehouses: 2, interactions: 150_000, days: 120, now: new Date('2026-11-20T12:00:00Z'), competitors: 0, promotions: 30 });
const { interactions } = collectActivity(world);

interface Example {
  train: boolean;
  department: string;
  cell: string;
  bought: boolean;
}

// One example per product view: bought = a PURCHASE of that product in the same session.
const department = new Map(world.products.map((p) => [p.id, world.categories.find((c) => c.id === p.categoryId)!.parentId!]));
const customers = new Map(world.customers.map((c, i) => [c.id, { row: c, train: i % 2 === 0 }]));
const purchased = new Set(interactions.filter((i) => i.type === 'PURCHASE').map((i) => `${i.sessionId}|${i.productId}`));
const examples: Example[] = interactions
  .filter((i) => i.type === 'VIEW')
  .map((i) => {
    const { row, train } = customers.get(i.customerId)!;
    const cell = `${row.segments.includes('family')}|${row.incomeBand ?? '?'}`;
    return { train, department: department.get(i.productId!)!, cell, bought: purchased.has(`${i.sessionId}|${i.productId}`) };
  });
const train = examples.filter((e) => e.train);
const test = examples.filter((e) => !e.train);

/** Rates by key, shrunk towards a prior rate with the weight of `strength` examples. */
function rates(data: Example[], key: (e: Example) => string, prior: (e: Example) => number, strength: number): (e: Example) => number {
  const counts = new Map<string, { n: number; k: number; prior: number }>();
  for (const e of data) {
    const c = counts.get(key(e)) ?? { n: 0, k: 0, prior: prior(e) };
    c.n++;
    if (e.bought) c.k++;
    counts.set(key(e), c);
  }
  return (e) => {
    const c = counts.get(key(e));
    return c ? (c.k + strength * c.prior) / (c.n + strength) : prior(e);
  };
}

const logLoss = (data: Example[], predict: (e: Example) => number) =>
  -data.reduce((s, e) => {
    const p = Math.min(1 - 1e-6, Math.max(1e-6, predict(e)));
    return s + (e.bought ? Math.log(p) : Math.log(1 - p));
  }, 0) / data.length;

describe('learnability from observable features', () => {
  const globalRate = train.filter((e) => e.bought).length / train.length;
  const global = () => globalRate;
  const byDepartment = rates(train, (e) => e.department, global, 20);
  const byCustomerCell = rates(train, (e) => `${e.department}|${e.cell}`, byDepartment, 30);

  it('has enough views and purchases to tell', () => {
    expect(test.length).toBeGreaterThan(30_000);
    expect(test.filter((e) => e.bought).length).toBeGreaterThan(2000);
  });

  it('predicts held-out customers better from department × (family, income band) than from the global rate or department alone', () => {
    const lossGlobal = logLoss(test, global);
    const lossDepartment = logLoss(test, byDepartment);
    const lossCell = logLoss(test, byCustomerCell);
    console.info(`log loss on held-out customers: global ${lossGlobal.toFixed(5)}, department ${lossDepartment.toFixed(5)}, department × customer cell ${lossCell.toFixed(5)}`);
    expect(lossCell).toBeLessThan(lossGlobal);
    expect(lossCell).toBeLessThan(lossDepartment);
  });

  it('shows the planted effect: family shoppers buy what they look at in Toys & Kids more often', () => {
    const toys = test.filter((e) => e.department === 'cat_toys-kids');
    const rate = (xs: Example[]) => xs.filter((e) => e.bought).length / xs.length;
    const family = toys.filter((e) => e.cell.startsWith('true'));
    const others = toys.filter((e) => e.cell.startsWith('false'));
    expect(family.length).toBeGreaterThan(300);
    expect(others.length).toBeGreaterThan(300);
    expect(rate(family)).toBeGreaterThan(1.3 * rate(others));
  });
});
