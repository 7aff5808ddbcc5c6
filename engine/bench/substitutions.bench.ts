// npm run bench:substitutions [-- --episodes N] [--seed N] [--world-seed N] [--other-seeds] [--no-write]:
// does the substitution learner find the replacements shoppers accept?
// Generates a world in process (@retail/simulator) and plays N stock-out episodes: a shopper, an
// item they bought that is now out of stock, the in-stock candidates of its department at their
// home store. Five policies show a slate of 3 on the same stream: SubstitutionPolicy with UCB
// exploration, the same learner greedy, the similarity-only ranking, uniform random and the oracle
// (the true top 3). The simulator's substitution ground truth decides what the shopper accepts.
// --other-seeds plays the same comparison again on another stream seed and on another world.
// Writes docs/bench/substitutions.json, docs/bench/substitutions.svg and the "## Substitutions"
// section of docs/BENCHMARKS.md.
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRandom, createSubstitutionModel, generateWorld, SUBSTITUTION_MODEL, type Random, type World, type WorldSize } from '@retail/simulator';
import {
  DEFAULT_SUBSTITUTION_POLICY,
  seededRandom,
  shopperFromPurchases,
  similarityScore,
  SIMILARITY_WEIGHTS,
  substitutionExclusion,
  SubstitutionPolicy,
  SIMILARITY_PRIOR,
  SUBSTITUTION_FEATURE_DIMENSION,
  type PastPurchase,
  type RankedSubstitute,
  type SubstituteItem,
  type SubstitutionPolicyConfig,
  type SubstitutionShopper,
} from '../src/index.ts';
import { replaceSection, runCommit } from './benchmarksDoc.ts';
import { booleanFlag, numberFlag } from './cliFlags.ts';
import { clock, logger, progressBar } from './progressLog.ts';
import { renderSubstitutionSvg } from './substitutionPlot.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const NOW = new Date('2026-11-20T12:00:00Z');

/** A year of history for 3,000 shoppers (about 17 order lines each), 1,500 products. */
const WORLD: Readonly<WorldSize> = Object.freeze({ seed: 17, customers: 3000, products: 1500, stores: 6, warehouses: 2, interactions: 800_000, days: 365, competitors: 0, promotions: 0 });
const DEFAULT_EPISODES = 40_000;
const SLATE = 3;
/** Candidates per episode: up to SAME_CATEGORY of the original's category, then others of its department. */
const MAX_CANDIDATES = 40;
const SAME_CATEGORY = 28;
/** An episode needs this many candidates the hard rules allow, so that ranking 3 of them is a choice. */
const MIN_ALLOWED = 4;
/** Learning curves: the whole run in BUCKETS buckets, and its first EARLY_SHARE in BUCKETS finer ones (most of the learning happens there). */
const BUCKETS = 40;
const EARLY_SHARE = 0.02;
/** The last share of episodes reported apart: what each learner does once it has learnt. */
const LATE_SHARE = 0.2;
const LATE = `${Math.round(100 * LATE_SHARE)} %`;

export type PolicyName = 'ucb' | 'greedy' | 'prior' | 'similarity' | 'random' | 'oracle';
export const POLICY_LABELS: Record<PolicyName, string> = {
  ucb: 'learned (UCB)',
  greedy: 'learned (greedy)',
  prior: 'prior only (no learning)',
  similarity: 'similarity only',
  random: 'uniform random',
  oracle: 'oracle (true top 3)',
};
const POLICY_ORDER: readonly PolicyName[] = ['oracle', 'ucb', 'greedy', 'prior', 'similarity', 'random'];

// --- command line
const episodes = numberFlag('episodes', DEFAULT_EPISODES);
const seed = numberFlag('seed', 1);
const worldSeed = numberFlag('world-seed', WORLD.seed);
const write = !booleanFlag('no-write');
const otherSeeds = booleanFlag('other-seeds');
/** The other streams of --other-seeds: another stream seed on this world, and another world. */
const OTHER_SEEDS = [{ seed: 2, worldSeed }, { seed, worldSeed: 23 }];

const log = logger('bench:substitutions', { timed: false });

// --- the market: catalogue as the engine sees it, shoppers' histories, what each store has in stock
interface Market {
  world: World;
  items: SubstituteItem[];
  /** Product indexes bought per customer (one entry per order line). */
  bought: number[][];
  /** Customers with at least two order lines and a home store. */
  buyers: number[];
  /** Per store index, per department index: in-stock product indexes. */
  stock: Map<number, number[][]>;
  homeStore: Int32Array;
  department: Uint8Array;
  leaf: Uint16Array;
  orderLines: number;
}

function prepareMarket(worldSeed: number): Market {
  const world = generateWorld({ ...WORLD, seed: worldSeed, now: NOW });
  const P = world.products.length;
  const categories = new Map(world.categories.map((c) => [c.id, c]));
  const productIndex = new Map(world.products.map((p, i) => [p.id, i]));
  const customerIndex = new Map(world.customers.map((c, i) => [c.id, i]));
  const bought: number[][] = world.customers.map(() => []);
  const units = new Float64Array(P);
  let orderLines = 0;
  for (const chunk of world.activity({ customersPerChunk: 1000 })) {
    const customerOf = new Map(chunk.orders.map((o) => [o.id, customerIndex.get(o.customerId)!]));
    for (const line of chunk.orderLines) {
      const p = productIndex.get(line.productId)!;
      bought[customerOf.get(line.orderId)!]!.push(p);
      units[p]! += line.quantity;
      orderLines++;
    }
  }
  const items: SubstituteItem[] = world.products.map((p, i) => ({
    productId: p.id,
    categoryId: p.categoryId,
    departmentId: categories.get(p.categoryId)!.parentId,
    brandId: p.brandId,
    price: p.price,
    size: typeof p.attributes.size === 'string' ? p.attributes.size : null,
    dietary: Array.isArray(p.attributes.dietary) ? p.attributes.dietary : [],
    rating: p.rating,
    popularity: units[i]! / WORLD.days,
  }));
  const locationIndex = new Map(world.locations.map((l, i) => [l.id, i]));
  const stock = new Map<number, number[][]>();
  for (const row of world.stockLevels) {
    const s = locationIndex.get(row.locationId)!;
    if (world.locations[s]!.type !== 'STORE' || row.onHand - row.reserved <= 0) continue;
    let byDepartment = stock.get(s);
    if (!byDepartment) stock.set(s, (byDepartment = []));
    const p = productIndex.get(row.productId)!;
    (byDepartment[world.truth.products.department[p]!] ??= []).push(p);
  }
  const homeStore = Int32Array.from(world.customers, (c) => (c.homeStoreId === null ? -1 : locationIndex.get(c.homeStoreId)!));
  const buyers = world.customers.map((_, c) => c).filter((c) => bought[c]!.length >= 2 && homeStore[c]! >= 0 && stock.has(homeStore[c]!));
  return { world, items, bought, buyers, stock, homeStore, department: world.truth.products.department, leaf: world.truth.products.leaf, orderLines };
}

// --- episodes
interface Episode {
  customer: number;
  original: number;
  /** Candidate product indexes as the store offers them (hard rules not applied). */
  pool: number[];
  /** Pool positions the hard rules allow. */
  allowed: number[];
  /** True P(accept) per pool position (NaN where not allowed). */
  p: Float64Array;
  /** The episode's common random number per pool position: accepted when u < p, for every policy alike. */
  u: Float64Array;
}

function shuffled<T>(items: readonly T[], r: Random): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(r.next() * (i + 1));
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

function drawEpisode(m: Market, truth: ReturnType<typeof createSubstitutionModel>, r: Random, stats: Stats): Episode {
  for (;;) {
    const customer = r.pick(m.buyers);
    const original = r.pick(m.bought[customer]!);
    const inStock = m.stock.get(m.homeStore[customer]!)![m.department[original]!] ?? [];
    const same = shuffled(inStock.filter((p) => p !== original && m.leaf[p] === m.leaf[original]), r).slice(0, SAME_CATEGORY);
    const other = shuffled(inStock.filter((p) => m.leaf[p] !== m.leaf[original]), r).slice(0, MAX_CANDIDATES - same.length);
    const pool = shuffled([...same, ...other], r);
    const allowed = pool.map((p, i) => [p, i] as const).filter(([p]) => substitutionExclusion(m.items[original]!, m.items[p]!) === null).map(([, i]) => i);
    if (allowed.length < MIN_ALLOWED) {
      stats.redraws++;
      if (m.items[original]!.dietary.length >= 2) stats.redrawsWithTwoDietaryFlags++;
      continue;
    }
    const p = new Float64Array(pool.length).fill(Number.NaN);
    const u = new Float64Array(pool.length);
    for (let i = 0; i < pool.length; i++) u[i] = r.next();
    for (const i of allowed) p[i] = truth.acceptProbabilityAt(customer, original, pool[i]!);
    return { customer, original, pool, allowed, p, u };
  }
}

// --- policies: each returns pool positions, best first
interface Decision {
  slate: number[];
  /** The learner's ranked results, aligned with slate (learners only). */
  ranked?: RankedSubstitute[];
}

interface Player {
  name: PolicyName;
  decide(e: Episode, shopper: SubstitutionShopper, r: Random): Decision;
  learn?(d: Decision, examined: number, accepted: boolean): void;
  policy?: SubstitutionPolicy;
}

function learner(name: 'ucb' | 'greedy' | 'prior', m: Market, config: Partial<SubstitutionPolicyConfig>, seed: number): Player {
  const policy = new SubstitutionPolicy(config, seededRandom(seed));
  return {
    name,
    policy,
    decide(e, shopper) {
      const ranked = policy.rank(m.items[e.original]!, e.pool.map((p) => m.items[p]!), shopper, { limit: SLATE });
      const position = new Map(e.pool.map((p, i) => [m.items[p]!.productId, i]));
      return { slate: ranked.map((s) => position.get(s.productId)!), ranked };
    },
    // Cascade feedback: the slate items up to the accepted one (or all, if none) were considered.
    learn(d, examined, accepted) {
      for (let s = 0; s < examined; s++) {
        const item = d.ranked![s]!;
        policy.update({ candidateId: item.productId, features: item.features }, accepted && s === examined - 1);
      }
    },
  };
}

function topBy(positions: readonly number[], score: (i: number) => number): number[] {
  return [...positions].sort((a, b) => score(b) - score(a) || a - b).slice(0, SLATE);
}

function players(m: Market, seed: number): Player[] {
  return [
    { name: 'oracle', decide: (e) => ({ slate: topBy(e.allowed, (i) => e.p[i]!) }) },
    learner('ucb', m, { exploration: 'ucb' }, seed),
    learner('greedy', m, { exploration: 'greedy' }, seed),
    { ...learner('prior', m, { exploration: 'greedy' }, seed), learn: undefined },
    { name: 'similarity', decide: (e) => ({ slate: topBy(e.allowed, (i) => similarityScore(m.items[e.original]!, m.items[e.pool[i]!]!)) }) },
    { name: 'random', decide: (e, _s, r) => ({ slate: shuffled(e.allowed, r).slice(0, SLATE) }) },
  ];
}

// --- metrics
interface Tally {
  episodes: number;
  accepted: number;
  expected: number;
}
const emptyTally = (): Tally => ({ episodes: 0, accepted: 0, expected: 0 });

interface Metrics {
  name: PolicyName;
  all: Tally;
  late: Tally;
  /** Per episode: 1 when a substitute was accepted. */
  accepted: Uint8Array;
  /** Per episode: 1 − Π(1 − p) over the slate. */
  expected: Float64Array;
  /** Accepted episodes by the slot of the accepted item. */
  acceptedAtSlot: number[];
  violations: number;
  decideMs: number;
  /** Learners, last LATE_SHARE: predicted vs observed acceptance of the items the shopper considered, in bins of prediction. */
  calibration: { predicted: number; observed: number; items: number }[];
  /** Learners, last LATE_SHARE: how often each reason code leads a substitute's reasons. */
  leadReasons: Record<string, number>;
}

const CALIBRATION_BINS = 5;

function newMetrics(name: PolicyName): Metrics {
  return {
    name,
    all: emptyTally(),
    late: emptyTally(),
    accepted: new Uint8Array(episodes),
    expected: new Float64Array(episodes),
    acceptedAtSlot: new Array(SLATE).fill(0),
    violations: 0,
    decideMs: 0,
    calibration: Array.from({ length: CALIBRATION_BINS }, () => ({ predicted: 0, observed: 0, items: 0 })),
    leadReasons: {},
  };
}

/** The bench's own check of the hard rules and the slate shape (written apart from the engine's). */
function violationsOf(m: Market, e: Episode, slate: number[]): number {
  let bad = slate.length > SLATE || new Set(slate).size !== slate.length ? 1 : 0;
  const originalFlags = m.items[e.original]!.dietary;
  for (const i of slate) {
    const candidate = m.items[e.pool[i]!];
    if (!candidate || e.pool[i] === e.original || originalFlags.some((f) => !candidate.dietary.includes(f))) bad++;
  }
  return bad;
}

// --- the run
interface Stats {
  redraws: number;
  /** Redraws whose original has two or more dietary flags. */
  redrawsWithTwoDietaryFlags: number;
  candidates: number;
  allowed: number;
  sameCategoryCandidates: number;
  /** Mean over the episodes of the ground truth's coefficients on the price ratio for the episode's shopper (s is their latent price sensitivity). */
  tradeUpCoefficient: number;
  tradeDownCoefficient: number;
}

interface Run {
  worldSeed: number;
  seed: number;
  market: Market;
  team: Player[];
  metrics: Map<PolicyName, Metrics>;
  shoppers: Map<number, SubstitutionShopper>;
  stats: Stats;
  prepareMs: number;
  runMs: number;
}

function play(worldSeed: number, seed: number): Run {
  const started = performance.now();
  log(`generating the world (seed ${worldSeed}: ${WORLD.customers.toLocaleString('en-US')} customers, ${WORLD.products.toLocaleString('en-US')} products, ${WORLD.interactions.toLocaleString('en-US')} interactions over ${WORLD.days} days) and reading its history`);
  const market = prepareMarket(worldSeed);
  const truth = createSubstitutionModel(market.world);
  const prepareMs = performance.now() - started;
  log(`ready in ${(prepareMs / 1000).toFixed(1)} s: ${market.orderLines.toLocaleString('en-US')} order lines, ${market.buyers.length.toLocaleString('en-US')} shoppers with two or more; playing ${episodes.toLocaleString('en-US')} episodes (stream seed ${seed})`);

  const stream = createRandom(`substitutions:${seed}`);
  const team = players(market, seed);
  const metrics = new Map(team.map((p) => [p.name, newMetrics(p.name)]));
  const shoppers = new Map<number, SubstitutionShopper>();
  const stats: Stats = { redraws: 0, redrawsWithTwoDietaryFlags: 0, candidates: 0, allowed: 0, sameCategoryCandidates: 0, tradeUpCoefficient: 0, tradeDownCoefficient: 0 };
  const lateFrom = Math.floor(episodes * (1 - LATE_SHARE));
  const runStart = performance.now();
  const acceptedSoFar = (name: PolicyName) => `${name} ${((100 * metrics.get(name)!.all.accepted) / Math.max(1, metrics.get(name)!.all.episodes)).toFixed(1)} %`;
  const progress = progressBar('bench:substitutions', 'episodes', { detail: () => `; accepted so far: ${POLICY_ORDER.map(acceptedSoFar).join(', ')}` });
  const latentSensitivity = market.world.truth.customers.latent.priceSensitivity;

  const shopperOf = (c: number): SubstitutionShopper => {
    let s = shoppers.get(c);
    if (!s) {
      const purchases: PastPurchase[] = market.bought[c]!.map((p) => ({ productId: market.items[p]!.productId, brandId: market.items[p]!.brandId, categoryId: market.items[p]!.categoryId }));
      shoppers.set(c, (s = shopperFromPurchases(purchases, market.world.customers[c]!.priceSensitivity)));
    }
    return s;
  };

  for (let t = 0; t < episodes; t++) {
    const r = stream.fork(t);
    const e = drawEpisode(market, truth, r, stats);
    stats.candidates += e.pool.length;
    stats.allowed += e.allowed.length;
    stats.sameCategoryCandidates += e.pool.filter((p) => market.leaf[p] === market.leaf[e.original]).length;
    const sensitivity = latentSensitivity[e.customer]!;
    stats.tradeUpCoefficient += (SUBSTITUTION_MODEL.tradeUp.base + SUBSTITUTION_MODEL.tradeUp.perSensitivity * sensitivity) / episodes;
    stats.tradeDownCoefficient += (SUBSTITUTION_MODEL.tradeDown.base + SUBSTITUTION_MODEL.tradeDown.perSensitivity * sensitivity) / episodes;
    const shopper = shopperOf(e.customer);
    const late = t >= lateFrom;
    for (const player of team) {
      const mt = metrics.get(player.name)!;
      const start = performance.now();
      const d = player.decide(e, shopper, r.fork(player.name));
      mt.decideMs += performance.now() - start;
      mt.violations += violationsOf(market, e, d.slate);
      // The shopper reads the slate in order and takes the first item whose common random number
      // falls under its true acceptance probability; the rest of the slate goes unread.
      let examined = d.slate.length;
      let accepted = false;
      for (let s = 0; s < d.slate.length; s++) {
        if (e.u[d.slate[s]!]! < e.p[d.slate[s]!]!) {
          examined = s + 1;
          accepted = true;
          mt.acceptedAtSlot[s]!++;
          break;
        }
      }
      const expected = 1 - d.slate.reduce((q, i) => q * (1 - e.p[i]!), 1);
      mt.accepted[t] = accepted ? 1 : 0;
      mt.expected[t] = expected;
      for (const tally of late ? [mt.all, mt.late] : [mt.all]) {
        tally.episodes++;
        tally.accepted += accepted ? 1 : 0;
        tally.expected += expected;
      }
      if (late && d.ranked) {
        for (let s = 0; s < examined; s++) {
          const item = d.ranked[s]!;
          const bin = mt.calibration[Math.min(CALIBRATION_BINS - 1, Math.floor(item.acceptProbability * CALIBRATION_BINS))]!;
          bin.items++;
          bin.predicted += item.acceptProbability;
          bin.observed += accepted && s === examined - 1 ? 1 : 0;
        }
        for (const item of d.ranked) {
          const code = item.reasons[0]?.code ?? 'NONE';
          mt.leadReasons[code] = (mt.leadReasons[code] ?? 0) + 1;
        }
      }
      player.learn?.(d, examined, accepted);
    }
    progress(t + 1, episodes);
  }
  return { worldSeed, seed, market, team, metrics, shoppers, stats, prepareMs, runMs: performance.now() - runStart };
}

const load = loadavg()[0]!;
const wallStart = performance.now();
const commit = runCommit(ROOT);
const main = play(worldSeed, seed);
const { market, metrics, shoppers, stats, prepareMs, runMs } = main;
const others = otherSeeds ? OTHER_SEEDS.map((o) => play(o.worldSeed, o.seed)) : [];
const wallMs = performance.now() - wallStart;

// --- results
const rate = (t: Tally) => t.accepted / Math.max(1, t.episodes);
const expectedRate = (t: Tally) => t.expected / Math.max(1, t.episodes);
const by = (name: PolicyName) => metrics.get(name)!;
function ratiosOf(run: Run) {
  const of = (name: PolicyName) => run.metrics.get(name)!;
  const ratio = (a: PolicyName, b: PolicyName) => ({
    all: rate(of(a).all) / rate(of(b).all),
    late: rate(of(a).late) / rate(of(b).late),
    allExpected: expectedRate(of(a).all) / expectedRate(of(b).all),
    lateExpected: expectedRate(of(a).late) / expectedRate(of(b).late),
  });
  return { learnedOverSimilarity: ratio('ucb', 'similarity'), learnedOverOracle: ratio('ucb', 'oracle'), greedyOverSimilarity: ratio('greedy', 'similarity'), similarityOverOracle: ratio('similarity', 'oracle') };
}
const violationsOfRun = (run: Run) => [...run.metrics.values()].reduce((s, m) => s + m.violations, 0);
const ratios = ratiosOf(main);
const violations = violationsOfRun(main);
const learnedWeights = main.team.find((p) => p.name === 'ucb')!.policy!.weights();
const machine = { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', node: process.version, loadAverage1m: Math.round(load * 100) / 100 };
const date = new Date().toISOString().slice(0, 10);
const command = `npm run bench:substitutions${argsText()}`;
const round = (x: number, digits = 4) => Math.round(x * 10 ** digits) / 10 ** digits;

/** A learning curve: episodes [0, to) in equal buckets. */
export interface Curve {
  to: number;
  /** Episodes after each bucket. */
  bucketEnds: number[];
  /** Per policy, the share of the bucket's episodes with a substitute accepted. */
  acceptance: Record<string, number[]>;
  expectedAcceptance: Record<string, number[]>;
}

function curve(to: number, buckets: number): Curve {
  const ends = Array.from({ length: buckets }, (_, b) => Math.floor(((b + 1) * to) / buckets));
  const mean = (values: ArrayLike<number>) => ends.map((end, b) => {
    const start = b === 0 ? 0 : ends[b - 1]!;
    let sum = 0;
    for (let t = start; t < end; t++) sum += values[t]!;
    return round(sum / Math.max(1, end - start));
  });
  return {
    to,
    bucketEnds: ends,
    acceptance: Object.fromEntries(POLICY_ORDER.map((name) => [name, mean(by(name).accepted)])),
    expectedAcceptance: Object.fromEntries(POLICY_ORDER.map((name) => [name, mean(by(name).expected)])),
  };
}

export interface SubstitutionBenchResult {
  episodes: number;
  lateShare: number;
  world: WorldSize;
  policies: { name: PolicyName; label: string; acceptance: number; lateAcceptance: number }[];
  curves: { early: Curve; whole: Curve };
}

const result: SubstitutionBenchResult = {
  episodes,
  lateShare: LATE_SHARE,
  world: { ...WORLD, seed: worldSeed },
  policies: POLICY_ORDER.map((name) => ({ name, label: POLICY_LABELS[name], acceptance: rate(by(name).all), lateAcceptance: rate(by(name).late) })),
  curves: { early: curve(Math.min(episodes, Math.max(BUCKETS, Math.floor(episodes * EARLY_SHARE))), BUCKETS), whole: curve(episodes, BUCKETS) },
};

const json = {
  command,
  date,
  commit,
  machine,
  wallSeconds: round(wallMs / 1000, 1),
  prepareSeconds: round(prepareMs / 1000, 1),
  setup: {
    world: { ...WORLD, seed: worldSeed, now: NOW.toISOString() },
    episodes,
    streamSeed: seed,
    slate: SLATE,
    maxCandidates: MAX_CANDIDATES,
    maxSameCategory: SAME_CATEGORY,
    minAllowed: MIN_ALLOWED,
    meanCandidates: round(stats.candidates / episodes, 2),
    meanSameCategory: round(stats.sameCategoryCandidates / episodes, 2),
    meanAllowed: round(stats.allowed / episodes, 2),
    redrawsForTooFewAllowed: stats.redraws,
    redrawsWithTwoDietaryFlags: stats.redrawsWithTwoDietaryFlags,
    meanTradeUpCoefficient: round(stats.tradeUpCoefficient),
    meanTradeDownCoefficient: round(stats.tradeDownCoefficient),
    orderLines: market.orderLines,
    shoppersWithHistory: market.buyers.length,
    shoppersSeen: shoppers.size,
    policyConfig: DEFAULT_SUBSTITUTION_POLICY,
    similarityWeights: SIMILARITY_WEIGHTS,
    groundTruth: SUBSTITUTION_MODEL,
  },
  ratios: Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([kk, x]) => [kk, round(x)]))])),
  violations,
  policies: POLICY_ORDER.map((name) => {
    const m = by(name);
    return {
      name,
      label: POLICY_LABELS[name],
      acceptance: round(rate(m.all)),
      expectedAcceptance: round(expectedRate(m.all)),
      lateAcceptance: round(rate(m.late)),
      lateExpectedAcceptance: round(expectedRate(m.late)),
      acceptedAtSlot: m.acceptedAtSlot,
      violations: m.violations,
      decisionMs: round(m.decideMs / episodes, 4),
      ...(name === 'ucb' || name === 'greedy'
        ? { calibration: m.calibration.map((b, i) => ({ bin: `${i / CALIBRATION_BINS}–${(i + 1) / CALIBRATION_BINS}`, items: b.items, predicted: round(b.predicted / Math.max(1, b.items)), observed: round(b.observed / Math.max(1, b.items)) })), leadReasons: m.leadReasons }
        : {}),
    };
  }),
  learnedWeights: Object.fromEntries(Object.entries(learnedWeights).map(([k, v]) => [k, round(v, 3)])),
  otherSeeds: others.map((o) => ({ seed: o.seed, worldSeed: o.worldSeed, episodes, violations: violationsOfRun(o), ratios: Object.fromEntries(Object.entries(ratiosOf(o)).map(([k, v]) => [k, Object.fromEntries(Object.entries(v).map(([kk, x]) => [kk, round(x)]))])) })),
  curves: result.curves,
};

if (write) {
  mkdirSync(join(ROOT, 'docs', 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'docs', 'bench', 'substitutions.json'), JSON.stringify(json, null, 2) + '\n');
  writeFileSync(join(ROOT, 'docs', 'bench', 'substitutions.svg'), renderSubstitutionSvg(result));
  replaceSection(join(ROOT, 'docs', 'BENCHMARKS.md'), '## Substitutions (npm run bench:substitutions)', markdown());
}
for (const name of POLICY_ORDER) log(`${POLICY_LABELS[name].padEnd(26)} accepted ${pct(rate(by(name).all))} (last ${LATE}: ${pct(rate(by(name).late))}); expected ${pct(expectedRate(by(name).all))}`);
log(`learned / similarity: ${ratios.learnedOverSimilarity.all.toFixed(3)}× overall, ${ratios.learnedOverSimilarity.late.toFixed(3)}× late; learned / oracle: ${pct(ratios.learnedOverOracle.all)} overall, ${pct(ratios.learnedOverOracle.late)} late; violations ${violations}`);
log(write ? `wrote docs/bench/substitutions.json, docs/bench/substitutions.svg and the Substitutions section of docs/BENCHMARKS.md (${clock(wallMs)} wall)` : `--no-write: docs/ left as they were (${clock(wallMs)} wall)`);

function argsText(): string {
  const args = [episodes !== DEFAULT_EPISODES ? `--episodes ${episodes}` : '', seed !== 1 ? `--seed ${seed}` : '', worldSeed !== WORLD.seed ? `--world-seed ${worldSeed}` : '', otherSeeds ? '--other-seeds' : ''].filter(Boolean);
  return args.length > 0 ? ` -- ${args.join(' ')}` : '';
}

/** A coefficient as prose prints it: a real minus sign. */
function num(x: number): string {
  return x < 0 ? `−${-x}` : String(x);
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function markdown(): string {
  const row = (name: PolicyName) => {
    const m = by(name);
    const label = name === 'ucb' ? `**${POLICY_LABELS[name]}**` : POLICY_LABELS[name];
    const slots = m.acceptedAtSlot.map((n) => pct(n / Math.max(1, m.all.accepted))).join(' / ');
    return `| ${label} | ${pct(rate(m.all))} | ${pct(rate(m.late))} | ${pct(expectedRate(m.all))} | ${pct(expectedRate(m.late))} | ${pct(rate(m.late) / rate(by('oracle').late))} | ${slots} | ${m.violations} | ${(m.decideMs / episodes).toFixed(3)} ms |`;
  };
  const ucb = by('ucb');
  const calibration = ucb.calibration
    .filter((b) => b.items > 0)
    .map((b) => `${pct(b.predicted / b.items)} → ${pct(b.observed / b.items)} (${b.items.toLocaleString('en-US')})`)
    .join('; ');
  const reasons = Object.entries(ucb.leadReasons)
    .sort((a, b) => b[1] - a[1])
    .map(([code, n]) => `${code} ${pct(n / Object.values(ucb.leadReasons).reduce((s, x) => s + x, 0))}`)
    .join(', ');
  const weights = Object.entries(learnedWeights)
    .sort((a, b) => Math.abs(b[1]) - Math.abs(a[1]))
    .map(([name, w]) => `${name} ${w >= 0 ? '+' : '−'}${Math.abs(w).toFixed(2)}`)
    .join(', ');
  const s = json.setup;
  const lo = ratios.learnedOverSimilarity;
  const redrawShare = stats.redrawsWithTwoDietaryFlags / Math.max(1, stats.redraws);
  return `## Substitutions (npm run bench:substitutions)

Command: \`${command}\` (tsx, Node ${machine.node}, ${machine.cores} cores (${machine.cpu}), ${date}, commit ${commit}); 1-minute load average at the start: ${machine.loadAverage1m} (the machine is shared). Wall time ${clock(wallMs)} (world and history ${(prepareMs / 1000).toFixed(1)} s, episodes ${(runMs / 1000).toFixed(1)} s${others.map((o) => `; \`--seed ${o.seed} --world-seed ${o.worldSeed}\` ${clock(o.prepareMs + o.runMs)}`).join('')}). Curves: [substitutions.json](bench/substitutions.json), plot: [substitutions.svg](bench/substitutions.svg).

**Setup.** A world generated in process (\`@retail/simulator\`, seed ${worldSeed}: ${WORLD.customers.toLocaleString('en-US')} customers, ${WORLD.products.toLocaleString('en-US')} products, ${WORLD.stores} stores, ${WORLD.interactions.toLocaleString('en-US')} interactions over ${WORLD.days} days, ${market.orderLines.toLocaleString('en-US')} order lines); no database. ${episodes.toLocaleString('en-US')} stock-out episodes (stream seed ${seed}), each: a shopper drawn uniformly among the ${market.buyers.length.toLocaleString('en-US')} with two or more order lines, one of their order lines drawn uniformly as the item that is now out of stock, and the products in stock at their home store in its department as candidates (up to ${SAME_CATEGORY} of its own category, then others of the department, ${MAX_CANDIDATES} at most: ${s.meanCandidates} per episode on average, ${s.meanSameCategory} of them in the original's category). The engine's hard rule (never offer a candidate that lacks a dietary flag of the original) leaves ${s.meanAllowed} on average; an episode with fewer than ${MIN_ALLOWED} allowed is redrawn (${stats.redraws.toLocaleString('en-US')} redraws, ${redrawShare >= 0.5 ? 'mostly' : `${pct(redrawShare)} of them`} originals with two or more dietary flags${redrawShare >= 0.5 ? `: ${pct(redrawShare)}` : ''}). Every policy shows a **slate of ${SLATE}** of the allowed candidates. The shopper reads the slate in order and accepts the first item whose common random number (one per candidate and episode, the same for every policy) is below the simulator's true acceptance probability, and reads no further: at most one acceptance per episode (a cascade). The learners learn from the items read: declined ones as 0, the accepted one as 1. "Expected" is 1 − Π(1 − p) over the slate, the same figure without the acceptance noise.

The shopper as the engine sees it: counts of the products they bought, shares of their purchases per brand and category (from the history, fixed for the run), and the CRM's price sensitivity (a noisy reading of the latent one). Candidates carry category, department, brand, price, printed size, dietary flags, rating and sales per day.

| policy | accepted | accepted, last ${LATE} | expected | expected, last ${LATE} | share of oracle (last ${LATE}) | acceptances at slot 1 / 2 / 3 | hard-rule violations | decision |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${POLICY_ORDER.map(row).join('\n')}

- **Learned (UCB) / similarity only: ${lo.all.toFixed(3)}×** overall, **${lo.late.toFixed(3)}×** over the last ${LATE} of episodes (${lo.lateExpected.toFixed(3)}× in expected acceptance).
- **Learned (UCB) / oracle: ${pct(ratios.learnedOverOracle.all)}** overall, **${pct(ratios.learnedOverOracle.late)}** over the last ${LATE}. Similarity only / oracle: ${pct(ratios.similarityOverOracle.late)} over the last ${LATE}.
- Learned (greedy) / similarity: ${ratios.greedyOverSimilarity.all.toFixed(3)}× overall, ${ratios.greedyOverSimilarity.late.toFixed(3)}× late.
- Hard-rule violations (the bench's own check: no original, no lost dietary flag, no duplicate, at most ${SLATE}): ${violations}.

![learning curves: expected acceptance over the oracle's in the first episodes, acceptance rate per bucket over the whole run](bench/substitutions.svg)

Left: the first ${result.curves.early.to.toLocaleString('en-US')} episodes, each policy's expected acceptance divided by the oracle's in the same bucket of ${result.curves.early.bucketEnds[0]} (paired, so the mix of episodes cancels out). Right: the share of episodes with a substitute accepted, per bucket of ${result.curves.whole.bucketEnds[0]!.toLocaleString('en-US')}.

**The ground truth** (\`simulator/src/substitutionModel.ts\`, \`SUBSTITUTION_MODEL\`). Log-odds of acceptance = ${num(SUBSTITUTION_MODEL.intercept)} + ${SUBSTITUTION_MODEL.category.same} for the same category (${num(SUBSTITUTION_MODEL.category.sameDepartment)} for another category of the department, ${num(SUBSTITUTION_MODEL.category.otherDepartment)} for another department) + the shopper's brand loyalty for the same brand (log-normal around ${SUBSTITUTION_MODEL.brandLoyalty.median}, lower for price-sensitive shoppers: ${num(SUBSTITUTION_MODEL.brandLoyalty.perSensitivity)} × (s − 0.5) on its log) − the shopper's size strictness × |log₂ size ratio| − (${SUBSTITUTION_MODEL.tradeUp.base} + ${SUBSTITUTION_MODEL.tradeUp.perSensitivity}·s) × ln(price ratio) when dearer, + (${num(SUBSTITUTION_MODEL.tradeDown.base)} + ${SUBSTITUTION_MODEL.tradeDown.perSensitivity}·s) × ln(1 / price ratio) when cheaper (welcome to the price-sensitive, suspect to the others) − the shopper's dietary strictness (${SUBSTITUTION_MODEL.dietaryStrictness.min}–${SUBSTITUTION_MODEL.dietaryStrictness.max}) per lost dietary flag + ${SUBSTITUTION_MODEL.appeal} × the candidate's latent appeal + ${SUBSTITUTION_MODEL.brandTier} × the shopper's brand-tier affinity × the tier step. s is the world's latent price sensitivity; brand loyalty, size strictness and dietary strictness are drawn per shopper from a stream of their own, so the world's other outputs are unchanged. The similarity-only ranking uses fixed weights (category ${SIMILARITY_WEIGHTS.category}, brand ${SIMILARITY_WEIGHTS.brand}, size ${SIMILARITY_WEIGHTS.size}, price closeness ${SIMILARITY_WEIGHTS.price}, dietary ${SIMILARITY_WEIGHTS.dietary}), the same for every shopper and symmetric in price.

**The learner** (\`SubstitutionPolicy\`, defaults: α = ${DEFAULT_SUBSTITUTION_POLICY.alpha}, prior variance ${DEFAULT_SUBSTITUTION_POLICY.priorVariance} around \`SIMILARITY_PRIOR\`, candidate intercept prior variance ${DEFAULT_SUBSTITUTION_POLICY.candidatePriorVariance}): a logistic contextual bandit (\`HybridLogisticUCB\`) on the ${SUBSTITUTION_FEATURE_DIMENSION} \`SUBSTITUTION_FEATURES\` with each candidate product as an arm. Its weights at the end of the run, largest first: ${weights}.

**Reading.**
${reading()}
- Calibration of the learned (UCB) policy's \`acceptProbability\` over the last ${LATE}, on the items shoppers read (predicted → observed, items): ${calibration}.
- The reason leading each shown substitute's reasons (learned, UCB, last ${LATE}): ${reasons}.

**Simplified, honestly.**
- The ground truth is ours: it was written to have structure the features can partly see (the latent price sensitivity through the CRM's noisy reading, the candidates' appeal through ratings and sales) and per-shopper traits they cannot (brand loyalty, size strictness), and not to equal the similarity score. The learner's margin over similarity measures how much of that structure it recovers, not how real shoppers behave.
- One acceptance model for every department; candidates come from the shopper's home store only; shoppers' histories do not grow during the run (an accepted substitute is not added); an episode's shopper and item are drawn independently of earlier episodes.
- The cascade reader stops at the first acceptance, so slot order matters to what is learnt, not to the acceptance rate (1 − Π(1 − p) does not depend on order).
- ${otherSeedsText()}
`;
}

/** Mean expected acceptance of a policy over episodes [from, to). */
function expectedOver(name: PolicyName, from: number, to: number): number {
  const e = by(name).expected;
  let sum = 0;
  for (let t = from; t < to; t++) sum += e[t]!;
  return sum / Math.max(1, to - from);
}

function otherSeedsText(): string {
  if (others.length === 0) return 'One world and one stream seed per run; `--other-seeds` (not run in this run) plays the same comparison on another stream seed and on another world.';
  const text = others.map((o) => {
    const r = ratiosOf(o);
    const v = violationsOfRun(o);
    return `\`--seed ${o.seed} --world-seed ${o.worldSeed}\`: learned (UCB) / similarity ${r.learnedOverSimilarity.all.toFixed(3)}× overall (${r.learnedOverSimilarity.late.toFixed(3)}× over the last ${LATE}), ${pct(r.learnedOverOracle.all)} of the oracle, ${v} hard-rule violation${v === 1 ? '' : 's'}`;
  });
  return `One world and one stream seed per table. The same comparison on other streams, ${episodes.toLocaleString('en-US')} episodes each, in this run (\`--other-seeds\`): ${text.join('; ')}.`;
}

function reading(): string {
  const lines: string[] = [];
  const early = (from: number, to: number) =>
    `episodes ${from.toLocaleString('en-US')}–${to.toLocaleString('en-US')}: learned ${pct(expectedOver('ucb', from, to))}, prior only ${pct(expectedOver('prior', from, to))}, similarity ${pct(expectedOver('similarity', from, to))}, oracle ${pct(expectedOver('oracle', from, to))}`;
  const ucbLate = rate(by('ucb').late);
  const simLate = rate(by('similarity').late);
  const oracleLate = rate(by('oracle').late);
  const gap = oracleLate - simLate;
  lines.push(
    `- The learner starts where similarity is (the prior is similarity's preferences) and ${ucbLate > simLate ? 'pulls ahead' : 'does not pull ahead'} as outcomes arrive: over the last ${LATE} it accepts ${pct(ucbLate)} against similarity's ${pct(simLate)} and the oracle's ${pct(oracleLate)}, closing ${pct(gap > 0 ? (ucbLate - simLate) / gap : 0)} of the gap between similarity and the oracle.`,
  );
  if (episodes >= 2000) {
    // how much of the learner's late lead over its own prior it already had early on (expected acceptance)
    const lead = (from: number, to: number) => expectedOver('ucb', from, to) - expectedOver('prior', from, to);
    const lateFrom = Math.floor(episodes * (1 - LATE_SHARE));
    const lateLead = lead(lateFrom, episodes);
    const earlyShare = lateLead > 0 ? lead(50, 200) / lateLead : 0;
    const ground = SUBSTITUTION_MODEL;
    lines.push(
      `- ${earlyShare >= 0.5 ? 'Most of the learning happens early' : 'The learning takes its time'}: over episodes 50–200 the learner's expected acceptance is already ${pct(earlyShare)} as far above its prior's as over the last ${LATE} (expected acceptance, ${early(0, 50)}; ${early(50, 200)}; ${early(200, 2000)}). Each episode gives one to three labelled outcomes, and each of those moves all ${SUBSTITUTION_FEATURE_DIMENSION} shared weights, so errors that apply to every shopper are quick to correct. The prior gives a dearer and a cheaper item the same weight (priceIncrease ${num(SIMILARITY_PRIOR.priceIncrease ?? 0)}, priceDecrease ${num(SIMILARITY_PRIOR.priceDecrease ?? 0)}); in the ground truth a cheaper item adds (${num(ground.tradeDown.base)} + ${ground.tradeDown.perSensitivity}·s) per unit of ln(1 / price ratio), ${signed(stats.tradeDownCoefficient)} on average over this run's episodes, and a dearer one costs (${ground.tradeUp.base} + ${ground.tradeUp.perSensitivity}·s) per unit of ln(price ratio), ${stats.tradeUpCoefficient.toFixed(2)} on average. What the learner cannot see is per shopper (hidden brand loyalty and size strictness, below).`,
    );
  }
  const prior = rate(by('prior').all);
  const similarity = rate(by('similarity').all);
  lines.push(
    Math.abs(prior - similarity) < 0.02
      ? `- The prior alone (the learner's starting weights, never updated) ranks like similarity (${pct(prior)} against ${pct(similarity)}): the gain is learnt, not built in.`
      : `- The prior alone (the learner's starting weights, never updated) accepts ${pct(prior)} against similarity's ${pct(similarity)}.`,
  );
  const greedyLate = rate(by('greedy').late);
  lines.push(
    Math.abs(greedyLate - ucbLate) < 0.01
      ? `- Greedy and UCB end within a point of each other (${pct(greedyLate)} greedy, ${pct(ucbLate)} UCB, last ${LATE}): with ${SUBSTITUTION_FEATURE_DIMENSION} shared features and every item a shopper reads teaching all of them, the data explore for the learner, and the optimism can matter only for candidate intercepts with few outcomes.`
      : `- Greedy and UCB end ${(100 * Math.abs(greedyLate - ucbLate)).toFixed(1)} points apart over the last ${LATE} (${pct(greedyLate)} greedy, ${pct(ucbLate)} UCB).`,
  );
  const weight = (name: string) => learnedWeights[name] ?? 0;
  const w = (name: string) => `${name} ${signed(weight(name))}`;
  const findings = [
    weight('sensitivityXIncrease') < 0 ? `a dearer item costs more with the shopper's CRM price sensitivity (${w('sensitivityXIncrease')})` : `${w('sensitivityXIncrease')}`,
    weight('sensitivityXDecrease') > 0 ? `a cheaper one pleases the price-sensitive (${w('sensitivityXDecrease')}; priceDecrease went from the prior's ${num(SIMILARITY_PRIOR.priceDecrease ?? 0)} to ${signed(weight('priceDecrease'))})` : `${w('sensitivityXDecrease')} (priceDecrease ${num(SIMILARITY_PRIOR.priceDecrease ?? 0)} in the prior, ${signed(weight('priceDecrease'))} learnt)`,
    weight('sensitivityXSameBrand') < 0 ? `the price-sensitive care less for the brand (${w('sensitivityXSameBrand')})` : `${w('sensitivityXSameBrand')}`,
    weight('popularity') > 0 && weight('rating') > 0 ? `a candidate's quality shows through its sales and rating (${w('popularity')}, ${w('rating')})` : `${w('popularity')}, ${w('rating')}`,
  ];
  const history = ['boughtBefore', 'brandShare', 'categoryShare'].filter((n) => n in learnedWeights);
  const historyNearZero = history.every((n) => Math.abs(weight(n)) < 0.3);
  lines.push(
    `- What it learnt that the similarity ranking lacks (weights on the logit): ${list(findings)}. ${historyNearZero ? `The history features end near 0 (${history.map(w).join(', ')}): the ground truth has no term for a shopper's purchase history (its brand-tier affinity is latent), so there was little for them to find.` : `The history features: ${history.map(w).join(', ')}.`}`,
  );
  lines.push(`- What the oracle has and the learner cannot: each shopper's hidden brand loyalty and size strictness, the latent (not the CRM) price sensitivity, the candidates' latent appeal (seen only through ratings and sales) and brand-tier affinity.`);
  return lines.join('\n');
}

/** A weight as prose prints it: "+1.23", "−0.45". */
function signed(x: number): string {
  return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(2)}`;
}

/** "a, b and c". */
function list(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}`;
}
