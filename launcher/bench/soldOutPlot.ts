// A hand-written SVG of the sold-out bench: the distribution (CDF, log time axis) of how long a
// sold-out product takes to leave the store's offers, per event bus, with the 100 ms target
// (left); and the median timeline of one sell-out, from the mutation's send, split into its legs
// (right).
import { CHART_STYLE, escapeXml } from '../../engine/bench/svgChart.ts';

export interface PlotMode {
  mode: string;
  label: string;
  /** Per trial: the mutation's response → the first answer without the product (∞: never within the timeout). */
  e2eFromResponseMs: number[];
  e2eFromSendMs: number[];
  /** Per trial: the inventory's commit → the offers read model has the sale. */
  busFromCommitMs: number[];
  /** Medians over the trials, ms from the mutation's send. */
  median: { commit: number; publish: number; applied: number; response: number; gone: number; goneP99: number };
}

const COLOURS: Record<string, string> = { memory: '#d62728', redis: '#1f77b4', processes: '#17becf' };
const FALLBACK = ['#2ca02c', '#9467bd'];
const LEGS = [
  { key: 'commit', label: 'mutation → commit', colour: '#bdbdbd' },
  { key: 'relay', label: 'outbox relay (commit → publish)', colour: '#ff7f0e' },
  { key: 'bus', label: 'bus delivery (→ offers read model)', colour: '#9467bd' },
  { key: 'response', label: 'the mutation’s response still on its way', colour: '#e3e3e3' },
  { key: 'decision', label: 'next decision (→ answer without the product)', colour: '#2ca02c' },
] as const;

const colourOf = (m: PlotMode, i: number) => COLOURS[m.mode] ?? FALLBACK[i % FALLBACK.length]!;
const fmtMs = (v: number) => (v >= 1000 ? `${v / 1000} s` : v >= 1 ? `${v}` : `${v}`);

/** 1, 2, 5 × 10ⁿ from lo to hi. */
function logTicks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let p = Math.floor(Math.log10(lo)); p <= Math.ceil(Math.log10(hi)); p++)
    for (const m of [1, 2, 5]) {
      const v = Math.round(m * 10 ** p * 1e6) / 1e6;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(v);
    }
  return out;
}

function linearTicks(max: number, count = 6): number[] {
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const out: number[] = [];
  // The last tick is at or past max, so nothing is clipped.
  for (let v = 0; v < max + step - 1e-9; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function cdfPanel(b: Box, modes: PlotMode[], targetMs: number): { svg: string; legend: { label: string; colour: string; dash?: string; width: number }[] } {
  const finite = modes.flatMap((m) => [...m.e2eFromResponseMs, ...m.e2eFromSendMs, ...m.busFromCommitMs]).filter((v) => Number.isFinite(v) && v > 0);
  const min = finite.length ? Math.min(...finite) : 1;
  const max = finite.length ? Math.max(...finite) : 100;
  const lo = Math.min(10, Math.max(0.1, 10 ** Math.floor(Math.log10(min))));
  const hi = [200, 500, 1000, 2000, 5000, 10_000, 20_000].find((v) => v >= max * 1.02) ?? 20_000;
  const sx = (v: number) => b.x + ((Math.log10(Math.min(hi, Math.max(lo, v))) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * b.w;
  const sy = (f: number) => b.y + b.h - f * b.h;
  const out: string[] = [];
  out.push(`<text x="${b.x + b.w / 2}" y="${b.y - 14}" text-anchor="middle" class="title">${escapeXml('Time until it is gone from the store’s offers (CDF)')}</text>`);
  for (const f of [0, 0.25, 0.5, 0.75, 0.9, 1]) {
    out.push(`<line x1="${b.x}" x2="${b.x + b.w}" y1="${sy(f).toFixed(1)}" y2="${sy(f).toFixed(1)}" class="grid"/>`);
    out.push(`<text x="${b.x - 8}" y="${(sy(f) + 4).toFixed(1)}" text-anchor="end" class="tick">${Math.round(f * 100)} %</text>`);
  }
  for (const v of logTicks(lo, hi)) {
    out.push(`<line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${b.y}" y2="${b.y + b.h}" class="grid"/>`);
    out.push(`<text x="${sx(v).toFixed(1)}" y="${b.y + b.h + 18}" text-anchor="middle" class="tick">${escapeXml(fmtMs(v))}</text>`);
  }
  out.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" class="frame"/>`);
  out.push(`<line x1="${sx(targetMs).toFixed(1)}" x2="${sx(targetMs).toFixed(1)}" y1="${b.y}" y2="${b.y + b.h}" stroke="#111" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  out.push(`<text x="${(sx(targetMs) + 5).toFixed(1)}" y="${b.y + b.h / 2}" class="tick" stroke="#fff" stroke-width="4" paint-order="stroke">${targetMs} ms target</text>`);
  out.push(`<text x="${b.x + b.w / 2}" y="${b.y + b.h + 40}" text-anchor="middle" class="axis">ms (log scale)</text>`);
  out.push(`<text transform="translate(${b.x - 56} ${b.y + b.h / 2}) rotate(-90)" text-anchor="middle" class="axis">share of trials</text>`);
  const legend: { label: string; colour: string; dash?: string; width: number }[] = [];
  modes.forEach((m, i) => {
    const colour = colourOf(m, i);
    const series = [
      { values: m.e2eFromResponseMs, label: `${m.label}: from the mutation’s response`, width: 2.5 },
      { values: m.e2eFromSendMs, label: `${m.label}: from the mutation’s send`, dash: '6 4', width: 2 },
      { values: m.busFromCommitMs, label: `${m.label}: bus leg alone (commit → read model)`, dash: '2 3', width: 1.5 },
    ];
    for (const s of series) {
      const v = [...s.values].sort((a, b) => a - b);
      const n = v.length;
      if (n === 0) continue;
      const pts: string[] = [`${sx(v[0]!).toFixed(1)},${sy(0).toFixed(1)}`];
      v.forEach((x, k) => {
        if (!Number.isFinite(x)) return;
        pts.push(`${sx(x).toFixed(1)},${sy(k / n).toFixed(1)}`, `${sx(x).toFixed(1)},${sy((k + 1) / n).toFixed(1)}`);
      });
      out.push(`<polyline points="${pts.join(' ')}" fill="none" stroke="${colour}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''} stroke-linejoin="round"/>`);
      legend.push({ label: s.label, colour, dash: s.dash, width: s.width });
    }
  });
  return { svg: out.join('\n'), legend };
}

function timelinePanel(b: Box, modes: PlotMode[], targetMs: number): string {
  const right = Math.max(targetMs * 1.1, ...modes.map((m) => m.median.goneP99).filter(Number.isFinite)) * 1.05;
  const xt = linearTicks(right);
  const top = xt[xt.length - 1]!;
  const sx = (v: number) => b.x + (Math.min(Math.max(v, 0), top) / top) * b.w;
  const out: string[] = [];
  out.push(`<text x="${b.x + b.w / 2}" y="${b.y - 14}" text-anchor="middle" class="title">${escapeXml('The median sell-out, leg by leg')}</text>`);
  for (const v of xt) {
    out.push(`<line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${b.y}" y2="${b.y + b.h}" class="grid"/>`);
    out.push(`<text x="${sx(v).toFixed(1)}" y="${b.y + b.h + 18}" text-anchor="middle" class="tick">${v}</text>`);
  }
  out.push(`<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" class="frame"/>`);
  out.push(`<line x1="${sx(targetMs).toFixed(1)}" x2="${sx(targetMs).toFixed(1)}" y1="${b.y}" y2="${b.y + b.h}" stroke="#111" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  out.push(`<text x="${b.x + b.w / 2}" y="${b.y + b.h + 40}" text-anchor="middle" class="axis">ms since the adjustStock(SALE) request left the client</text>`);
  const rowH = b.h / Math.max(1, modes.length);
  modes.forEach((m, i) => {
    const cy = b.y + rowH * (i + 0.5);
    const barH = Math.min(36, rowH * 0.35);
    // Medians of different legs need not be ordered: keep the timeline monotonic.
    const points = [0, m.median.commit, m.median.publish, m.median.applied, m.median.response, m.median.gone];
    for (let k = 1; k < points.length; k++) points[k] = Math.max(points[k - 1]!, Number.isFinite(points[k]!) ? points[k]! : points[k - 1]!);
    out.push(`<text x="${b.x + 6}" y="${(cy - barH / 2 - 8).toFixed(1)}" class="legend" fill="${colourOf(m, i)}">${escapeXml(m.label)}</text>`);
    LEGS.forEach((leg, k) => {
      const x0 = sx(points[k]!);
      const x1 = sx(points[k + 1]!);
      out.push(`<rect x="${x0.toFixed(1)}" y="${(cy - barH / 2).toFixed(1)}" width="${Math.max(0, x1 - x0).toFixed(1)}" height="${barH.toFixed(1)}" fill="${leg.colour}"/>`);
    });
    const r = sx(m.median.response);
    out.push(`<line x1="${r.toFixed(1)}" x2="${r.toFixed(1)}" y1="${(cy - barH / 2 - 4).toFixed(1)}" y2="${(cy + barH / 2 + 4).toFixed(1)}" stroke="#111" stroke-width="2"/>`);
    out.push(`<text x="${r.toFixed(1)}" y="${(cy + barH / 2 + 18).toFixed(1)}" text-anchor="middle" class="tick">response ${m.median.response.toFixed(0)}</text>`);
    if (Number.isFinite(m.median.goneP99)) {
      const g = sx(points[5]!);
      const p = sx(m.median.goneP99);
      out.push(`<line x1="${g.toFixed(1)}" x2="${p.toFixed(1)}" y1="${cy.toFixed(1)}" y2="${cy.toFixed(1)}" stroke="#2ca02c" stroke-width="1.5"/>`);
      out.push(`<line x1="${p.toFixed(1)}" x2="${p.toFixed(1)}" y1="${(cy - 8).toFixed(1)}" y2="${(cy + 8).toFixed(1)}" stroke="#2ca02c" stroke-width="1.5"/>`);
      const nearEdge = p > b.x + b.w - 100;
      out.push(`<text x="${(nearEdge ? p : p + 6).toFixed(1)}" y="${(nearEdge ? cy - 12 : cy + 4).toFixed(1)}"${nearEdge ? ' text-anchor="end"' : ''} class="tick">gone, p99 ${m.median.goneP99.toFixed(0)}</text>`);
    }
    out.push(`<text x="${(sx(points[5]!) + 4).toFixed(1)}" y="${(cy + barH / 2 + 18).toFixed(1)}" class="tick">gone ${m.median.gone.toFixed(0)}</text>`);
  });
  return out.join('\n');
}

export function renderSoldOutSvg(p: { modes: PlotMode[]; targetMs: number; title: string }): string {
  const W = 1200;
  const cdf = cdfPanel({ x: 90, y: 70, w: 500, h: 340 }, p.modes, p.targetMs);
  const timeline = timelinePanel({ x: 670, y: 70, w: 500, h: 340 }, p.modes, p.targetMs);
  const rows = Math.ceil(cdf.legend.length / 1);
  const H = 480 + rows * 22 + 10;
  const lines = cdf.legend.map((s, i) => {
    const ly = 486 + i * 22;
    return `<line x1="90" x2="124" y1="${ly - 4}" y2="${ly - 4}" stroke="${s.colour}" stroke-width="${s.width}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}/>\n<text x="132" y="${ly}" class="legend">${escapeXml(s.label)}</text>`;
  });
  const legs = LEGS.map((leg, i) => {
    const ly = 486 + i * 22;
    return `<rect x="670" y="${ly - 11}" width="26" height="12" fill="${leg.colour}"/>\n<text x="704" y="${ly}" class="legend">${escapeXml(leg.label)}</text>`;
  });
  legs.push(`<line x1="683" x2="683" y1="${486 + LEGS.length * 22 - 14}" y2="${486 + LEGS.length * 22 + 2}" stroke="#111" stroke-width="2"/>\n<text x="704" y="${486 + LEGS.length * 22}" class="legend">the mutation’s response reaches the client</text>`);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="Helvetica, Arial, sans-serif">
${CHART_STYLE}
<rect width="${W}" height="${H}" fill="#ffffff"/>
<text x="${W / 2}" y="24" text-anchor="middle" class="subtitle">${escapeXml(p.title)}</text>
${cdf.svg}
${timeline}
${lines.join('\n')}
${legs.join('\n')}
</svg>
`;
}
