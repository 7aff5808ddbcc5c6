// npm run bench:policy:gateway [-- --sessions N] [--seed N] [--close-every N] [--world small] [--no-write]:
// the policy benchmark's smaller run through the running product.
//
// Seeds two embedded databases with the same simulator world and starts two stacks in this process
// (launcher startStack): one with the learning policy (the default), one with the best-sellers
// rule (`offersPolicy.mode: 'best-sellers'`); every channel's reward wait is 0, so offers nobody
// took earn their default reward as soon as the bench calls `closeDue()`. N shopper sessions,
// drawn with a fixed seed from the world's own history (customer, channel, device, store, hour,
// weekday, intent), are played through each gateway over HTTP: personalizedOffers(limit: 3) →
// for each shown offer, the simulator's true purchase probability (with the discount share of the
// offer's promotion) against a common random number per (session, product) decides a purchase →
// recordOfferOutcome(PURCHASE) for the ones bought → closeDue() every few sessions. The oracle
// picks, per session, the 3 offers with the highest true expected margin among the candidates the
// learning stack generated and found eligible for that request (read in process by wrapping the
// engine's OfferPolicy.rank), under the same slate rules, with the same random numbers. A control
// ranks the same captured requests with a fresh OfferPolicy of the same configuration that is
// never told an outcome: what the untrained, margin-aware ranking earns by itself.
// Writes docs/bench/policy-gateway.json, docs/bench/policy-gateway.svg and the
// "## Policy through the gateway" section of docs/BENCHMARKS.md.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { seedWorld, type Database, type SeedReport } from '@retail/db';
import { DEFAULT_POLICY, OfferPolicy, seededRandom, type ChannelPolicy, type OfferPolicyConfig, type RankRequest, type RankResult } from '@retail/engine';
import { discountShare, generateWorld, purchaseProbability, SMALL_WORLD, type Channel, type PurchaseContext, type World, type WorldSize } from '@retail/simulator';
import { openTestDatabase } from '@retail/test-support/database';
import { DEFAULT_DECISION_SETTINGS } from '@retail/subgraph-offers';
import { startStack, type RunningStack } from '../src/index.ts';
import { runCommit } from '../../engine/bench/benchmarksDoc.ts';
import { DEFAULT_BENCH_OPTIONS, POLICY_BENCH_WORLD } from '../../engine/bench/policySim.ts';
import { commonUniform } from '../../engine/bench/commonRandom.ts';
import { quotedArgs } from '../../engine/bench/cliFlags.ts';
import { meter } from '../../engine/bench/progressLog.ts';
import { booleanFlag, clock, logger, machine, numberFlag, replaceSection, ROOT, stringFlag } from './common.ts';
import { graphqlClient } from './httpClient.ts';
import { renderPolicyGatewaySvg } from './policyGatewayPlot.ts';

const log = logger('bench:policy:gateway');

/** The in-process policy bench's world, with the present at the wall clock. */
const WORLD: WorldSize = stringFlag('world') === 'small' ? { ...SMALL_WORLD } : { ...POLICY_BENCH_WORLD };
const SESSIONS = numberFlag('sessions', 2000);
const SEED = numberFlag('seed', 2026);
const CLOSE_EVERY = numberFlag('close-every', 5);
const SLATE = 3;
const SAMPLES = 50;
const WRITE = !booleanFlag('no-write');

const OFFERS = `query Offers($id: ID!, $ctx: OfferContextInput!) { customer(id: $id) { personalizedOffers(context: $ctx, limit: ${SLATE}) {
  decisionId mode candidateCount eligibleCount offers { offerId product { id } promotion { id } price discount margin } } } }`;
const OUTCOME = `mutation Outcome($i: RecordOfferOutcomeInput!) { recordOfferOutcome(input: $i) { id finalReward reward } }`;

export type PolicyName = 'learning' | 'untrained' | 'best-sellers' | 'oracle';
const LABELS: Record<PolicyName, string> = {
  learning: 'learning policy (LinUCB, default)',
  untrained: 'same policy, never told an outcome',
  'best-sellers': 'best sellers (kill switch)',
  oracle: 'oracle (true p × margin)',
};

interface Session {
  customer: string;
  context: PurchaseContext;
}

interface Metrics {
  margin: number;
  expectedMargin: number;
  shown: number;
  conversions: number;
  items: number;
  promoted: number;
  curve: { sessions: number; margin: number; expectedMargin: number }[];
  /** Σ p × margin per tenth of the sessions (learning progress). */
  blocks: number[];
}

interface StackRun {
  name: Exclude<PolicyName, 'oracle'>;
  db: Database;
  stack: RunningStack;
  client: ReturnType<typeof graphqlClient>;
  /** The last rank request and result of this stack's engine (sessions are played one at a time). */
  last: { request: RankRequest; result: RankResult } | null;
  rankMs: number;
  httpMs: number;
  requests: { offers: number; outcomes: number };
  closeMs: number[];
  closed: number;
  candidateCounts: number[];
  seed: SeedReport;
}

// ---------------------------------------------------------------- helpers

const productIndex = (id: string) => Number(id.slice(id.indexOf('_') + 1)) - 1;

/** Every channel's reward wait set to 0 (the default policy's exploration kept). */
function noRewardWait(): Partial<OfferPolicyConfig> {
  const zero = (c: ChannelPolicy): ChannelPolicy => ({ ...c, rewardWaitMs: 0 });
  return { channels: Object.fromEntries(Object.entries(DEFAULT_POLICY.channels).map(([ch, c]) => [ch, zero(c)])), defaultChannel: zero(DEFAULT_POLICY.defaultChannel) };
}

/** The sessions of the world's history (one per run of views sharing a context), as the in-process bench draws them. */
function historySessions(world: World): Session[] {
  const out: Session[] = [];
  let last = '';
  for (const chunk of world.activity({ customersPerChunk: 5000, decisions: true })) {
    for (const d of chunk.decisions) {
      const x = d.context;
      const key = `${d.customerId}|${x.channel}|${x.device}|${x.hour}|${x.weekday}|${x.locationId ?? ''}|${x.intent}`;
      if (key === last) continue;
      last = key;
      if (x.channel === 'STORE' && !x.locationId) continue; // the API needs the store for STORE
      out.push({ customer: d.customerId, context: { channel: x.channel, device: x.device, hour: x.hour, weekday: x.weekday, locationId: x.locationId ?? null, intent: x.intent ?? 'BROWSE' } });
    }
  }
  return out;
}

const emptyMetrics = (): Metrics => ({ margin: 0, expectedMargin: 0, shown: 0, conversions: 0, items: 0, promoted: 0, curve: [], blocks: new Array(10).fill(0) });

// ---------------------------------------------------------------- setup

const started = performance.now();
const m0 = machine();
log(`machine: ${m0.cores} cores (${m0.cpu}), Node ${m0.node}; /proc/loadavg at start: ${m0.procLoadavg}`);
const now = new Date(Math.floor(Date.now() / 60_000) * 60_000);
log(`world: seed ${WORLD.seed}, ${WORLD.customers} customers, ${WORLD.products} products, ${WORLD.stores} stores, ${WORLD.promotions} promotions, ${WORLD.interactions} interactions over ${WORLD.days} days before ${now.toISOString()}; ${SESSIONS} sessions, seed ${SEED}`);

const genT0 = performance.now();
const world = generateWorld({ ...WORLD, now });
const sessions = historySessions(world);
const promotions = new Map(world.promotions.map((p) => [p.id, p]));
log(`world generated and its history read in ${((performance.now() - genT0) / 1000).toFixed(1)} s: ${sessions.length} sessions to draw shoppers from`);

// Two gateways and their databases in one process register more signal listeners than Node's default warning threshold.
process.setMaxListeners(32);
const runs: StackRun[] = [];
const stopAll = async () => {
  for (const r of runs) {
    r.client.close();
    await r.stack.stop().catch(() => undefined);
    await r.db.close().catch(() => undefined);
  }
};
process.once('SIGINT', () => void stopAll().finally(() => process.exit(130)));

async function startRun(name: StackRun['name']): Promise<StackRun> {
  const t0 = performance.now();
  const db = await openTestDatabase();
  log(`${name}: seeding a fresh embedded database (clone of the migrated template) with the world…`);
  let lastTable = '';
  const seed = await seedWorld(db, { ...WORLD, now }, (p) => {
    if (p.kind === 'rows' && p.table !== lastTable && p.table === 'Interaction') log(`${name}: seeding interactions…`);
    if (p.kind === 'rows') lastTable = p.table;
  });
  const policy: Partial<OfferPolicyConfig> = { ...noRewardWait(), ...(name === 'best-sellers' ? { mode: 'best-sellers' as const } : {}) };
  // The bench closes reward waits itself (between sessions, so no wait closes before a purchase is recorded).
  const stack = await startStack({ db, offersPolicy: policy, offersSeed: SEED, offersLearning: { closeEveryMs: 3_600_000, snapshotEveryMs: 3_600_000 } });
  const run: StackRun = { name, db, stack, client: graphqlClient(stack.gateway.url, 4), last: null, rankMs: 0, httpMs: 0, requests: { offers: 0, outcomes: 0 }, closeMs: [], closed: 0, candidateCounts: [], seed };
  const engine: OfferPolicy = stack.offers.policy;
  const rank = engine.rank.bind(engine);
  engine.rank = (request) => {
    const t = performance.now();
    const result = rank(request);
    run.rankMs += performance.now() - t;
    run.last = { request, result };
    return result;
  };
  runs.push(run);
  log(`${name}: seeded (${seed.totalRows} rows) and started in ${((performance.now() - t0) / 1000).toFixed(1)} s; gateway ${stack.gateway.url}`);
  return run;
}

interface ShownOffer {
  offerId: string;
  product: { id: string };
  promotion: { id: string } | null;
  price: number;
  discount: number;
  margin: number;
}

try {
  const learning = await startRun('learning');
  const stacks = [learning, await startRun('best-sellers')];
  // The control: the learning stack's configuration in a fresh engine that never learns, ranking the learning stack's requests.
  const untrained = new OfferPolicy(learning.stack.offers.policy.config, seededRandom(SEED));
  const maxPerCategory = learning.stack.offers.policy.config.maxPerCategory;

  const metrics: Record<PolicyName, Metrics> = { learning: emptyMetrics(), untrained: emptyMetrics(), 'best-sellers': emptyMetrics(), oracle: emptyMetrics() };
  const shownPolicies: PolicyName[] = ['learning', 'untrained', 'best-sellers', 'oracle'];
  const draw = seededRandom(SEED); // which history session to play next
  const every = Math.max(1, Math.round(SESSIONS / SAMPLES));
  const sameCandidates = { equal: 0, of: 0 };
  let eligibleTotal = 0;
  let candidateTotal = 0;
  const errors: string[] = [];
  const playT0 = performance.now();
  let lastProgress = 0;

  /** True purchase probability of a product at an offer's discount share (its promotion's, as the simulator prices it) in a session. */
  const truth = (s: Session, productId: string, promotionId: string | null, price: number) => {
    const promo = promotionId ? promotions.get(promotionId) : undefined;
    const share = promo ? Math.min(1, discountShare(promo.type, promo.depth, price, s.context.channel as Channel)) : 0;
    return purchaseProbability(world, s.customer, s.context, { productId, discount: share });
  };

  const account = (m: Metrics, s: number, offers: { productId: string; promotionId: string | null; price: number; margin: number }[], session: Session) => {
    const bought: boolean[] = [];
    let items = 0;
    for (const o of offers) {
      const p = truth(session, o.productId, o.promotionId, o.price);
      const buy = commonUniform(SEED, s, productIndex(o.productId)) < p;
      m.shown++;
      m.expectedMargin += p * o.margin;
      m.blocks[Math.min(9, Math.floor((10 * s) / SESSIONS))]! += p * o.margin;
      if (o.promotionId) m.promoted++;
      if (buy) {
        m.margin += o.margin;
        items++;
      }
      bought.push(buy);
    }
    if (items > 0) m.conversions++;
    m.items += items;
    return bought;
  };

  for (let s = 0; s < SESSIONS; s++) {
    const session = sessions[Math.floor(draw.next() * sessions.length)]!;
    const x = session.context;
    const ctx = { channel: x.channel, device: x.device, ...(x.channel === 'STORE' ? { locationId: x.locationId } : {}) };
    const counts: number[] = [];
    // Rotate which stack goes first, so none always follows the same one.
    for (const run of stacks.map((_, k) => stacks[(k + s) % stacks.length]!)) {
      const t0 = performance.now();
      run.last = null;
      const r = await run.client.raw<{ customer: { personalizedOffers: { decisionId: string; candidateCount: number; eligibleCount: number; offers: ShownOffer[] } | null } | null }>(OFFERS, { id: session.customer, ctx });
      run.requests.offers++;
      const decision = r.data?.customer?.personalizedOffers;
      if (r.errors?.length || !decision) {
        errors.push(`${run.name} session ${s}: ${JSON.stringify(r.errors ?? r).slice(0, 300)}`);
        if (errors.length > 20) throw new Error(`too many errors; first: ${errors[0]}`);
        run.httpMs += performance.now() - t0;
        continue;
      }
      counts.push(decision.candidateCount);
      run.candidateCounts.push(decision.candidateCount);
      if (run === learning) {
        eligibleTotal += decision.eligibleCount;
        candidateTotal += decision.candidateCount;
      }
      const shown = decision.offers.map((o) => ({ productId: o.product.id, promotionId: o.promotion?.id ?? null, price: o.price, margin: o.margin, offerId: o.offerId }));
      const bought = account(metrics[run.name], s, shown, session);
      for (let k = 0; k < shown.length; k++) {
        if (!bought[k]) continue;
        const o = await run.client.raw(OUTCOME, { i: { decisionId: decision.decisionId, offerId: shown[k]!.offerId, outcome: 'PURCHASE', idempotencyKey: `buy:${decision.decisionId}:${shown[k]!.offerId}` } });
        run.requests.outcomes++;
        if (o.errors?.length) errors.push(`${run.name} outcome in session ${s}: ${JSON.stringify(o.errors).slice(0, 300)}`);
      }
      run.httpMs += performance.now() - t0;

      // The oracle, on the candidates this request of the learning stack generated and found eligible.
      if (run === learning) {
        const captured = run.last as { request: RankRequest; result: RankResult } | null;
        if (!captured) throw new Error('the learning stack answered without ranking (no rank call captured)');
        const removed = new Set(captured.result.removed.map((r) => r.offerId));
        const scored = captured.request.candidates
          .filter((c) => !removed.has(c.offerId))
          .map((c) => {
            const margin = c.constraint.price - c.constraint.discount - c.constraint.unitCost;
            return { c, margin, value: truth(session, c.productId, c.promotionId, c.constraint.price) * margin };
          })
          .sort((a, b) => b.value - a.value);
        const slate: typeof scored = [];
        const perCategory = new Map<string, number>();
        const products = new Set<string>();
        for (const o of scored) {
          if (slate.length === SLATE) break;
          const cat = o.c.offer.categoryId;
          if (products.has(o.c.productId) || (perCategory.get(cat) ?? 0) >= maxPerCategory) continue;
          slate.push(o);
          products.add(o.c.productId);
          perCategory.set(cat, (perCategory.get(cat) ?? 0) + 1);
        }
        account(metrics.oracle, s, slate.map((o) => ({ productId: o.c.productId, promotionId: o.c.promotionId, price: o.c.constraint.price, margin: o.margin })), session);
        // The control: the same request ranked by the engine that never learns.
        const control = untrained.rank(captured.request);
        account(metrics.untrained, s, control.offers.map((o) => ({ productId: o.candidate.productId, promotionId: o.candidate.promotionId, price: o.candidate.constraint.price, margin: o.candidate.constraint.price - o.candidate.constraint.discount - o.candidate.constraint.unitCost })), session);
      }
    }
    if (counts.length === stacks.length) {
      sameCandidates.of++;
      if (counts.every((c) => c === counts[0])) sameCandidates.equal++;
    }

    if ((s + 1) % CLOSE_EVERY === 0 || s === SESSIONS - 1) {
      for (const run of stacks) {
        const t0 = performance.now();
        run.closed += await run.stack.offers.closeDue();
        run.closeMs.push(performance.now() - t0);
      }
    }
    if ((s + 1) % every === 0 || s === SESSIONS - 1) {
      for (const m of Object.values(metrics)) m.curve.push({ sessions: s + 1, margin: round(m.margin), expectedMargin: round(m.expectedMargin) });
    }
    const t = performance.now();
    if (t - lastProgress > 10_000 || s === SESSIONS - 1) {
      lastProgress = t;
      const done = (s + 1) / SESSIONS;
      const elapsed = t - playT0;
      log(
        `[${meter(done, 24)}] ${(100 * done).toFixed(0).padStart(3)}% ${s + 1}/${SESSIONS} sessions, ETA ${clock((elapsed / done) * (1 - done))} — margin: learning $${Math.round(metrics.learning.margin)}, untrained $${Math.round(metrics.untrained.margin)}, best sellers $${Math.round(metrics['best-sellers'].margin)}, oracle $${Math.round(metrics.oracle.margin)}; ` +
          `learning/oracle ${pct(metrics.learning.expectedMargin / metrics.oracle.expectedMargin)} (Σp×margin); closeDue ${(learning.closeMs.at(-1) ?? 0).toFixed(0)} ms`,
      );
    }
  }
  const playMs = performance.now() - playT0;

  // ---- results
  const finalStats = await Promise.all(stacks.map((r) => r.client.request<{ modelStats: { updates: number; rewards: number; decisions: number; outcomes: number; arms: number } }>(`{ modelStats { updates rewards decisions outcomes arms } }`)));
  const byName = (n: PolicyName) => metrics[n];
  const L = byName('learning');
  const B = byName('best-sellers');
  const O = byName('oracle');
  const U = byName('untrained');
  const ratios = {
    learningOverUntrained: { realised: L.margin / U.margin, expected: L.expectedMargin / U.expectedMargin },
    untrainedOverOracle: { realised: U.margin / O.margin, expected: U.expectedMargin / O.expectedMargin },
    learningOverBestSellers: { realised: L.margin / B.margin, expected: L.expectedMargin / B.expectedMargin },
    learningOverOracle: { realised: L.margin / O.margin, expected: L.expectedMargin / O.expectedMargin },
    bestSellersOverOracle: { realised: B.margin / O.margin, expected: B.expectedMargin / O.expectedMargin },
    lastTenthLearningOverOracle: L.blocks[9]! / O.blocks[9]!,
    firstTenthLearningOverOracle: L.blocks[0]! / O.blocks[0]!,
  };
  const throughput = Object.fromEntries(
    stacks.map((r) => [
      r.name,
      {
        requests: r.requests.offers + r.requests.outcomes,
        offersRequests: r.requests.offers,
        outcomeRequests: r.requests.outcomes,
        httpSeconds: round(r.httpMs / 1000),
        requestsPerSecond: round((1000 * (r.requests.offers + r.requests.outcomes)) / r.httpMs),
        sessionsPerSecond: round((1000 * r.requests.offers) / r.httpMs),
        rankMsPerDecision: round(r.rankMs / r.requests.offers, 3),
        closeDue: { calls: r.closeMs.length, rewardsClosed: r.closed, firstTenthMs: round(meanOf(r.closeMs.slice(0, Math.ceil(r.closeMs.length / 10)))), lastTenthMs: round(meanOf(r.closeMs.slice(-Math.ceil(r.closeMs.length / 10)))) },
        meanCandidates: round(meanOf(r.candidateCounts), 1),
      },
    ]),
  ) as Record<string, { requests: number; offersRequests: number; outcomeRequests: number; httpSeconds: number; requestsPerSecond: number; sessionsPerSecond: number; rankMsPerDecision: number; closeDue: { calls: number; rewardsClosed: number; firstTenthMs: number; lastTenthMs: number }; meanCandidates: number }>;
  const inProcess = inProcessAt(SESSIONS);
  const m1 = machine();
  const wallMs = performance.now() - started;
  const policies = shownPolicies.map((n) => {
    const m = metrics[n];
    return {
      name: n,
      label: LABELS[n],
      margin: round(m.margin),
      expectedMargin: round(m.expectedMargin),
      shareOfOracle: m.margin / O.margin,
      shown: m.shown,
      conversions: m.conversions,
      conversionRate: m.conversions / SESSIONS,
      items: m.items,
      basketSize: m.conversions ? m.items / m.conversions : 0,
      promotedShare: m.shown ? m.promoted / m.shown : 0,
      blocks: m.blocks.map((b) => round(b)),
    };
  });
  log(`learning / best sellers: ${ratios.learningOverBestSellers.realised.toFixed(2)}× realised (${ratios.learningOverBestSellers.expected.toFixed(2)}× in Σ p×margin); learning / oracle: ${pct(ratios.learningOverOracle.realised)} realised (${pct(ratios.learningOverOracle.expected)} in Σ p×margin)`);
  log(`learning / untrained: ${ratios.learningOverUntrained.realised.toFixed(2)}× realised (${ratios.learningOverUntrained.expected.toFixed(2)}× in Σ p×margin)`);
  log(`requests/s (HTTP time only): ${stacks.map((r) => `${r.name} ${throughput[r.name]!.requestsPerSecond}`).join(', ')}; errors: ${errors.length}; /proc/loadavg at the end: ${m1.procLoadavg}`);

  const result = {
    command: 'npm run bench:policy:gateway' + quotedArgs(),
    date: new Date().toISOString(),
    commit: runCommit(ROOT),
    machine: { ...m0, procLoadavgAtStart: m0.procLoadavg, procLoadavgAtEnd: m1.procLoadavg },
    wallSeconds: round(wallMs / 1000, 1),
    playSeconds: round(playMs / 1000, 1),
    world: { ...WORLD, now: now.toISOString(), historySessions: sessions.length, seedSeconds: stacks.map((r) => round(r.seed.totalMs / 1000, 1)), tables: Object.fromEntries(Object.entries(learning.seed.tables).map(([t, v]) => [t, v.rows])) },
    setup: { sessions: SESSIONS, seed: SEED, slateSize: SLATE, closeEvery: CLOSE_EVERY, maxPerCategory, offersSeed: SEED, rewardWaitMs: 0, meanCandidates: round(candidateTotal / SESSIONS, 1), meanEligible: round(eligibleTotal / SESSIONS, 1), sessionsWithSameCandidateCount: sameCandidates },
    ratios,
    inProcessBenchAtSameSessions: inProcess,
    policies,
    throughput,
    modelStats: Object.fromEntries(stacks.map((r, i) => [r.name, finalStats[i]!.modelStats])),
    errors,
    curves: { sessions: L.curve.map((c) => c.sessions), byPolicy: Object.fromEntries(shownPolicies.map((n) => [n, { margin: metrics[n].curve.map((c) => c.margin), expectedMargin: metrics[n].curve.map((c) => c.expectedMargin) }])) },
  };
  if (WRITE) {
    mkdirSync(join(ROOT, 'docs', 'bench'), { recursive: true });
    writeFileSync(join(ROOT, 'docs', 'bench', 'policy-gateway.json'), JSON.stringify(result, null, 2) + '\n');
    writeFileSync(join(ROOT, 'docs', 'bench', 'policy-gateway.svg'), renderPolicyGatewaySvg({ metrics, shown: shownPolicies, labels: LABELS, sessions: SESSIONS, slate: SLATE, world: WORLD }));
    replaceSection(join(ROOT, 'docs', 'BENCHMARKS.md'), '## Policy through the gateway (npm run bench:policy:gateway)', markdown(result, wallMs));
    log('wrote docs/bench/policy-gateway.json, docs/bench/policy-gateway.svg and the "Policy through the gateway" section of docs/BENCHMARKS.md');
  } else log('--no-write: docs/ left as they were');
  if (errors.length) {
    log(`${errors.length} requests FAILED, first: ${errors[0]}`);
    process.exitCode = 1;
  }
  log(`done in ${clock(wallMs)}`);
} finally {
  await stopAll();
}

// ---------------------------------------------------------------- report

function round(x: number, digits = 2): number {
  return Math.round(x * 10 ** digits) / 10 ** digits;
}

function meanOf(xs: readonly number[]): number {
  return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : NaN;
}

function pct(x: number): string {
  return Number.isFinite(x) ? `${(100 * x).toFixed(1)} %` : '–';
}

function usd(x: number): string {
  return `$${Math.round(x).toLocaleString('en-US')}`;
}

/** The in-process bench's figures after the same number of sessions, from docs/bench/policy.json when it has that point. */
function inProcessAt(n: number): { sessions: number; linucbOverOracle: number; linucbOverBestSellers: number; command: string; date: string; commit: string | null } | null {
  const path = join(ROOT, 'docs', 'bench', 'policy.json');
  if (!existsSync(path)) return null;
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as { command: string; date: string; commit?: string; curves: { sessions: number[]; byPolicy: Record<string, { expectedMargin: number[] }> } };
    const i = j.curves.sessions.findIndex((x) => x >= n);
    if (i < 0) return null;
    const e = (name: string) => j.curves.byPolicy[name]?.expectedMargin[i] ?? NaN;
    return { sessions: j.curves.sessions[i]!, linucbOverOracle: e('linucb') / e('oracle'), linucbOverBestSellers: e('linucb') / e('best-sellers'), command: j.command, date: j.date, commit: j.commit ?? null };
  } catch {
    return null;
  }
}

/** How closeDue's time per call moved over the run, as a clause. */
function closeGrowth(c: { calls: number; firstTenthMs: number; lastTenthMs: number }): string {
  if (!c.calls) return 'it was not called';
  const k = c.lastTenthMs / c.firstTenthMs;
  const moved = k >= 1.5 ? `grew ${k.toFixed(1)}×` : k <= 1 / 1.5 ? `fell to ${k.toFixed(2)}×` : 'stayed within 1.5×';
  return `its time per call ${moved} from the first to the last tenth of the run (${c.firstTenthMs} → ${c.lastTenthMs} ms)${k >= 1.5 ? '; this bench does not break down why' : ''}`;
}

function markdown(r: any, wallMs: number): string {
  const row = (p: any) => `| ${p.name === 'learning' ? `**${p.label}**` : p.label} | ${usd(p.margin)} | ${usd(p.expectedMargin)} | ${pct(p.shareOfOracle)} | ${pct(p.blocks[0] / r.policies.find((o: any) => o.name === 'oracle').blocks[0])} → ${pct(p.blocks[9] / r.policies.find((o: any) => o.name === 'oracle').blocks[9])} | ${pct(p.conversionRate)} | ${p.basketSize.toFixed(2)} | ${pct(p.promotedShare)} | ${p.name === 'oracle' ? '–' : (r.modelStats[p.name]?.arms ?? '–')} |`;
  const t = r.throughput;
  const label = (name: string) => ({ learning: 'learning policy', 'best-sellers': 'best sellers' })[name] ?? name;
  const tp = (name: string) =>
    `| ${label(name)} | ${t[name].offersRequests} + ${t[name].outcomeRequests} | ${t[name].httpSeconds} s | **${t[name].requestsPerSecond}** | ${t[name].sessionsPerSecond} | ${t[name].rankMsPerDecision} ms | ${t[name].meanCandidates} | ${t[name].closeDue.calls ? `${t[name].closeDue.firstTenthMs} → ${t[name].closeDue.lastTenthMs} ms` : '–'} |`;
  const ip = r.inProcessBenchAtSameSessions;
  const w = r.world;
  const policy = (name: string) => r.policies.find((p: any) => p.name === name);
  const learningPromoted: number = policy('learning').promotedShare;
  const oraclePromoted: number = policy('oracle').promotedShare;
  // the untrained policy is nearer the learning one than best sellers is to it
  const untrainedCarries = r.ratios.untrainedOverOracle.expected - policy('best-sellers').expectedMargin / policy('oracle').expectedMargin > r.ratios.learningOverOracle.expected - r.ratios.untrainedOverOracle.expected;
  return `## Policy through the gateway (npm run bench:policy:gateway)

Command: \`${r.command}\` (${clock(wallMs)} wall, of which ${clock(r.playSeconds * 1000)} playing sessions; ${r.date.slice(0, 16).replace('T', ' ')} UTC, commit ${r.commit}; ${r.machine.cores} cores (${r.machine.cpu}), Node ${r.machine.node}). \`cat /proc/loadavg\`: \`${r.machine.procLoadavgAtStart}\` at the start, \`${r.machine.procLoadavgAtEnd}\` at the end (the machine is shared). Raw results and curves: [bench/policy-gateway.json](bench/policy-gateway.json); plot: [bench/policy-gateway.svg](bench/policy-gateway.svg).

The smaller run of [the policy benchmark](#policy-npm-run-benchpolicy) through the running product: every decision is a \`personalizedOffers\` request to the gateway, logged by the offers subgraph; purchases come back through \`recordOfferOutcome\`; the model learns from the product's reward log.

**Setup.** The in-process bench's world (\`@retail/simulator\`, seed ${w.seed}: ${w.customers.toLocaleString('en-US')} customers, ${w.products.toLocaleString('en-US')} products, ${w.stores} stores, ${w.promotions} promotions, ${w.interactions.toLocaleString('en-US')} interactions over ${w.days} days), with its present at the wall clock when the run started (${w.now}), because the product judges promotion windows by the clock. Two fresh embedded databases (clones of the migrated template, \`openTestDatabase()\`), each seeded with \`seedWorld\` (${w.seedSeconds.join(' s and ')} s), and two stacks in this process (\`startStack\`), both with \`rewardWaitMs: 0\` on every channel and exploration seed ${r.setup.offersSeed}: the **learning policy** (default configuration) and **best sellers** (\`offersPolicy: { mode: 'best-sellers' }\`). ${r.setup.sessions.toLocaleString('en-US')} sessions, each drawn (seed ${r.setup.seed}) from the world's history (${w.historySessions.toLocaleString('en-US')} sessions: customer, channel, device, store, local hour, weekday, intent), are played through both gateways one at a time, alternating which goes first: \`personalizedOffers(context: { channel, device, locationId (STORE only) }, limit: 3)\`; each shown offer is bought when the session's common random number for its product is below the simulator's true purchase probability for that customer, context and the discount share of the offer's promotion (the same number whichever policy shows the product); a purchase is reported with \`recordOfferOutcome(PURCHASE)\` (the model learns it before the mutation answers); every ${r.setup.closeEvery} sessions the bench calls \`stack.offers.closeDue()\`, which gives every other shown offer its default reward and learns it. No IMPRESSION or CLICK outcomes are sent (without clicks they would not change any reward).

**The oracle.** personalizedOffers does not return its candidates, so the bench reads them in process: it wraps the learning stack's \`OfferPolicy.rank\` and keeps, for each request, the candidates the product generated (retrieval, promotions, stock at the serving location) and which of them the hard constraints removed. Among the eligible ones, the oracle takes the ${r.setup.slateSize} with the highest true p × margin, under the same slate rules (at most ${r.setup.maxPerCategory} per department, one offer per product); its purchases use the same random numbers. It is evaluated on the learning stack's state (that stack's frequency caps and budget spend) and changes nothing in any database. **The control "never told an outcome"** ranks the same captured requests in process with a fresh \`OfferPolicy\` of the learning stack's configuration that is never updated: what the model's prior, margin-aware ranking earns without any learning. Candidates per request: ${r.setup.meanCandidates} offers, ${r.setup.meanEligible} of them eligible (learning stack); both stacks generated the same number of candidates in ${r.setup.sessionsWithSameCandidateCount.equal} of ${r.setup.sessionsWithSameCandidateCount.of} sessions.

| policy | cumulative margin | Σ p×margin | share of oracle | share of oracle, first → last tenth (Σ p×margin) | conversion rate | basket size | promoted offers | offers with an estimate (modelStats.arms) |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${r.policies.map(row).join('\n')}

- **Learning / best sellers: ${r.ratios.learningOverBestSellers.realised.toFixed(2)}×** in realised margin (${r.ratios.learningOverBestSellers.expected.toFixed(2)}× in Σ p×margin, which leaves out the purchase noise).
- **Learning / oracle: ${pct(r.ratios.learningOverOracle.realised)}** (${pct(r.ratios.learningOverOracle.expected)} in Σ p×margin); ${pct(r.ratios.firstTenthLearningOverOracle)} over the first tenth of the sessions, ${pct(r.ratios.lastTenthLearningOverOracle)} over the last tenth.
- **Learning / never told an outcome: ${r.ratios.learningOverUntrained.realised.toFixed(2)}×** (${r.ratios.learningOverUntrained.expected.toFixed(2)}× in Σ p×margin): what the outcomes sent through the API taught the model in ${r.setup.sessions.toLocaleString('en-US')} sessions. The untrained policy earns ${pct(r.ratios.untrainedOverOracle.expected)} of the oracle's Σ p×margin: it ranks by the offer's margin × a prior purchase probability (plus the exploration bonus) over candidates the retrieval stage has already narrowed to the shopper's products, promoted products and best sellers${untrainedCarries ? ', so most of the distance to best sellers comes from ranking by margin at all' : ''}.
${ip ? `- The in-process bench (\`${ip.command}\`, ${ip.date}${ip.commit ? `, commit ${ip.commit}` : ''}: quoted from docs/bench/policy.json, not re-measured here) at the same point of its stream, after ${ip.sessions.toLocaleString('en-US')} sessions: LinUCB at ${pct(ip.linucbOverOracle)} of its oracle and ${ip.linucbOverBestSellers.toFixed(2)}× best sellers (Σ p×margin). It draws ${DEFAULT_BENCH_OPTIONS.productsPerSession} candidate products uniformly from the assortment instead of taking the retrieval stage's, so its shares are of a different oracle.\n` : ''}
![cumulative margin through the gateway](bench/policy-gateway.svg)

**Throughput** (one session at a time per stack, so this is latency-bound, not a load test: concurrency 1 against a gateway, four subgraphs and PGlite sharing one thread of this process with the other stack; "HTTP time" counts only the time spent waiting for that stack's requests):

| stack | requests (offers + outcomes) | HTTP time | requests/s | decisions/s | rank per decision | candidates per decision | closeDue, first → last tenth of the run |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${Object.keys(t).map(tp).join('\n')}

Errors: ${r.errors.length}. closeDue (\`RewardCloser.closeDue\` in \`subgraphs/offers/src/learning/rewardCloser.ts\`, then the learner's catch-up on the log) closes about ${Math.round(r.throughput.learning.closeDue.rewardsClosed / Math.max(1, r.throughput.learning.closeDue.calls))} offers a call here and learns them at once. A pass reads only the decisions past their reward wait that are still open (the \`rewardsClosed\` flag, indexed with \`rewardDueAt\`) and marks them closed, so it does not re-read closed decisions; ${closeGrowth(r.throughput.learning.closeDue)}.

**What differs from the in-process bench (\`npm run bench:policy\`), honestly.**
- **${((r.setup.sessions / DEFAULT_BENCH_OPTIONS.sessions) * 100).toFixed(0)} % of the sessions** (${r.setup.sessions.toLocaleString('en-US')} against ${DEFAULT_BENCH_OPTIONS.sessions.toLocaleString('en-US')}): the learner has seen far fewer outcomes; compare it with the in-process curve at the same number of sessions (above), not with its final figure. It shows promoted offers ${pct(learningPromoted)} of the time, the oracle ${pct(oraclePromoted)}${learningPromoted < oraclePromoted / 2 ? ': it has not yet learnt when a promotion pays' : ''}.
- **Candidates come from the product's retrieval stage** (the shopper's top products, promoted products, best sellers of the shopper's departments, then overall best sellers; up to ${DEFAULT_DECISION_SETTINGS.maxProducts} products, each with its qualifying promotions), not from ${DEFAULT_BENCH_OPTIONS.productsPerSession} products drawn uniformly; the oracle chooses among these same candidates, so "share of oracle" is relative to what retrieval offers. Only promotions that are approved or awaiting approval and inside their window become candidates.
- **The product sees what it would see in production, not the simulator's session:** the wall clock's local hour and weekday (not the drawn session's), the intent model's prior (no interactions are recorded, so there are no session signals), the customer subgraph's fields. The true probability uses the drawn session's hour, weekday, store and intent; in the simulator these shift the logit of every offer of a session alike, so they change how likely the session is to convert much more than which offer is best.
- **All sessions happen within minutes of wall-clock time**, so the ${DEFAULT_DECISION_SETTINGS.frequencyCapWindowMs / 3_600_000}-hour frequency-cap window holds every earlier session of the same customer (the in-process bench spreads sessions over ${DEFAULT_BENCH_OPTIONS.horizonDays} days with a ${DEFAULT_BENCH_OPTIONS.capWindowDays}-day window); promotion windows and reward due times are judged by the clock.
- **Stock does not move**: \`recordOfferOutcome\` charges the promotion's budget and releases the offer's stock hold if it had one, but does not sell stock (that is the inventory subgraph's \`adjustStock\`, which the bench does not call); the in-process bench decrements each policy's stock on a purchase.
- **Learning goes through the product's log**: a purchase is learnt when its mutation answers; offers not bought are learnt when closeDue runs (every ${r.setup.closeEvery} sessions), not at once.
- The oracle and the untrained control are evaluated on the learning stack's candidates and state; best sellers runs on its own database, whose candidates can differ slightly (frequency caps and budget spend follow its own history), which is why the table compares margins, not slates.
`;
}
