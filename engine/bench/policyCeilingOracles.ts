// How much of the oracle is reachable at all from what the product can observe (npm run
// bench:policy -- --ceiling): two diagnostic policies on the policy bench's session stream.
// - oracle-observable: knows the simulator's purchase model and the products' hidden appeal, but
//   sees a customer only as the product does. It scores E[p × margin] under the posterior of the
//   customer's hidden traits given demographics, CRM price sensitivity, segments and the department
//   of the first product each past session opened (importance sampling from the simulator's own
//   priors, M draws per customer). The Bayes-optimal policy for those observables, up to the
//   information it leaves out (past purchases, channel use).
// - oracle-product: the same model for an average customer (no personalisation).
// Analysis only: it reads the world's ground truth, which no policy under test may. The posterior
// mirrors the simulator's generative model (latentModel.ts, customerGenerator.ts), its purchase
// terms are PURCHASE_MODEL's.
import { PURCHASE_MODEL, TASTE_MODEL, CHANNEL_MODEL, CHANNELS, DEPARTMENTS, LOYALTY_TIERS, createRandom } from '@retail/simulator';
import { ScorePolicy, type BenchPolicy, type Market, type SessionRequest } from './policySim.ts';
import { seededRandom } from '../src/index.ts';

export const CEILING_LABELS = {
  'oracle-observable': 'oracle on what the product observes',
  'oracle-product': 'oracle without personalisation',
} as const;

const REGIONS = ['Northeast', 'Southeast', 'Midwest', 'South', 'West'] as const;
const sig = (x: number) => 1 / (1 + Math.exp(-x));
const D = DEPARTMENTS.length;
const PM = PURCHASE_MODEL;
const M = 400;

/** The two diagnostic oracles, for runPolicyBench's extraPolicies. */
export function ceilingOracles(market: Market, maxPerCategory: number): BenchPolicy[] {
  const w = market.world;
  const truth = w.truth;
  const C = w.customers.length;
  // first view department per session
  const firstViews: number[][] = Array.from({ length: C }, () => []);
  for (const chunk of w.activity({ customersPerChunk: 5000 })) {
    let lastSession = '';
    for (const i of chunk.interactions) {
      if (i.type !== 'VIEW' || i.sessionId === lastSession) continue;
      lastSession = i.sessionId!;
      firstViews[Number(i.customerId.slice(4)) - 1]!.push(truth.products.department[Number(i.productId!.slice(4)) - 1]!);
    }
  }
  const cache = new Map<number, { w: Float64Array; taste: Float64Array; bta: Float64Array; s: Float64Array; delta: Float64Array; base: Float64Array; aff: Float64Array }>();
  const rng = createRandom('diag');
  const year = w.config.now.getUTCFullYear();
  function samples(c: number) {
    let got = cache.get(c);
    if (got) return got;
    const row = w.customers[c]!;
    const tierLevel = LOYALTY_TIERS.indexOf(row.loyaltyTier);
    const tierZ = (tierLevel - 1.5) / 1.2;
    const region = REGIONS[truth.customers.region[c]!]!;
    const out = { w: new Float64Array(M), taste: new Float64Array(M * D), bta: new Float64Array(M), s: new Float64Array(M), delta: new Float64Array(M), base: new Float64Array(M), aff: new Float64Array(M * CHANNELS.length) };
    const logw = new Float64Array(M);
    const views = firstViews[c]!;
    for (let m = 0; m < M; m++) {
      const age = row.birthYear !== null ? year - row.birthYear : Math.round(Math.min(88, Math.max(18, rng.normal(43, 15))));
      const ageZ = (age - 45) / 15;
      const band = row.incomeBand ?? rng.int(1, 5);
      const incomeZ = (band - 3) / 1.2;
      const female = row.gender === 'F' ? 1 : 0, male = row.gender === 'M' ? 1 : 0;
      const kids = rng.chance(0.05 + 0.6 * Math.exp(-(((age - 38) / 10) ** 2))) ? 1 : 0;
      let lw = 0;
      for (let d = 0; d < D; d++) {
        out.taste[m * D + d] = TASTE_MODEL.intercept[d]! + TASTE_MODEL.ageZ[d]! * ageZ + TASTE_MODEL.incomeZ[d]! * incomeZ + TASTE_MODEL.female[d]! * female + TASTE_MODEL.male[d]! * male + TASTE_MODEL.hasKids[d]! * kids + TASTE_MODEL.tierZ[d]! * tierZ + TASTE_MODEL.region[region][d]! + rng.normal(0, TASTE_MODEL.noiseSd);
      }
      const bta = 0.5 * incomeZ + 0.1 * tierZ + rng.normal(0, 0.45);
      const s = sig(-0.9 * incomeZ + 0.4 * kids - 0.2 * ageZ + rng.normal(0, 0.7));
      const delta = sig(-0.3 + 1.6 * (s - 0.5) + 0.35 * tierZ + rng.normal(0, 0.8));
      out.bta[m] = bta; out.s[m] = s; out.delta[m] = delta; out.base[m] = 0.2 * tierZ + rng.normal(0, 0.3);
      CHANNELS.forEach((ch, k) => (out.aff[m * CHANNELS.length + k] = CHANNEL_MODEL[ch].intercept + CHANNEL_MODEL[ch].ageZ * ageZ + rng.normal(0, CHANNEL_MODEL[ch].sd)));
      // likelihoods
      const obs = row.priceSensitivity;
      lw += obs <= 0 || obs >= 1 ? Math.log(1e-3 + 0.5) : -((obs - s) ** 2) / (2 * 0.15 * 0.15);
      const seg = (name: string, cond: boolean, pt: number, pf: number) => { const has = row.segments.includes(name); const p = cond ? pt : pf; lw += Math.log(has ? p : 1 - p); };
      const t = (slug: string) => out.taste[m * D + DEPARTMENTS.findIndex((x) => x.slug === slug)]!;
      seg('family', kids === 1, 0.85, 0.06);
      seg('deal-seeker', delta > 0.62, 0.8, 0.08);
      seg('premium', bta > 0.45, 0.75, 0.04);
      seg('health-conscious', t('fresh') + t('health-beauty') > 1.1, 0.7, 0.05);
      seg('tech-enthusiast', t('electronics') > 0.5, 0.7, 0.04);
      seg('outdoor', t('sports-outdoors') > 0.4, 0.7, 0.04);
      {
        let z = 0;
        for (let d = 0; d < D; d++) z += Math.exp(1.2 * out.taste[m * D + d]!);
        for (const d of views) lw += 1.2 * out.taste[m * D + d]! - Math.log(z);
      }
      logw[m] = lw;
    }
    let mx = -Infinity; for (const l of logw) mx = Math.max(mx, l);
    let tot = 0; for (let m = 0; m < M; m++) { out.w[m] = Math.exp(logw[m]! - mx); tot += out.w[m]!; }
    for (let m = 0; m < M; m++) out.w[m]! /= tot;
    cache.set(c, out);
    return out;
  }
  const P = truth.products;
  function productPart(req: SessionRequest, i: number) {
    const o = req.offers[i]!;
    const ctx = req.session.context;
    const m = PURCHASE_MODEL;
    let u = m.intercept + m.appeal * P.appeal[o.product]! + truth.lifecycleEffect[o.product]! + m.channel[ctx.channel] + m.device[ctx.device] + m.hour.amplitude * Math.cos((2 * Math.PI * (ctx.hour - m.hour.peakHour)) / 24) + m.weekday[ctx.weekday]! + m.intent[ctx.intent ?? 'BROWSE'];
    if (ctx.locationId) {
      const loc = truth.locationIndex.get(ctx.locationId)!;
      if (loc === truth.customers.homeStore[req.customerIndex]) u += m.location.homeStore;
      else if (truth.locationRegion[loc] === truth.customers.region[req.customerIndex]) u += m.location.sameRegion;
    }
    return u;
  }
  const observable = (req: SessionRequest, i: number) => {
    const o = req.offers[i]!;
    const smp = samples(req.customerIndex);
    const base = productPart(req, i);
    const dept = P.department[o.product]!;
    const tier = P.brandTier[o.product]! - 2;
    const lp = P.logRelativePrice[o.product]! + Math.log(Math.max(PM.minPriceShare, 1 - Math.min(1, o.share)));
    const deal = PM.deal.perShare * o.share + (o.share > 0 ? PM.deal.flag : 0);
    const chk = CHANNELS.indexOf(req.session.context.channel);
    let e = 0;
    for (let m = 0; m < M; m++) {
      const u = base + smp.base[m]! + smp.taste[m * D + dept]! + PM.brandTier * smp.bta[m]! * tier - (PM.priceElasticity.base + PM.priceElasticity.perSensitivity * smp.s[m]!) * lp + smp.delta[m]! * deal + PM.channelAffinity * smp.aff[m * CHANNELS.length + chk]!;
      e += smp.w[m]! / (1 + Math.exp(-u));
    }
    return e * o.margin;
  };
  const productOnly = (req: SessionRequest, i: number) => {
    const o = req.offers[i]!;
    const dept = P.department[o.product]!;
    const lp = P.logRelativePrice[o.product]! + Math.log(Math.max(PM.minPriceShare, 1 - Math.min(1, o.share)));
    // an average customer: price sensitivity 0.5, deal affinity 0.4
    const u = productPart(req, i) + TASTE_MODEL.intercept[dept]! - (PM.priceElasticity.base + PM.priceElasticity.perSensitivity * 0.5) * lp + 0.4 * (PM.deal.perShare * o.share + (o.share > 0 ? PM.deal.flag : 0));
    return sig(u) * o.margin;
  };
  return [new ScorePolicy('oracle-observable', seededRandom(1), maxPerCategory, observable), new ScorePolicy('oracle-product', seededRandom(2), maxPerCategory, productOnly)];
}
