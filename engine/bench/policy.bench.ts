// npm run bench:policy [-- --sessions N] [--seed N] [--world-seed N] [--workers 1..3] [--no-write] [--intent latent]:
// does the bandit learn what pays?
// Generates a synthetic world in process (@retail/simulator), replays N shopper sessions and lets
// six policies choose a slate of 3 offers each on the same stream: our OfferPolicy (LinUCB,
// learning mode), the engine as it was before the conversion model, ε-greedy on the same model,
// the best-sellers rule, uniform random and the oracle (true p × margin). The simulator's true
// purchase probability decides each purchase. The policies see the session's intent as the
// engine's IntentModel predicts it from the session's observable events (--intent latent: the
// softened true intent of the runs before, a diagnostic that implies --no-write). Writes
// docs/bench/policy.json, docs/bench/policy.svg and the "## Policy" section of docs/BENCHMARKS.md.
import { cpus, loadavg } from 'node:os';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { DEFAULT_POLICY } from '../src/index.ts';
import { replaceSection } from './benchmarksDoc.ts';
import { booleanFlag, choiceFlag, numberFlag } from './cliFlags.ts';
import { DEFAULT_BENCH_OPTIONS, POLICY_BENCH_NOW, POLICY_NAMES, mergeResults, prepareMarket, runPolicyBench, type PolicyBenchResult, type PolicyMetrics } from './policySim.ts';
import type { WorkerOptions } from './policyWorker.ts';
import { renderPolicySvg } from './policyPlot.ts';
import { clock, logger, progressBar } from './progressLog.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

const sessions = numberFlag('sessions', DEFAULT_BENCH_OPTIONS.sessions);
const seed = numberFlag('seed', DEFAULT_BENCH_OPTIONS.seed);
const worldSeed = numberFlag('world-seed', DEFAULT_BENCH_OPTIONS.world.seed);
/** --intent latent: the policies see a softened one-hot of the TRUE latent intent (the setup before the intent model; attribution only). */
const intentSource = choiceFlag('intent', ['model', 'latent'] as const, 'model');
/** --no-write: print the figures, leave docs/ alone (robustness checks on other seeds); implied by --intent latent. */
const write = !booleanFlag('no-write') && intentSource === 'model';
/** Worker threads the policies are split over (1 = all in this thread); same results either way. */
const workers = Math.min(numberFlag('workers', 2), 3, cpus().length);
/** Policies per worker: LinUCB leads the first (the session-level counts come from its state), costs balanced. */
const SHARES: Record<number, string[][]> = {
  1: [[...POLICY_NAMES]],
  2: [['linucb', 'epsilon-greedy', 'uniform'], ['linucb-before', 'best-sellers', 'oracle']],
  3: [['linucb', 'uniform'], ['epsilon-greedy', 'best-sellers'], ['linucb-before', 'oracle']],
};
/**
 * The last run that gave the policies the softened TRUE intent (docs/bench/policy.json of
 * 2026-11-23, default seeds); `--intent latent` on the current code reproduces it exactly.
 */
const PREVIOUS_LATENT_RUN = { date: '2026-11-23', overOracle: 0.8879, overOracleExpected: 0.8941, overBestSellers: 7.4207 };

const log = logger('bench:policy', { timed: false });
/** Progress over the sessions, set by ready(): its clock starts once the market is built. */
let progress: (done: number, total: number) => void = () => {};

const load = loadavg()[0]!;
const wallStart = performance.now();
const runOptions: WorkerOptions = { ...DEFAULT_BENCH_OPTIONS, world: { ...DEFAULT_BENCH_OPTIONS.world, seed: worldSeed }, now: POLICY_BENCH_NOW, sessions, seed, linucb: {}, intentSource };
log(`generating the world (seed ${worldSeed}, ${DEFAULT_BENCH_OPTIONS.world.customers.toLocaleString('en-US')} customers, ${DEFAULT_BENCH_OPTIONS.world.products.toLocaleString('en-US')} products) and reading its history${workers > 1 ? ` in ${workers} worker threads, each playing ${SHARES[workers]!.map((s) => s.join(' + ')).join(' | ')}` : ''}`);
const result = workers === 1 ? runHere() : await runInWorkers(SHARES[workers]!);
const wallMs = performance.now() - wallStart;

function ready(prepareMs: number, historySessions: number): void {
  log(`ready in ${(prepareMs / 1000).toFixed(1)} s: ${historySessions.toLocaleString('en-US')} sessions in the history to draw shoppers from; playing ${sessions.toLocaleString('en-US')}`);
  progress = progressBar('bench:policy', 'sessions');
}

function runHere(): PolicyBenchResult {
  const market = prepareMarket(runOptions.world, runOptions.now);
  const prepareMs = performance.now() - wallStart;
  ready(prepareMs, market.sessions.length);
  return runPolicyBench(market, { ...runOptions, onProgress: progress }, prepareMs);
}

async function runInWorkers(shares: string[][]): Promise<PolicyBenchResult> {
  const entry = new URL('./policyWorker.ts', import.meta.url).href;
  const done = shares.map(() => 0);
  let readyCount = 0;
  const parts = await Promise.all(
    shares.map(
      (policies, w) =>
        new Promise<PolicyBenchResult>((resolve, reject) => {
          // tsx compiles the worker's TypeScript (a worker does not inherit the parent's loader)
          const worker = new Worker(`import('tsx/esm/api').then(({ tsImport }) => tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`, {
            eval: true,
            workerData: { options: { ...runOptions, policies } },
          });
          worker.on('message', (m: { type: 'ready'; prepareMs: number; historySessions: number } | { type: 'progress'; done: number } | { type: 'result'; result: PolicyBenchResult }) => {
            if (m.type === 'ready' && ++readyCount === shares.length) ready(m.prepareMs, m.historySessions);
            else if (m.type === 'progress') {
              done[w] = m.done;
              if (readyCount === shares.length) progress(Math.min(...done), sessions);
            } else if (m.type === 'result') resolve(m.result);
          });
          worker.on('error', reject);
          worker.on('exit', (code) => code !== 0 && reject(new Error(`worker ${w} exited with code ${code}`)));
        }),
    ),
  );
  return mergeResults(parts);
}

const by = (name: string) => result.policies.find((p) => p.name === name)!;
const oracle = by('oracle');
const linucb = by('linucb');
const before = by('linucb-before');
const sellers = by('best-sellers');
const ratios = {
  linucbOverOracle: { expected: linucb.expectedMargin / oracle.expectedMargin, realised: linucb.margin / oracle.margin },
  linucbOverBestSellers: { expected: linucb.expectedMargin / sellers.expectedMargin, realised: linucb.margin / sellers.margin },
  beforeOverOracle: { expected: before.expectedMargin / oracle.expectedMargin, realised: before.margin / oracle.margin },
  beforeOverBestSellers: { expected: before.expectedMargin / sellers.expectedMargin, realised: before.margin / sellers.margin },
};
const violations = result.policies.reduce((s, p) => s + p.violations, 0);
const targets = {
  withinFifteenPercentOfOracle: ratios.linucbOverOracle.realised >= 0.85 && ratios.linucbOverOracle.expected >= 0.85,
  atLeastOneAndAHalfTimesBestSellers: ratios.linucbOverBestSellers.realised >= 1.5,
  zeroConstraintViolations: violations === 0,
};
const machine = { cores: cpus().length, cpu: cpus()[0]?.model.trim() ?? 'unknown', node: process.version, loadAverage1m: Math.round(load * 100) / 100 };
const date = new Date().toISOString().slice(0, 10);

// --- docs/bench/policy.json (curves sampled every 1 % of sessions)
const { policies, intent, ...setup } = result;
const json = {
  command: `npm run bench:policy${argsText()}`,
  date,
  machine,
  wallSeconds: Math.round(wallMs / 100) / 10,
  setup: { ...setup, capWindowDays: DEFAULT_BENCH_OPTIONS.capWindowDays, linucbConfig: { model: DEFAULT_POLICY.model, linucb: DEFAULT_POLICY.linucb, conversion: DEFAULT_POLICY.conversion } },
  ratios,
  targets,
  intent,
  policies: policies.map(({ curve: _curve, ...p }) => p),
  curves: {
    sessions: policies[0]!.curve.map((c) => c.sessions),
    byPolicy: Object.fromEntries(
      policies.map((p) => [p.name, { margin: p.curve.map((c) => c.margin), expectedMargin: p.curve.map((c) => c.expectedMargin), regret: p.curve.map((c) => c.regret), conversions: p.curve.map((c) => c.conversions), items: p.curve.map((c) => c.items) }]),
    ),
  },
};
if (write) {
  mkdirSync(join(ROOT, 'docs', 'bench'), { recursive: true });
  writeFileSync(join(ROOT, 'docs', 'bench', 'policy.json'), JSON.stringify(json, null, 2) + '\n');
  writeFileSync(join(ROOT, 'docs', 'bench', 'policy.svg'), renderPolicySvg(result));
  replaceSection(join(ROOT, 'docs', 'BENCHMARKS.md'), '## Policy (npm run bench:policy)', markdown(result));
}

log(`LinUCB / oracle: ${pct(ratios.linucbOverOracle.realised)} realised (${pct(ratios.linucbOverOracle.expected)} expected); LinUCB / best sellers: ${ratios.linucbOverBestSellers.realised.toFixed(2)}×; constraint violations: ${violations}`);
log(`engine before: ${pct(ratios.beforeOverOracle.realised)} of the oracle, ${ratios.beforeOverBestSellers.realised.toFixed(2)}× best sellers`);
log(`intent (${intent.source === 'model' ? 'intent model on observable events' : 'DIAGNOSTIC: softened latent intent'}): model's accuracy against the latent intent ${pct(intent.accuracy)} (second half ${pct(intent.accuracyLate)}, balanced ${pct(intent.balancedAccuracy)}; always the commonest ${pct(intent.majorityBaseline)}); ${intent.meanEventsBefore.toFixed(2)} events before the decision on average`);
log(write ? `wrote docs/bench/policy.json, docs/bench/policy.svg and the Policy section of docs/BENCHMARKS.md (${clock(wallMs)} wall)` : `--no-write: docs/ left as they were (${clock(wallMs)} wall)`);

function argsText(): string {
  const args = [
    sessions !== DEFAULT_BENCH_OPTIONS.sessions ? `--sessions ${sessions}` : '',
    seed !== DEFAULT_BENCH_OPTIONS.seed ? `--seed ${seed}` : '',
    worldSeed !== DEFAULT_BENCH_OPTIONS.world.seed ? `--world-seed ${worldSeed}` : '',
    workers !== 2 ? `--workers ${workers}` : '',
    intentSource !== 'model' ? `--intent ${intentSource}` : '',
  ].filter(Boolean);
  return args.length > 0 ? ` -- ${args.join(' ')}` : '';
}

function pct(x: number): string {
  return `${(100 * x).toFixed(1)} %`;
}

function usd(x: number): string {
  return `$${Math.round(x).toLocaleString('en-US')}`;
}

function row(p: PolicyMetrics): string {
  const name = p.name === 'linucb' ? `**${p.label}**` : p.label;
  return `| ${name} | ${usd(p.margin)} | ${usd(p.expectedMargin)} | ${pct(p.margin / oracle.margin)} | ${pct(p.conversionRate)} | ${p.basketSize.toFixed(2)} | ${usd(p.regret)} | ${pct(p.promotedShare)} | ${p.violations} | ${p.decisionMs.toFixed(2)} ms |`;
}

function intentSection(r: PolicyBenchResult): string {
  const d = r.intent;
  const share = (n: number) => pct(n / r.sessions);
  const mean = (latent: 'BROWSE' | 'SEARCH' | 'REORDER') => {
    const p = d.meanProbabilities[latent];
    return `${p.browsing.toFixed(2)} / ${p.researching.toFixed(2)} / ${p.readyToBuy.toFixed(2)}`;
  };
  const labels = (latent: 'BROWSE' | 'SEARCH' | 'REORDER') => {
    const l = d.labels[latent];
    const n = Math.max(1, l.BROWSING + l.RESEARCHING + l.READY_TO_BUY);
    return `${pct(l.BROWSING / n)} / ${pct(l.RESEARCHING / n)} / ${pct(l.READY_TO_BUY / n)}`;
  };
  return `**Session intent: what the policies see.** Each session's slate is shown at one of its product views (drawn uniformly among the views where the simulator made a purchase decision, by a hash of the stream seed and the session number, so the stream's other draws are as before). The intent features (P(browsing), P(researching), P(ready to buy)) are what the product computes: the engine's \`IntentModel\` on the \`SessionSummary\` of the session's observable events before that view, i.e. the world's interaction log for the session's id (views, searches, add-to-carts, remove-from-carts, checkout starts, distinct products, repeat views, minutes), folded as the offers subgraph's \`SessionIntentTracker\` folds them: ${d.meanEventsBefore.toFixed(2)} events before the decision on average, none in ${share(d.noEventsBefore)} of sessions (the first view of a session without a search), where the model can only give its current prior. The model starts from the engine's prior weights and learns online, one model for the whole stream and the same for every policy: after each session, a checkpoint summary after each of its progress events (at most 8) with \`labelSession\`'s label of how the session ended (checkout or purchase: ready to buy; a cart, two searches or two repeat views: researching; else browsing), never the latent intent (${d.modelUpdates.toLocaleString('en-US')} updates in this run). The oracle keeps the true intent: it is the ceiling.

${intentFindings(r)}

| latent intent | sessions | mean P(browsing / researching / ready) given | training labels (browsing / researching / ready) |
| --- | ---: | ---: | ---: |
| browse | ${share(d.latent.BROWSE)} | ${mean('BROWSE')} | ${labels('BROWSE')} |
| search | ${share(d.latent.SEARCH)} | ${mean('SEARCH')} | ${labels('SEARCH')} |
| reorder | ${share(d.latent.REORDER)} | ${mean('REORDER')} | ${labels('REORDER')} |`;
}

function markdown(r: PolicyBenchResult): string {
  const w = r.world;
  const check = (ok: boolean) => (ok ? 'met' : '**not met**');
  const removals = Object.entries(r.removals)
    .sort((a, b) => b[1]! - a[1]!)
    .map(([reason, n]) => `${reason} ${(n! / r.sessions).toFixed(1)}`)
    .join(', ');
  return `## Policy (npm run bench:policy)

Command: \`${json.command}\` (tsx, Node ${machine.node}, ${machine.cores} cores (${machine.cpu}), ${date}); 1-minute load average at the start: ${machine.loadAverage1m} (the machine is shared). Wall time ${clock(wallMs)} (world and history ${(r.prepareMs / 1000).toFixed(1)} s, sessions ${(r.runMs / 1000).toFixed(1)} s${workers > 1 ? `; the policies split over ${workers} worker threads, each replaying the same stream, which gives the same figures as one thread` : ''}). Curves: [policy.json](bench/policy.json), plot: [policy.svg](bench/policy.svg).

**Setup.** A world generated in process (\`@retail/simulator\`, seed ${w.seed}: ${w.customers.toLocaleString('en-US')} customers, ${w.products.toLocaleString('en-US')} products, ${w.stores} stores, ${w.promotions} promotions, ${w.interactions.toLocaleString('en-US')} interactions over ${w.days} days before ${w.now.slice(0, 10)}); no database. ${r.sessions.toLocaleString('en-US')} sessions over the ${r.horizonDays} days after it: each replays a shopping session drawn (seed ${r.seed}) from the world's history (${r.historySessions.toLocaleString('en-US')} of them), so customers arrive by their activity with the simulator's channel, device, local hour, weekday, store and latent intent (browse, search or reorder, which moves the true purchase probability; the policies see only the intent model's reading of the session's events, below). Candidates: ${DEFAULT_BENCH_OPTIONS.productsPerSession} products drawn uniformly from what the serving location carries (the store's shelf, or the warehouses online), each without promotion and with every promotion that targets it and the shopper's tier and segments, whatever its status: ${r.meanCandidates} offers a session, ${r.meanEligible} left after the hard constraints (removed per session: ${removals}). Every policy shows a **slate of ${r.slateSize}** (at most ${DEFAULT_POLICY.maxPerCategory} per department, one offer per product) chosen among the eligible offers only; each keeps its own stock, budget spend and frequency-cap exposures. A shown offer is bought when the session's common random number for that product is below the simulator's true purchase probability (the same draw for every policy), for a margin of price − discount − unit cost; the learners learn from it at once. Σ p×margin is the same total without the purchase noise; regret is the oracle's Σ p×margin minus the policy's.

| policy | cumulative margin | Σ p×margin | share of oracle | conversion rate | basket size | regret vs oracle | promoted offers | constraint violations | decision |
| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |
${r.policies.map(row).join('\n')}

- **LinUCB / oracle: ${pct(ratios.linucbOverOracle.realised)}** of the oracle's margin (${pct(ratios.linucbOverOracle.expected)} in Σ p×margin). Target ≥ 85 %: ${check(targets.withinFifteenPercentOfOracle)}.
- **LinUCB / best sellers: ${ratios.linucbOverBestSellers.realised.toFixed(2)}×** (${ratios.linucbOverBestSellers.expected.toFixed(2)}× in Σ p×margin). Target ≥ 1.5×: ${check(targets.atLeastOneAndAHalfTimesBestSellers)}.
- **Constraint violations: ${violations}**, every shown offer of every policy re-checked by the bench's own check (written apart from the engine's) from the promotion rows, product prices, costs and floors and that policy's stock, budget spend and exposures when it decided, plus: was it a candidate, was its product already in the slate. A test shows the check counts a policy that ignores the constraints. Target 0: ${check(targets.zeroConstraintViolations)}.
- Engine before this change (same run, same stream): ${pct(ratios.beforeOverOracle.realised)} of the oracle, ${ratios.beforeOverBestSellers.realised.toFixed(2)}× best sellers.
- **Intent model vs the latent intent** (diagnostic): ${pct(r.intent.accuracy)} of sessions get the latent intent's counterpart as the most probable intent (${pct(r.intent.accuracyLate)} in the second half; balanced accuracy ${pct(r.intent.balancedAccuracy)}); always answering "browsing" would score ${pct(r.intent.majorityBaseline)}.

${intentSection(r)}

Best sellers converts the most sessions and earns the least: the products that sell most are cheap (groceries, fresh food), and a purchase's margin, not its count, is the reward. Basket size is items bought per converting session (out of ${r.slateSize} shown).

![cumulative margin and regret per policy](bench/policy.svg)

**What changed in the engine, and why.** The engine before (the row "engine before") learnt each offer's reward (its margin when bought, else 0) with one ridge model per offer on the 32 features. That reward is a rare, large number (an expensive item's margin a few times in a thousand impressions, else 0): per-offer models of it stay noisy for tens of thousands of sessions, and a linear model of the reward cannot express "probability × a margin we already know". Changes, each measured on this bench during development (10,000 sessions, scratch variants of the same stream, with the softened true intent as the intent features of the time; the final configuration is the table above):

1. *Learn the purchase probability, not the reward* (\`model: 'conversion'\`, now the default): the score is the offer's value (margin after discount, known at decision time) × an optimistic P(purchase); the model learns reward ÷ value (1 for a purchase). Hybrid structure (Li et al. 2010): a shared model over features common to all offers plus a per-offer intercept (arms are product × promotion), so a new offer starts from what every other offer taught. With a linear link this reached 82 % of the oracle at 10,000 sessions and plateaued at 83.5 % at 50,000.
2. *Logistic link* (\`HybridLogisticUCB\`, UCB-GLM): the world's purchase model is logistic, so taste, price sensitivity × price and context multiply the odds; a linear probability turns those into additive shifts, which misranks p × margin. Learning is the sequential Laplace approximation of ridge logistic regression (Fisher-weighted A, Sherman–Morrison, one Newton step per outcome); the UCB is taken on the logit. 88 % at 10,000 sessions (greedy slate).
3. *Features* (\`SHARED_FEATURES\` = the 32 + 10): where the price sits in its category's price band and its interaction with the CRM price sensitivity, brand tier × income and × the premium segment, discount × price sensitivity and × deal-seeker segment, promoted, sales rate, review count. Ablations at 10,000 sessions (on these 42 plus a department one-hot): the 32 features alone 73 %; all 88 %; without price position 82 %; without brand tier 86 %; without the discount interactions 87 %; without sales rate and reviews 88 %; without the department one-hot 88 % (dropped, so the engine needs no category vocabulary).
4. *Exploration*: α = 0.5 on the logit scale and a prior precision of 5 for each offer's intercept (\`armLambda\`): the best of six (α, armLambda) pairs from (0.5, 1) to (2, 2) on two stream seeds at 20,000 sessions, by 1–3 points. The price of a confident intercept prior: an offer that sells far better than its features predict (by 2 logits or more) is found slowly; lower \`armLambda\` or raise α where offers' identity matters more than their attributes. The UCB bonus does the exploring, so the slate's own randomisation (kept for propensities) was cut: softmax temperature 0.05 → 0.01 on WEB/APP, ε 0.05 → 0.02 in store and by default, 0.1 → 0.05 by email; the old settings cost about 6 points at 10,000 sessions.
5. A slate now holds at most one offer per product (the same product under two promotions was possible before).

ε-greedy uses the same model and features with α = 0 (greedy on the ridge-regularised logistic mean) and ε = 0.1 on every channel: ${pct(by('epsilon-greedy').margin / oracle.margin)} of the oracle here, so most of the gain over the engine before comes from what is learnt (value × P(purchase), the link, the features), and the UCB's directed exploration adds the rest over undirected ε exploration.

**What is reachable.** \`npx tsx engine/bench/policyCeiling.ts\` scores two diagnostic oracles on the same stream (4,000 sessions): one that knows the simulator's model and the products' hidden appeal but sees customers only through their observable fields (the posterior of their hidden traits given demographics, CRM price sensitivity, segments and which departments their past sessions opened first) reaches about 94 % of the oracle; one with no personalisation (an average customer) about 84 %. LinUCB sits between them: it learns products well and part of the personalisation.

**Simplified, honestly.**
- The oracle knows each customer's hidden traits and is greedy per session (it ignores budget pacing and future stock): an upper reference, not a strict optimum.
- Outcomes are purchases only (no clicks or add-to-carts), observed at once (no reward wait), one unit per purchase; basket effects between the offers of a slate do not exist (each is bought independently).
- Every promotion type counts as money off: discount = perceived share × price (buy-one-get-one, free shipping and loyalty points included); that money is the budget spend and comes off the margin.
- Customer features are fixed at the end of the history (the bench's own purchases do not update recency or affinity), and so is the stock cover the features see (the constraints see each policy's live stock). Session depth is still 0 (the product sets it to the events the tracker folded; left as before, to change one thing per run).
- A session's events are those of the history session it replays: what the slate shows does not change what the shopper does next, and the intent model learns from those endings, not from the bench's purchases (the same for every policy). A history session drawn twice is learnt from twice. The decision point is one product view, not a page per view.
- Candidates are uniform draws from the location's assortment, not a retrieval stage; promotions not approved, out of their window or for another channel are left in on purpose, for the hard constraints to remove.
- One world and one stream seed per run. Other seeds, 50,000 sessions each, with the intent model (2026-11-23, \`--no-write\`): \`--seed 99\` LinUCB 89.3 % of the oracle and 7.39× best sellers (89.6 % and 7.42× with the softened true intent); \`--world-seed 23\` 88.3 % and 4.49× (88.9 % and 4.52×); no violation in either; the intent model's accuracy against the latent intent 64 % in both. At 10,000 sessions, path dependence moves a learner's share by about ±1.5 points (seen across the development variants).
`;
}

/** Why the intent model's reading is what it is, and what changed against the run with the true intent. */
function intentFindings(r: PolicyBenchResult): string {
  const d = r.intent;
  const defaults = r.sessions === DEFAULT_BENCH_OPTIONS.sessions && r.seed === DEFAULT_BENCH_OPTIONS.seed && r.world.seed === DEFAULT_BENCH_OPTIONS.world.seed;
  // the difference of the shares as printed (one decimal), so the text adds up
  const points = (now: number, before: number) => {
    const x = Math.round(1000 * now) / 10 - Math.round(1000 * before) / 10;
    return `${x >= 0 ? '+' : '−'}${Math.abs(x).toFixed(1)} points`;
  };
  const versus = defaults
    ? `**Against the previous run.** The previous run (${PREVIOUS_LATENT_RUN.date}) gave the policies a softened one-hot of the session's TRUE latent intent (0.7 / 0.15 / 0.15), information no real system has: LinUCB ${pct(PREVIOUS_LATENT_RUN.overOracle)} of the oracle and ${PREVIOUS_LATENT_RUN.overBestSellers.toFixed(2)}× best sellers. With the intent model's reading instead: ${pct(ratios.linucbOverOracle.realised)} and ${ratios.linucbOverBestSellers.realised.toFixed(2)}× (${points(ratios.linucbOverOracle.realised, PREVIOUS_LATENT_RUN.overOracle)} of realised margin share, ${points(ratios.linucbOverOracle.expected, PREVIOUS_LATENT_RUN.overOracleExpected)} in Σ p×margin, ${pct(PREVIOUS_LATENT_RUN.overOracleExpected)} before). \`npm run bench:policy -- --intent latent\` (the old features on this code, a diagnostic that writes nothing) reproduces the previous figures exactly, so the difference is the intent features' alone, and it is small: in the simulator the intent adds the same amount to the log-odds of every product of the session (search +0.6, reorder +0.9), which at purchase probabilities of a few percent changes how likely the session is to buy much more than which offers have the highest p × margin.`
    : `The previous run with the softened true intent as features (${PREVIOUS_LATENT_RUN.date}, default seeds) gave ${pct(PREVIOUS_LATENT_RUN.overOracle)} of the oracle and ${PREVIOUS_LATENT_RUN.overBestSellers.toFixed(2)}× best sellers; \`--intent latent\` gives the same comparison on these seeds.`;
  return `${versus}

**Why the model reads the latent intent poorly** (accuracy ${pct(d.accuracy)}, under the ${pct(d.majorityBaseline)} of always answering browsing; balanced accuracy ${pct(d.balancedAccuracy)}, against 33.3 % for a guess): it learns how a session will end, which is what \`labelSession\` teaches it, and in this simulator that says little about why the shopper came. A search intent is observable (every search session starts with a search, before any decision point, and no other session has one), but \`labelSession\` calls a session researching only after two searches, two repeat views of a product or a cart, and the simulator emits one search per session: search sessions are labelled much like browse ones, and the model gives them about the same probabilities (table). A reorder leaves no trace in a \`SessionSummary\` (its first view is a product bought before, which the summary does not count). And ${pct(d.noEventsBefore / r.sessions)} of decision points have no event before them. The training labels match the latent intent in ${pct(d.labelAgreement)} of sessions.`;
}
