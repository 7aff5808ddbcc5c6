// A hand-written SVG of the policy bench: cumulative margin of every policy against sessions
// (left) and each policy's regret against the oracle (right), with axes, grid and a legend.
import type { PolicyBenchResult, PolicyMetrics } from './policySim.ts';

const STYLE: Record<string, { colour: string; dash?: string; width?: number }> = {
  oracle: { colour: '#111111', dash: '6 4', width: 2 },
  linucb: { colour: '#d62728', width: 2.5 },
  'linucb-before': { colour: '#ff9896', dash: '2 3', width: 2 },
  'epsilon-greedy': { colour: '#1f77b4', width: 2 },
  'best-sellers': { colour: '#2ca02c', width: 2 },
  uniform: { colour: '#8c8c8c', width: 2 },
};
const FALLBACK = ['#9467bd', '#8c564b', '#e377c2', '#bcbd22'];

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmt = (x: number) => (Number.isInteger(x) ? String(x) : x.toFixed(1));

/** Round tick steps (1, 2, 2.5, 5 × 10ⁿ) covering [0, max]. */
function ticks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max * 1.0001 + step * 0.999; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

function money(v: number): string {
  if (Math.abs(v) >= 1e6) return `$${fmt(v / 1e6)}M`;
  if (Math.abs(v) >= 1e3) return `$${fmt(v / 1e3)}k`;
  return `$${fmt(v)}`;
}

function count(v: number): string {
  return v >= 1000 ? `${fmt(v / 1000)}k` : String(v);
}

interface Panel {
  x: number;
  y: number;
  w: number;
  h: number;
  title: string;
  yLabel: string;
  series: { policy: PolicyMetrics; values: number[] }[];
}

function panel(p: Panel, sessions: number[], maxSessions: number): string {
  const maxY = Math.max(1, ...p.series.flatMap((s) => s.values));
  const yt = ticks(maxY);
  const top = yt[yt.length - 1]!;
  const xt = ticks(maxSessions);
  const xMax = xt[xt.length - 1]!;
  const sx = (v: number) => p.x + (v / xMax) * p.w;
  const sy = (v: number) => p.y + p.h - (v / top) * p.h;
  const out: string[] = [];
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y - 14}" text-anchor="middle" class="title">${esc(p.title)}</text>`);
  for (const v of yt) {
    out.push(`<line x1="${p.x}" x2="${p.x + p.w}" y1="${sy(v).toFixed(1)}" y2="${sy(v).toFixed(1)}" class="grid"/>`);
    out.push(`<text x="${p.x - 8}" y="${(sy(v) + 4).toFixed(1)}" text-anchor="end" class="tick">${money(v)}</text>`);
  }
  for (const v of xt) {
    out.push(`<line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${p.y}" y2="${p.y + p.h}" class="grid"/>`);
    out.push(`<text x="${sx(v).toFixed(1)}" y="${p.y + p.h + 18}" text-anchor="middle" class="tick">${count(v)}</text>`);
  }
  out.push(`<rect x="${p.x}" y="${p.y}" width="${p.w}" height="${p.h}" class="frame"/>`);
  out.push(`<text x="${p.x + p.w / 2}" y="${p.y + p.h + 40}" text-anchor="middle" class="axis">sessions</text>`);
  out.push(`<text transform="translate(${p.x - 62} ${p.y + p.h / 2}) rotate(-90)" text-anchor="middle" class="axis">${esc(p.yLabel)}</text>`);
  p.series.forEach(({ policy, values }, i) => {
    const style = STYLE[policy.name] ?? { colour: FALLBACK[i % FALLBACK.length]! };
    const points = [`${sx(0).toFixed(1)},${sy(0).toFixed(1)}`, ...values.map((v, k) => `${sx(sessions[k]!).toFixed(1)},${sy(v).toFixed(1)}`)].join(' ');
    out.push(`<polyline points="${points}" fill="none" stroke="${style.colour}" stroke-width="${style.width ?? 2}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''} stroke-linejoin="round"/>`);
  });
  return out.join('\n');
}

export function renderPolicySvg(result: PolicyBenchResult): string {
  const W = 1160;
  const H = 560;
  const sessions = result.policies[0]!.curve.map((c) => c.sessions);
  const left = panel(
    { x: 95, y: 78, w: 440, h: 340, title: 'Cumulative margin (realised)', yLabel: 'margin: price − discount − unit cost', series: result.policies.map((p) => ({ policy: p, values: p.curve.map((c) => c.margin) })) },
    sessions,
    result.sessions,
  );
  const learners = result.policies.filter((p) => p.name !== 'oracle');
  const right = panel(
    { x: 685, y: 78, w: 440, h: 340, title: 'Regret vs the oracle (expected margin)', yLabel: 'Σ oracle p×margin − Σ policy p×margin', series: learners.map((p) => ({ policy: p, values: p.curve.map((c) => c.regret) })) },
    sessions,
    result.sessions,
  );
  const legend: string[] = [];
  const perRow = 3;
  result.policies.forEach((p, i) => {
    const style = STYLE[p.name] ?? { colour: FALLBACK[i % FALLBACK.length]! };
    const x = 95 + (i % perRow) * 360;
    const y = 490 + Math.floor(i / perRow) * 24;
    legend.push(`<line x1="${x}" x2="${x + 34}" y1="${y - 4}" y2="${y - 4}" stroke="${style.colour}" stroke-width="${style.width ?? 2}"${style.dash ? ` stroke-dasharray="${style.dash}"` : ''}/>`);
    legend.push(`<text x="${x + 42}" y="${y}" class="legend">${esc(p.label)}: ${money(p.margin)}</text>`);
  });
  const w = result.world;
  const subtitle = `npm run bench:policy — ${result.sessions.toLocaleString('en-US')} sessions, slate of ${result.slateSize}, ~${Math.round(result.meanCandidates)} candidates a session; world seed ${w.seed}: ${w.customers.toLocaleString('en-US')} customers, ${w.products.toLocaleString('en-US')} products`;
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">
<style>
  .title { font-size: 16px; font-weight: bold; fill: #222; }
  .subtitle { font-size: 13px; fill: #555; }
  .tick { font-size: 12px; fill: #555; }
  .axis { font-size: 13px; fill: #333; }
  .legend { font-size: 13px; fill: #222; }
  .grid { stroke: #e6e6e6; stroke-width: 1; }
  .frame { fill: none; stroke: #999; stroke-width: 1; }
</style>
<rect width="${W}" height="${H}" fill="#ffffff"/>
<text x="${W / 2}" y="26" text-anchor="middle" class="subtitle">${esc(subtitle)}</text>
${left}
${right}
${legend.join('\n')}
</svg>
`;
}
