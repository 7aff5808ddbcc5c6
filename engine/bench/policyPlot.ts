// A hand-written SVG of the policy bench: cumulative margin of every policy against sessions
// (left) and each policy's regret against the oracle (right), with axes, grid and a legend.
import type { PolicyBenchResult, PolicyMetrics } from './policySim.ts';
import { chartSvg, legend, linePanel, thousands, type Series, type Stroke } from './svgChart.ts';

const STYLE: Record<string, Stroke> = {
  oracle: { colour: '#111111', dash: '6 4', width: 2 },
  linucb: { colour: '#d62728', width: 2.5 },
  'linucb-before': { colour: '#ff9896', dash: '2 3', width: 2 },
  'epsilon-greedy': { colour: '#1f77b4', width: 2 },
  'best-sellers': { colour: '#2ca02c', width: 2 },
  uniform: { colour: '#8c8c8c', width: 2 },
};
const FALLBACK = ['#9467bd', '#8c564b', '#e377c2', '#bcbd22'];
/** A policy's line; `i` is its place in the list it is drawn from (picks a fallback colour). */
const styleOf = (p: PolicyMetrics, i: number): Stroke => STYLE[p.name] ?? { colour: FALLBACK[i % FALLBACK.length]! };

const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

function money(v: number): string {
  if (Math.abs(v) >= 1e6) return `$${fmt(v / 1e6)}M`;
  if (Math.abs(v) >= 1e3) return `$${fmt(v / 1e3)}k`;
  return `$${fmt(v)}`;
}

function panel(box: { x: number; y: number; w: number; h: number }, title: string, yLabel: string, policies: PolicyMetrics[], values: (p: PolicyMetrics) => number[], result: PolicyBenchResult): string {
  const sessions = result.policies[0]!.curve.map((c) => c.sessions);
  const series: Series[] = policies.map((p, i) => ({ label: p.label, ...styleOf(p, i), points: [{ x: 0, y: 0 }, ...values(p).map((v, k) => ({ x: sessions[k]!, y: v }))] }));
  return linePanel({ ...box, title, xLabel: 'sessions', yLabel, xFormat: thousands, yFormat: money, series, xMax: result.sessions, yMax: Math.max(1, ...policies.flatMap(values)) });
}

export function renderPolicySvg(result: PolicyBenchResult): string {
  const left = panel({ x: 95, y: 78, w: 440, h: 340 }, 'Cumulative margin (realised)', 'margin: price − discount − unit cost', result.policies, (p) => p.curve.map((c) => c.margin), result);
  const learners = result.policies.filter((p) => p.name !== 'oracle');
  const right = panel({ x: 685, y: 78, w: 440, h: 340 }, 'Regret vs the oracle (expected margin)', 'Σ oracle p×margin − Σ policy p×margin', learners, (p) => p.curve.map((c) => c.regret), result);
  const entries = result.policies.map((p, i) => ({ ...styleOf(p, i), label: `${p.label}: ${money(p.margin)}` }));
  const w = result.world;
  const subtitle = `npm run bench:policy — ${result.sessions.toLocaleString('en-US')} sessions, slate of ${result.slateSize}, ~${Math.round(result.meanCandidates)} candidates a session; world seed ${w.seed}: ${w.customers.toLocaleString('en-US')} customers, ${w.products.toLocaleString('en-US')} products`;
  return chartSvg({ width: 1160, height: 560, subtitle, body: [left, right, legend(entries, 95, 490, 3, 360)] });
}
