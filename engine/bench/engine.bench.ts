// npm run bench:engine — the ranking hot path against a plain Float64Array loop doing the same
// arithmetic, timed in the same run; one online update; memory per arm. Writes the
// "## Engine" section of docs/BENCHMARKS.md and docs/bench/engine.json.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DisjointLinUCB, OfferPolicy, seededRandom, FEATURE_DIMENSION, type RankCandidate } from '../src/index.ts';
import { replaceSection } from './benchmarksDoc.ts';
import { unpack } from '../src/symmetric.ts';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const D = FEATURE_DIMENSION;
const N = 1000;
const ALPHA = 0.5;
const rng = seededRandom(2026);
const progress = (msg: string) => process.stderr.write(`[bench:engine] ${msg}\n`);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const p99 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.99)]!;
const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function time(label: string, runs: number, fn: () => void): number[] {
  for (let i = 0; i < Math.min(50, runs); i++) fn(); // warm-up: let the JIT settle
  const out: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = nowMs();
    fn();
    out.push(nowMs() - t);
  }
  progress(`${label}: median ${median(out).toFixed(3)} ms over ${runs} runs`);
  return out;
}

// --- a model with N trained arms
progress(`training ${N} arms at d = ${D}`);
const model = new DisjointLinUCB({ dimension: D, alpha: ALPHA, lambda: 1 });
const armIds = Array.from({ length: N }, (_, i) => `arm-${i}`);
const x = new Float64Array(D);
for (let i = 0; i < N; i++) {
  for (let u = 0; u < 5; u++) {
    for (let j = 0; j < D; j++) x[j] = rng.next() * 2 - 1;
    model.update(armIds[i]!, x, rng.next());
  }
}
const features = new Float64Array(N * D);
for (let i = 0; i < features.length; i++) features[i] = rng.next() * 2 - 1;

// --- the peer: the same arithmetic as a plain loop over contiguous typed arrays
const snap = model.snapshot();
const thetaAll = new Float64Array(N * D);
const aInvAll = new Float64Array(N * D * D);
armIds.forEach((id, i) => {
  const arm = snap.arms[id]!;
  const full = unpack(Float64Array.from(arm.aInv), D); // the peer keeps the plain full matrix
  for (let r = 0; r < D; r++) for (let c = 0; c < D; c++) aInvAll[i * D * D + r * D + c] = full.get(r, c);
  for (let r = 0; r < D; r++) {
    let s = 0;
    for (let c = 0; c < D; c++) s += full.get(r, c) * arm.b[c]!;
    thetaAll[i * D + r] = s;
  }
});
const plainScores = new Float64Array(N);
function plainLoop() {
  for (let i = 0; i < N; i++) {
    const xo = i * D;
    const ao = i * D * D;
    let mean = 0;
    let q = 0;
    for (let r = 0; r < D; r++) {
      const xr = features[xo + r]!;
      mean += thetaAll[xo + r]! * xr;
      let row = 0;
      for (let c = 0; c < D; c++) row += aInvAll[ao + r * D + c]! * features[xo + c]!;
      q += xr * row;
    }
    plainScores[i] = mean + ALPHA * Math.sqrt(q);
  }
}
const engineScores = new Float64Array(N);
const scoreEngine = () => model.scoreMany(armIds, features, engineScores);

scoreEngine();
plainLoop();
let maxDiff = 0;
for (let i = 0; i < N; i++) maxDiff = Math.max(maxDiff, Math.abs(engineScores[i]! - plainScores[i]!));
if (maxDiff > 1e-9) throw new Error(`engine and plain loop disagree by ${maxDiff}`);

const RUNS = 400;
// Interleave the two so machine noise hits both alike.
const enginePasses: number[] = [];
const plainPasses: number[] = [];
for (let round = 0; round < 4; round++) {
  enginePasses.push(...time(`engine scoreMany ×${N} (round ${round + 1})`, RUNS / 4, scoreEngine));
  plainPasses.push(...time(`plain Float64Array loop ×${N} (round ${round + 1})`, RUNS / 4, plainLoop));
}

// --- the full decision: constraints, feature encoding, scoring, pacing, slate of 10, for the
// disjoint model trained above and for the default conversion model (trained below)
const NOW = Date.UTC(2026, 10, 23, 12);
const policy = new OfferPolicy({ model: 'disjoint' }, seededRandom(7));
policy.restore(model.snapshot());
const candidates: RankCandidate[] = armIds.map((id, i) => ({
  offerId: id,
  productId: `p${i}`,
  promotionId: `promo${i % 50}`,
  offer: { categoryId: `cat${i % 40}`, price: 5 + (i % 200), discountShare: 0.1, marginAfterDiscount: 0.3, competitorGap: 0.05, lifecycle: 'CORE', rating: 4, sentiment: 0.1, stockCoverDays: 20 },
  constraint: {
    offerId: id, price: 5 + (i % 200), unitCost: 2, discount: 0.5, marginFloor: 0.1, available: 5 + (i % 7),
    promotion: { id: `promo${i % 50}`, approved: true, startsAt: NOW - 1000, endsAt: NOW + 1e8, channels: ['WEB', 'APP'], budgetAmountLeft: 1000, budgetUnitsLeft: null },
  },
  budget: { budget: 1000, spent: 100, startsAt: NOW - 1000, endsAt: NOW + 1e8 },
  popularity: i % 13,
  overstock: 0,
  underperforming: false,
}));
const customer = { age: 35, incomeBand: 3, loyaltyTier: 2, priceSensitivity: 0.5, daysSinceLastPurchase: 10, orderCount: 5, totalSpend: 300, categoryAffinity: new Map([['cat3', 0.5]]) };
const context = { channel: 'WEB', device: 'DESKTOP', localHour: 12, weekday: 2, distanceToStoreKm: 3, sessionDepth: 4, intent: { browsing: 0.5, researching: 0.3, readyToBuy: 0.2 } };
const rankPasses = time(`OfferPolicy.rank (disjoint): ${N} candidates → slate of 10`, 300, () => {
  policy.rank({ customer, context, candidates, limit: 10, now: NOW, exposures: new Map() });
});
const conversion = new OfferPolicy({}, seededRandom(8));
const conversionUpdates: number[] = [];
for (let u = 0; u < 5; u++) {
  for (const c of candidates) {
    const o = conversion.rank({ customer, context, candidates: [c], limit: 1, now: NOW, exposures: new Map() }).offers[0]!;
    const t = nowMs();
    conversion.update(c.offerId, o.features, rng.next() < 0.1 ? o.value : 0);
    conversionUpdates.push((nowMs() - t) * 1000);
  }
}
progress(`conversion update: median ${median(conversionUpdates).toFixed(2)} µs`);
const conversionPasses = time(`OfferPolicy.rank (conversion, default): ${N} candidates → slate of 10`, 300, () => {
  conversion.rank({ customer, context, candidates, limit: 10, now: NOW, exposures: new Map() });
});

// --- one online update (Sherman–Morrison, d = 32), on existing arms
const updateModel = DisjointLinUCB.restore(model.snapshot());
const UPDATES = 20_000;
const xs = Array.from({ length: 64 }, () => Float64Array.from({ length: D }, () => rng.next() * 2 - 1));
const updateTimes: number[] = [];
for (let round = 0; round < 5; round++) {
  const t = nowMs();
  for (let u = 0; u < UPDATES / 5; u++) updateModel.update(armIds[u % N]!, xs[u % 64]!, 0.5);
  updateTimes.push(((nowMs() - t) / (UPDATES / 5)) * 1000);
}
progress(`update: median ${median(updateTimes).toFixed(2)} µs`);

// --- memory per arm
const gc = (globalThis as { gc?: () => void }).gc;
const settledMemory = async () => {
  for (let i = 0; i < 3; i++) {
    gc?.();
    await new Promise((r) => setTimeout(r, 20));
  }
  const m = process.memoryUsage();
  return m.heapUsed + m.arrayBuffers;
};
const before = await settledMemory();
const many = new DisjointLinUCB({ dimension: D });
const ARMS = 20_000;
for (let i = 0; i < ARMS; i++) many.update(`m${i}`, xs[i % 64]!, 0.1);
const after = await settledMemory();
const bytesPerArm = (after - before) / ARMS;
if (many.armCount !== ARMS) throw new Error('arms lost');
progress(`memory: ${(bytesPerArm / 1024).toFixed(1)} KiB per arm (${gc ? 'after gc' : 'no --expose-gc: approximate'})`);

const result = {
  date: new Date().toISOString(),
  node: process.version,
  dimension: D,
  candidates: N,
  scoringMedianMs: median(enginePasses),
  scoringP99Ms: p99(enginePasses),
  plainLoopMedianMs: median(plainPasses),
  ratioToPlainLoop: median(enginePasses) / median(plainPasses),
  rankMedianMs: median(rankPasses),
  rankP99Ms: p99(rankPasses),
  conversionRankMedianMs: median(conversionPasses),
  conversionRankP99Ms: p99(conversionPasses),
  conversionUpdateMedianMicros: median(conversionUpdates),
  updateMedianMicros: median(updateTimes),
  bytesPerArm,
};
mkdirSync(join(ROOT, 'docs', 'bench'), { recursive: true });
writeFileSync(join(ROOT, 'docs', 'bench', 'engine.json'), JSON.stringify(result, null, 2) + '\n');
const f = (v: number, digits = 3) => v.toFixed(digits);
replaceSection(join(ROOT, 'docs', 'BENCHMARKS.md'), '## Engine (npm run bench:engine)', `## Engine (npm run bench:engine)

Command: \`npm run bench:engine\` (node --expose-gc, ${result.node}, 2 cores, ${result.date.slice(0, 10)}). ${N} candidates, d = ${D}, every arm trained.
The peer is a plain loop over contiguous Float64Arrays doing the same arithmetic (θᵀx + α√(xᵀA⁻¹x)) with full d×d matrices, timed interleaved with ours in the same run; both give the same scores (checked to 1e-9). Ours keeps A⁻¹ packed (symmetric upper triangle), which halves the multiplications of the quadratic form. The candidates' features in the scoring rows are dense random numbers; in the full decision they are real encoded features (one-hot zeros skip rows).

| what | median | p99 | target |
| --- | --- | --- | --- |
| score ${N} candidates (engine \`scoreMany\`) | ${f(result.scoringMedianMs)} ms | ${f(result.scoringP99Ms)} ms | |
| same arithmetic, plain Float64Array loop | ${f(result.plainLoopMedianMs)} ms | | |
| ratio engine / plain loop | ${f(result.ratioToPlainLoop, 2)}× | | ≤ 1.5× |
| full decision: constraints, features, scores, pacing, slate of 10 (\`OfferPolicy.rank\`, default \`conversion\` model, k = 42) | ${f(result.conversionRankMedianMs)} ms | ${f(result.conversionRankP99Ms)} ms | p50 ≤ 2 ms |
| same, \`disjoint\` model (d = ${D}) | ${f(result.rankMedianMs)} ms | ${f(result.rankP99Ms)} ms | p50 ≤ 2 ms |
| one online update (Sherman–Morrison), \`disjoint\` | ${f(result.updateMedianMicros, 1)} µs | | ≤ 50 µs |
| one online update, \`conversion\` (\`OfferPolicy.update\`: logistic Newton step, k = 42) | ${f(result.conversionUpdateMedianMicros, 1)} µs | | ≤ 50 µs |
| memory per arm (packed A and A⁻¹, b, θ, prior, at d = ${D}) | ${(result.bytesPerArm / 1024).toFixed(1)} KiB | | |
`);
progress('wrote docs/BENCHMARKS.md and docs/bench/engine.json');
