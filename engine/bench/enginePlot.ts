// A hand-written SVG of the engine bench: one horizontal bar per timed row (median), a tick at its
// p99, and the 2 ms target of a full decision, on one millisecond axis.
import { escapeXml, niceTicks, svgOpen } from './svgChart.ts';

export interface EngineBar {
  label: string;
  /** Which group the bar belongs to (colour): our code, or the plain-loop peer it is compared with. */
  kind: 'engine' | 'peer';
  medianMs: number;
  p99Ms: number;
}

export function renderEngineSvg(bars: EngineBar[], targetMs: number, caption: string): string {
  const W = 960;
  const rowH = 34;
  const left = 420;
  const right = 40;
  const top = 56;
  const plotW = W - left - right;
  const H = top + bars.length * rowH + 70;
  const xt = niceTicks(Math.max(targetMs, ...bars.map((b) => b.p99Ms)) * 1.3, 6, 0); // room for the labels right of the p99 ticks
  const xMax = xt[xt.length - 1]!;
  const sx = (v: number) => left + (v / xMax) * plotW;
  const out: string[] = [];
  out.push(svgOpen(W, H));
  out.push('<style>.title{font-size:16px;font-weight:bold}.tick{font-size:11px;fill:#555}.label{font-size:12px}.value{font-size:11px;fill:#222}.grid{stroke:#e5e5e5}.note{font-size:11px;fill:#555}</style>');
  out.push(`<rect width="${W}" height="${H}" fill="white"/>`);
  out.push(`<text x="${W / 2}" y="24" text-anchor="middle" class="title">npm run bench:engine — 1,000 candidates, median (bar) and p99 (tick), ms</text>`);
  const plotBottom = top + bars.length * rowH;
  for (const v of xt) {
    out.push(`<line x1="${sx(v).toFixed(1)}" x2="${sx(v).toFixed(1)}" y1="${top - 6}" y2="${plotBottom}" class="grid"/>`);
    out.push(`<text x="${sx(v).toFixed(1)}" y="${plotBottom + 16}" text-anchor="middle" class="tick">${v}</text>`);
  }
  out.push(`<text x="${left + plotW / 2}" y="${plotBottom + 34}" text-anchor="middle" class="tick">milliseconds</text>`);
  bars.forEach((b, i) => {
    const y = top + i * rowH;
    const colour = b.kind === 'engine' ? '#d62728' : '#8c8c8c';
    out.push(`<text x="${left - 10}" y="${y + rowH / 2 + 4}" text-anchor="end" class="label">${escapeXml(b.label)}</text>`);
    out.push(`<rect x="${left}" y="${y + 7}" width="${Math.max(1, sx(b.medianMs) - left).toFixed(1)}" height="${rowH - 14}" fill="${colour}"/>`);
    out.push(`<line x1="${sx(b.p99Ms).toFixed(1)}" x2="${sx(b.p99Ms).toFixed(1)}" y1="${y + 4}" y2="${y + rowH - 4}" stroke="${colour}" stroke-width="2"/>`);
    out.push(`<line x1="${sx(b.medianMs).toFixed(1)}" x2="${sx(b.p99Ms).toFixed(1)}" y1="${y + rowH / 2}" y2="${y + rowH / 2}" stroke="${colour}" stroke-width="1"/>`);
    out.push(`<text x="${(sx(b.p99Ms) + 6).toFixed(1)}" y="${y + rowH / 2 + 4}" class="value">${b.medianMs.toFixed(2)} (p99 ${b.p99Ms.toFixed(2)})</text>`);
  });
  out.push(`<line x1="${sx(targetMs).toFixed(1)}" x2="${sx(targetMs).toFixed(1)}" y1="${top - 10}" y2="${plotBottom}" stroke="#111" stroke-dasharray="5 4" stroke-width="1.5"/>`);
  out.push(`<text x="${(sx(targetMs) + 4).toFixed(1)}" y="${top - 12}" class="tick">target p50 ≤ ${targetMs} ms (full decision)</text>`);
  out.push(`<text x="${W / 2}" y="${H - 10}" text-anchor="middle" class="note">${escapeXml(caption)}</text>`);
  out.push('</svg>');
  return out.join('\n') + '\n';
}
