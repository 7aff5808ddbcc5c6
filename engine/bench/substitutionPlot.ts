// A hand-written SVG of the substitution bench, the learning curves per bucket of episodes: left,
// the first episodes (where most of the learning happens) as each policy's expected acceptance
// over the oracle's in the same bucket (paired, so the mix of episodes cancels out); right, the
// whole run as the share of episodes with a substitute accepted. Axes, grid, a legend.
import type { Curve, PolicyName, SubstitutionBenchResult } from './substitutions.bench.ts';
import { CHART_RULES, chartSvg, frame, gridColumn, gridRow, legend, panelTitle, point, polyline, styleSheet, thousands, xAxisTitle, yAxisTitle, type Box, type Stroke } from './svgChart.ts';

const STYLE: Record<PolicyName, Stroke> = {
  oracle: { colour: '#111111', dash: '6 4', width: 2 },
  ucb: { colour: '#d62728', width: 2.5 },
  greedy: { colour: '#1f77b4', width: 2 },
  prior: { colour: '#ff9896', dash: '2 3', width: 2 },
  similarity: { colour: '#2ca02c', width: 2 },
  random: { colour: '#8c8c8c', width: 2 },
};

interface Frame extends Box {
  lo: number;
  hi: number;
  /** Grid step on the y axis. */
  step: number;
}

function panel(f: Frame, c: Curve, values: (name: PolicyName) => number[], result: SubstitutionBenchResult, title: string, yLabel: string, late: boolean): string {
  const sx = (episodes: number) => f.x + (episodes / c.to) * f.w;
  const sy = (v: number) => f.y + f.h - ((v - f.lo) / Math.max(1e-9, f.hi - f.lo)) * f.h;
  const out: string[] = [panelTitle(f, title, 12)];
  if (late) {
    // the last share of episodes, reported apart in the table
    const lateX = sx(c.to * (1 - result.lateShare));
    out.push(`<rect x="${lateX.toFixed(1)}" y="${f.y}" width="${(f.x + f.w - lateX).toFixed(1)}" height="${f.h}" class="late"/>`);
    out.push(`<text x="${((lateX + f.x + f.w) / 2).toFixed(1)}" y="${f.y + f.h - 8}" text-anchor="middle" class="tick">last ${Math.round(result.lateShare * 100)} %</text>`);
  }
  for (let v = f.lo; v <= f.hi + 1e-9; v += f.step) out.push(gridRow(f, sy(v), `${Math.round(v * 100)} %`));
  for (let k = 0; k <= 4; k++) out.push(gridColumn(f, sx((k * c.to) / 4), thousands(Math.round((k * c.to) / 4))));
  out.push(frame(f), xAxisTitle(f, `episodes (a point per bucket of ${thousands(c.bucketEnds[0]!)}, at its middle)`), yAxisTitle(f, yLabel, 52));
  for (const p of result.policies) {
    // a bucket's point sits at its middle
    const points = values(p.name).map((v, b) => point(sx(((b === 0 ? 0 : c.bucketEnds[b - 1]!) + c.bucketEnds[b]!) / 2), sy(v)));
    out.push(polyline(points, STYLE[p.name]));
  }
  return out.join('\n');
}

export function renderSubstitutionSvg(result: SubstitutionBenchResult): string {
  const { early, whole } = result.curves;
  const oracle = early.expectedAcceptance.oracle!;
  const overOracle = (name: PolicyName) => early.expectedAcceptance[name]!.map((v, b) => v / Math.max(1e-9, oracle[b]!));
  const range = (values: number[]) => [Math.max(0, Math.floor(Math.min(...values) * 10) / 10), Math.min(1, Math.ceil(Math.max(...values) * 10) / 10)] as const;
  const [lo1, hi1] = range(result.policies.flatMap((p) => overOracle(p.name)));
  const [lo2, hi2] = range(result.policies.flatMap((p) => whole.acceptance[p.name]!));
  const left = panel({ x: 110, y: 80, w: 430, h: 340, lo: lo1, hi: hi1, step: 0.1 }, early, overOracle, result, `The first ${early.to.toLocaleString('en-US')} episodes`, 'expected acceptance ÷ the oracle’s', false);
  const right = panel({ x: 700, y: 80, w: 430, h: 340, lo: lo2, hi: hi2, step: 0.1 }, whole, (name) => whole.acceptance[name]!, result, `All ${whole.to.toLocaleString('en-US')} episodes`, 'episodes with a substitute accepted', true);
  const late = `last ${Math.round(result.lateShare * 100)} %`;
  const entries = result.policies.map((p) => ({ ...STYLE[p.name], label: `${p.label}: ${(100 * p.acceptance).toFixed(1)} % (${late}: ${(100 * p.lateAcceptance).toFixed(1)} %)` }));
  const w = result.world;
  const subtitle = `npm run bench:substitutions — share of stock-out episodes with a substitute accepted (slate of 3); world seed ${w.seed}: ${w.customers.toLocaleString('en-US')} customers, ${w.products.toLocaleString('en-US')} products`;
  return chartSvg({ width: 1160, height: 580, style: styleSheet([...CHART_RULES, '.late { fill: #f2f2f2; }']), subtitle, body: [left, right, legend(entries, 40, 500, 3, 380)] });
}
