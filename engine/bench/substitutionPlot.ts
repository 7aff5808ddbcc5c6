// A hand-written SVG of the substitution bench, the learning curves per bucket of episodes: left,
// the first episodes (where most of the learning happens) as each policy's expected acceptance
// over the oracle's in the same bucket (paired, so the mix of episodes cancels out); right, the
// whole run as the share of episodes with a substitute accepted. Axes, grid, a legend.
import type { Curve, PolicyName, SubstitutionBenchResult } from './substitutions.bench.ts';

const STYLE: Record<PolicyName, { colour: string; dash?: string; width: number }> = {
  oracle: { colour: '#111111', dash: '6 4', width: 2 },
  ucb: { colour: '#d62728', width: 2.5 },
  greedy: { colour: '#1f77b4', width: 2 },
  prior: { colour: '#ff9896', dash: '2 3', width: 2 },
  similarity: { colour: '#2ca02c', width: 2 },
  random: { colour: '#8c8c8c', width: 2 },
};

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const count = (v: number) => (v >= 1000 ? `${Number.isInteger(v / 1000) ? v / 1000 : (v / 1000).toFixed(1)}k` : String(v));

interface Frame {
  x: number;
  y: number;
  w: number;
  h: number;
  lo: number;
  hi: number;
  /** Grid step on the y axis. */
  step: number;
}

function panel(f: Frame, c: Curve, values: (name: PolicyName) => number[], result: SubstitutionBenchResult, title: string, yLabel: string, late: boolean): string {
  const sx = (episodes: number) => f.x + (episodes / c.to) * f.w;
  const sy = (v: number) => f.y + f.h - ((v - f.lo) / Math.max(1e-9, f.hi - f.lo)) * f.h;
  const out: string[] = [];
  out.push(`<text x="${f.x + f.w / 2}" y="${f.y - 12}" text-anchor="middle" class="title">${esc(title)}</text>`);
  if (late) {
    // the last share of episodes, reported apart in the table
    const lateX = sx(c.to * (1 - result.lateShare));
    out.push(`<rect x="${lateX.toFixed(1)}" y="${f.y}" width="${(f.x + f.w - lateX).toFixed(1)}" height="${f.h}" class="late"/>`);
    out.push(`<text x="${((lateX + f.x + f.w) / 2).toFixed(1)}" y="${f.y + f.h - 8}" text-anchor="middle" class="tick">last ${Math.round(result.lateShare * 100)} %</text>`);
  }
  for (let v = f.lo; v <= f.hi + 1e-9; v += f.step) {
    out.push(`<line x1="${f.x}" x2="${f.x + f.w}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}" class="grid"/>`);
    out.push(`<text x="${f.x - 8}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${Math.round(v * 100)} %</text>`);
  }
  for (let k = 0; k <= 4; k++) {
    const x = sx((k * c.to) / 4);
    out.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${f.y}" y2="${f.y + f.h}" class="grid"/>`);
    out.push(`<text x="${x.toFixed(1)}" y="${f.y + f.h + 18}" text-anchor="middle" class="tick">${count(Math.round((k * c.to) / 4))}</text>`);
  }
  out.push(`<rect x="${f.x}" y="${f.y}" width="${f.w}" height="${f.h}" class="frame"/>`);
  const bucket = c.bucketEnds[0]!;
  out.push(`<text x="${f.x + f.w / 2}" y="${f.y + f.h + 40}" text-anchor="middle" class="axis">episodes (a point per bucket of ${count(bucket)}, at its middle)</text>`);
  out.push(`<text transform="translate(${f.x - 52} ${f.y + f.h / 2}) rotate(-90)" text-anchor="middle" class="axis">${esc(yLabel)}</text>`);
  for (const p of result.policies) {
    const style = STYLE[p.name];
    const points = values(p.name).map((v, b) => `${sx(((b === 0 ? 0 : c.bucketEnds[b - 1]!) + c.bucketEnds[b]!) / 2).toFixed(1)},${sy(v).toFixed(1)}`).join(' ');
    out.push(`<polyline points="${points}" fill="none" stroke="${style.colour}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} stroke-linejoin="round"/>`);
  }
  return out.join('\n');
}

export function renderSubstitutionSvg(result: SubstitutionBenchResult): string {
  const W = 1160;
  const H = 580;
  const { early, whole } = result.curves;
  const oracle = early.expectedAcceptance.oracle!;
  const overOracle = (name: PolicyName) => early.expectedAcceptance[name]!.map((v, b) => v / Math.max(1e-9, oracle[b]!));
  const range = (values: number[]) => [Math.max(0, Math.floor(Math.min(...values) * 10) / 10), Math.min(1, Math.ceil(Math.max(...values) * 10) / 10)] as const;
  const [lo1, hi1] = range(result.policies.flatMap((p) => overOracle(p.name)));
  const [lo2, hi2] = range(result.policies.flatMap((p) => whole.acceptance[p.name]!));
  const left = panel({ x: 110, y: 80, w: 430, h: 340, lo: lo1, hi: hi1, step: 0.1 }, early, overOracle, result, `The first ${early.to.toLocaleString('en-US')} episodes`, 'expected acceptance ÷ the oracle’s', false);
  const right = panel({ x: 700, y: 80, w: 430, h: 340, lo: lo2, hi: hi2, step: 0.1 }, whole, (name) => whole.acceptance[name]!, result, `All ${whole.to.toLocaleString('en-US')} episodes`, 'episodes with a substitute accepted', true);
  const legend: string[] = [];
  result.policies.forEach((p, i) => {
    const style = STYLE[p.name];
    const x = 40 + (i % 3) * 380;
    const y = 500 + Math.floor(i / 3) * 24;
    legend.push(`<line x1="${x}" x2="${x + 34}" y1="${y - 4}" y2="${y - 4}" stroke="${style.colour}" stroke-width="${style.width}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`);
    legend.push(`<text x="${x + 42}" y="${y}" class="legend">${esc(p.label)}: ${(100 * p.acceptance).toFixed(1)} % (last ${Math.round(result.lateShare * 100)} %: ${(100 * p.lateAcceptance).toFixed(1)} %)</text>`);
  });
  const w = result.world;
  const subtitle = `npm run bench:substitutions — share of stock-out episodes with a substitute accepted (slate of 3); world seed ${w.seed}: ${w.customers.toLocaleString('en-US')} customers, ${w.products.toLocaleString('en-US')} products`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">
<style>
  .title { font-size: 16px; font-weight: bold; fill: #222; }
  .subtitle { font-size: 13px; fill: #555; }
  .tick { font-size: 12px; fill: #555; }
  .axis { font-size: 13px; fill: #333; }
  .legend { font-size: 13px; fill: #222; }
  .grid { stroke: #e6e6e6; stroke-width: 1; }
  .frame { fill: none; stroke: #999; stroke-width: 1; }
  .late { fill: #f2f2f2; }
</style>
<rect width="${W}" height="${H}" fill="#ffffff"/>
<text x="${W / 2}" y="26" text-anchor="middle" class="subtitle">${esc(subtitle)}</text>
${left}
${right}
${legend.join('\n')}
</svg>
`;
}
