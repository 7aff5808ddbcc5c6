// A hand-written SVG of bench:policy:gateway: each policy's cumulative realised margin against
// sessions (left), and its Σ p×margin as a share of the oracle's per tenth of the sessions (right).
import { chartSvg, legend, linePanel, type Series, type Stroke } from '../../engine/bench/svgChart.ts';
import type { PolicyName } from './policyGateway.bench.ts';

const STYLE: Record<PolicyName, Stroke> = {
  learning: { colour: '#d62728', width: 2.5 },
  untrained: { colour: '#1f77b4', dash: '3 3', width: 2 },
  'best-sellers': { colour: '#2ca02c', width: 2 },
  oracle: { colour: '#111111', dash: '6 4', width: 2 },
};

export interface PlottedPolicy {
  margin: number;
  curve: { sessions: number; margin: number }[];
  /** Σ p × margin per tenth of the sessions. */
  blocks: number[];
}

const usd = (x: number) => `$${Math.round(x).toLocaleString('en-US')}`;
const money = (v: number) => (Math.abs(v) >= 1000 ? `$${(v / 1000).toFixed(v % 1000 === 0 ? 0 : 1)}k` : `$${v}`);
const sessionCount = (v: number) => (v >= 1000 ? `${v / 1000}k` : String(v));

export function renderPolicyGatewaySvg(r: { metrics: Record<PolicyName, PlottedPolicy>; shown: PolicyName[]; labels: Record<PolicyName, string>; sessions: number; slate: number; world: { seed: number; customers: number; products: number } }): string {
  const { metrics, shown, labels, sessions } = r;
  const names: PolicyName[] = ['oracle', ...shown.filter((n) => n !== 'oracle')];
  const margin: Series[] = names.map((n) => ({ label: `${labels[n]}: ${usd(metrics[n].margin)}`, ...STYLE[n], points: [{ x: 0, y: 0 }, ...metrics[n].curve.map((c) => ({ x: c.sessions, y: c.margin }))] }));
  const left = linePanel({ x: 95, y: 70, w: 440, h: 340, title: 'Cumulative margin (realised)', xLabel: 'sessions', yLabel: 'margin: price − discount − unit cost', xFormat: sessionCount, yFormat: money, series: margin, xMax: sessions });
  const share: Series[] = shown
    .filter((n) => n !== 'oracle')
    .map((n) => ({ label: labels[n], ...STYLE[n], points: metrics[n].blocks.map((b, k) => ({ x: ((k + 0.5) * sessions) / 10, y: (100 * b) / metrics.oracle.blocks[k]! })) }));
  const right = linePanel({ x: 685, y: 70, w: 440, h: 340, title: 'Share of the oracle, per tenth of the sessions', xLabel: 'sessions', yLabel: 'Σ p×margin / oracle’s, %', xFormat: sessionCount, yFormat: (v) => `${v}`, series: share, xMax: sessions, yMax: 100 });
  const w = r.world;
  const subtitle = `npm run bench:policy:gateway — ${sessions.toLocaleString('en-US')} sessions through the gateway, slate of ${r.slate}; world seed ${w.seed}: ${w.customers.toLocaleString('en-US')} customers, ${w.products.toLocaleString('en-US')} products`;
  return chartSvg({ width: 1160, height: 540, subtitle, subtitleY: 24, body: [left, right, legend(margin, 95, 478, 2, 560)] });
}
