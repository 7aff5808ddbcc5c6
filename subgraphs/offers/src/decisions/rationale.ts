// The rationale of one chosen offer, in words and numbers: what drove it (the largest feature
// effects), how much of its score was exploration, and what budget pacing cost it.
import { SHARED_FEATURES, FEATURES, type RankedOffer } from '@retail/engine';

const DESCRIPTIONS = new Map<string, string>([...FEATURES, ...SHARED_FEATURES].map(([name, description]) => [name, description]));

export interface StockRationale {
  available: number;
  stockoutRisk: number;
  daysOfCover: number | null;
  overstock: number;
  /** Score added by the overstock boost minus the stockout penalty. */
  scoreEffect: number;
}

export interface OfferRationale {
  summary: string;
  drivers: { feature: string; description: string; contribution: number }[];
  explorationShare: number;
  budgetCost: number;
  stock: StockRationale;
}

export interface StockTerms {
  overstockBoost: number;
  stockoutPenalty: number;
}

const pct = (x: number) => `${(100 * x).toFixed(x < 0.1 ? 1 : 0)} %`;
const money = (x: number) => x.toFixed(2);

export function explainOffer(r: RankedOffer, rewardScale: number, mode: string, terms: StockTerms): OfferRationale {
  const positive = r.score > 0 ? r.score : 0;
  const explorationShare = positive > 0 ? Math.min(1, Math.max(0, r.explorationBonus / (positive + r.budgetCost))) : 0;
  const drivers = r.topContributions.map((c) => ({ feature: c.feature, description: DESCRIPTIONS.get(c.feature) ?? c.feature, contribution: c.contribution }));
  const parts: string[] = [];
  if (mode === 'best-sellers') parts.push('Best-sellers rule (kill switch): ranked by units sold lately, not by the model.');
  else {
    const how = r.explored ? 'Chosen by the exploration draw' : `Ranked ${r.position + 1} by score`;
    const p = r.purchaseProbability;
    parts.push(p === null ? `${how}; expected reward ${money(r.expectedReward)}.` : `${how}: estimated purchase probability ${pct(p)} × margin ${money(r.value * rewardScale)} = expected ${money(r.expectedReward)}.`);
    parts.push(explorationShare > 0.005 ? `${pct(explorationShare)} of the score is the exploration bonus (what the model is still unsure of).` : 'No exploration bonus to speak of: the model is confident here.');
    if (drivers.length) parts.push(`Main drivers: ${drivers.map((d) => `${d.feature} (${d.contribution >= 0 ? '+' : ''}${d.contribution.toFixed(2)})`).join(', ')}.`);
  }
  if (r.budgetCost > 0) parts.push(`Budget pacing lowered the score by ${r.budgetCost.toFixed(3)}: its promotion is spending ahead of pace.`);
  const c = r.candidate;
  const stock: StockRationale = {
    available: c.constraint.available,
    stockoutRisk: c.stockoutRisk ?? 0,
    daysOfCover: c.daysOfCover ?? null,
    overstock: c.overstock,
    scoreEffect: terms.overstockBoost * c.overstock - terms.stockoutPenalty * (c.stockoutRisk ?? 0),
  };
  const cover = stock.daysOfCover === null ? '' : ` (${stock.daysOfCover.toFixed(0)} days of cover at the forecast demand)`;
  if (stock.overstock > 0) parts.push(`Overstocked${cover}: boosted by ${(terms.overstockBoost * stock.overstock).toFixed(3)}.`);
  if (stock.stockoutRisk >= 0.05) parts.push(`Stock is short: ${pct(stock.stockoutRisk)} risk of running out before the next receipt${cover}, penalised by ${(terms.stockoutPenalty * stock.stockoutRisk).toFixed(3)}.`);
  return { summary: parts.join(' '), drivers, explorationShare, budgetCost: r.budgetCost, stock };
}
