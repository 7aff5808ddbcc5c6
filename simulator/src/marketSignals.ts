// What the market says about products: competitors' shelf prices over time (a random walk around
// each competitor's usual price level) and social signals whose sentiment and volume follow the
// product's latent appeal.
import type { Catalog } from './catalogGenerator.ts';
import { DEPARTMENTS } from './catalogData.ts';
import { DAY } from './geography.ts';
import { COMPETITORS, COMPETITOR_PRICE_LEVEL } from './names.ts';
import { clamp, round2, sigmoid, type Random } from './random.ts';
import type { CompetitorPriceRow, SocialSignalRow } from './rows.ts';

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Observation times from the start of the window to now, about `count` of them, each jittered by up to a day. */
function observationTimes(random: Random, nowMs: number, days: number, count: number): number[] {
  const interval = Math.max(7, Math.ceil(days / count)) * DAY;
  const times: number[] = [];
  for (let t = nowMs - days * DAY + random.float(0, interval); t <= nowMs; t += interval) {
    times.push(Math.min(nowMs, Math.round(t + random.float(-0.5, 0.5) * DAY)));
  }
  return times;
}

export function generateCompetitorPrices(random: Random, catalog: Catalog, competitors: number, now: Date, days: number): CompetitorPriceRow[] {
  const rows: CompetitorPriceRow[] = [];
  const names = COMPETITORS.slice(0, competitors);
  const coverage = names.map(() => random.float(0.35, 0.6));
  const nowMs = now.getTime();
  catalog.products.forEach((product) => {
    names.forEach((competitor, k) => {
      if (!random.chance(coverage[k]!)) return;
      let logPrice = Math.log(product.price * COMPETITOR_PRICE_LEVEL[competitor]!) + random.normal(0, 0.05);
      for (const t of observationTimes(random, nowMs, days, 8)) {
        logPrice += random.normal(0, 0.02);
        rows.push({ id: `cpr_${pad(rows.length + 1, 7)}`, productId: product.id, competitor, price: Math.max(0.05, round2(Math.exp(logPrice))), observedAt: new Date(t) });
      }
    });
  });
  return rows;
}

export function generateSocialSignals(random: Random, catalog: Catalog, now: Date, days: number): SocialSignalRow[] {
  const rows: SocialSignalRow[] = [];
  const nowMs = now.getTime();
  catalog.products.forEach((product, p) => {
    const appeal = catalog.truth.appeal[p]!;
    const profile = DEPARTMENTS[catalog.truth.department[p]!]!.profile;
    const sources = profile === 'electronics' || profile === 'sports' ? ['reviews', 'social', 'forums'] : ['reviews', 'social'];
    if (!random.chance(0.2 + 0.3 * sigmoid(2 * appeal))) return;
    for (const source of sources) {
      if (source !== 'reviews' && !random.chance(0.6)) continue;
      for (const t of observationTimes(random, nowMs, days, 6)) {
        rows.push({
          id: `sig_${pad(rows.length + 1, 7)}`,
          productId: product.id,
          source,
          mentions: Math.max(1, Math.round(Math.exp(1.2 + 0.9 * appeal + random.normal(0, 0.6)))),
          sentiment: round2(clamp(Math.tanh(0.9 * appeal + random.normal(0, 0.35)), -1, 1)),
          observedAt: new Date(t),
        });
      }
    }
  });
  return rows;
}
