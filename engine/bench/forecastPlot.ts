// A hand-written SVG of the forecast bench: for a few series, daily actuals against the 7-day
// forecasts made at each weekly origin (stitched end to end), their ~95 % band and seasonal naive.
import type { ForecastMethod, ForecastPoint } from '../src/index.ts';
import { chartSvg, escapeXml, frame, gridRow, niceTicks, point, styleSheet, yAxisTitle } from './svgChart.ts';

export interface ForecastPanel {
  /** What the series stands for (fast seller, …), bold. */
  role: string;
  /** Product and location. */
  label: string;
  method: ForecastMethod;
  /** Day index of actual[0] (and dates[0]). */
  firstDay: number;
  actual: number[];
  /** ISO date of each day in actual. */
  dates: string[];
  origins: { origin: number; model: ForecastPoint[]; naive: number[] }[];
  wape: number;
  naiveWape: number;
}

const MODEL = '#d62728';
const NAIVE = '#1f77b4';
const ACTUAL = '#222222';
/** Smaller text than the other charts: four panels with three title lines each. */
const STYLE = styleSheet([
  '.title { font-size: 14px; font-weight: bold; fill: #222; }',
  '.label { font-size: 13px; fill: #222; }',
  '.subtitle { font-size: 13px; fill: #555; }',
  '.note { font-size: 12px; fill: #555; }',
  '.tick { font-size: 11px; fill: #555; }',
  '.axis { font-size: 12px; fill: #333; }',
  '.legend { font-size: 13px; fill: #222; }',
  '.grid { stroke: #e6e6e6; stroke-width: 1; }',
  '.origin { stroke: #bbbbbb; stroke-width: 1; stroke-dasharray: 2 3; }',
  '.frame { fill: none; stroke: #999; stroke-width: 1; }',
]);

const shortDate = (iso: string) => `${['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'][Number(iso.slice(5, 7)) - 1]} ${Number(iso.slice(8, 10))}`;
const pctText = (x: number) => (Number.isFinite(x) ? `${(100 * x).toFixed(0)} %` : '–');

function panel(p: ForecastPanel, x: number, y: number, w: number, h: number): string {
  const n = p.actual.length;
  const box = { x, y, w, h };
  const maxY = Math.max(1, ...p.actual, ...p.origins.flatMap((o) => [...o.model.map((f) => f.upper), ...o.naive]));
  const yt = niceTicks(maxY, 4);
  const top = yt[yt.length - 1]!;
  const sx = (day: number) => x + ((day - p.firstDay + 0.5) / n) * w;
  const sy = (v: number) => y + h - (v / top) * h;
  const xy = (day: number, v: number) => point(sx(day), sy(v));
  const out: string[] = [];
  const label = p.label.length > 64 ? `${p.label.slice(0, 63)}…` : p.label;
  out.push(`<text x="${x}" y="${y - 40}" class="title">${escapeXml(p.role)}</text>`);
  out.push(`<text x="${x}" y="${y - 24}" class="label">${escapeXml(label)}</text>`);
  out.push(`<text x="${x}" y="${y - 8}" class="note">${escapeXml(`${p.method}; WAPE days 1–7 over the ${p.origins.length} origins: model ${pctText(p.wape)}, seasonal naive ${pctText(p.naiveWape)}`)}</text>`);
  for (const v of yt) out.push(gridRow(box, sy(v), String(v), 6));
  for (const o of p.origins) {
    const at = x + ((o.origin - p.firstDay) / n) * w;
    out.push(`<line x1="${at.toFixed(1)}" x2="${at.toFixed(1)}" y1="${y}" y2="${y + h}" class="origin"/>`);
  }
  for (let i = 0; i < n; i += 14) {
    out.push(`<text x="${sx(p.firstDay + i).toFixed(1)}" y="${y + h + 16}" text-anchor="middle" class="tick">${shortDate(p.dates[i]!)}</text>`);
  }
  out.push(frame(box), yAxisTitle(box, 'units / day', 34));
  for (const o of p.origins) {
    const days = o.model.map((_, k) => o.origin + k);
    const band = [...days.map((d, k) => xy(d, o.model[k]!.upper)), ...days.map((d, k) => xy(d, o.model[k]!.lower)).reverse()].join(' ');
    out.push(`<polygon points="${band}" fill="${MODEL}" fill-opacity="0.14" stroke="none"/>`);
    out.push(`<polyline points="${days.map((d, k) => xy(d, o.naive[k]!)).join(' ')}" fill="none" stroke="${NAIVE}" stroke-width="1.5" stroke-dasharray="4 3"/>`);
    out.push(`<polyline points="${days.map((d, k) => xy(d, o.model[k]!.mean)).join(' ')}" fill="none" stroke="${MODEL}" stroke-width="2"/>`);
  }
  out.push(`<polyline points="${p.actual.map((v, i) => xy(p.firstDay + i, v)).join(' ')}" fill="none" stroke="${ACTUAL}" stroke-width="1" stroke-opacity="0.6"/>`);
  for (let i = 0; i < n; i++) out.push(`<circle cx="${sx(p.firstDay + i).toFixed(1)}" cy="${sy(p.actual[i]!).toFixed(1)}" r="2" fill="${ACTUAL}"/>`);
  return out.join('\n');
}

export function renderForecastSvg(panels: ForecastPanel[], subtitle: string): string {
  const W = 1160;
  const cols = 2;
  const rows = Math.ceil(panels.length / cols);
  const pw = 480;
  const ph = 200;
  const top = 100;
  const rowH = ph + 100;
  const H = top + rows * rowH;
  const body = panels.map((p, i) => panel(p, 80 + (i % cols) * 570, top + Math.floor(i / cols) * rowH, pw, ph)).join('\n');
  const ly = H - 24;
  const legend = [
    `<circle cx="90" cy="${ly - 4}" r="3" fill="${ACTUAL}"/><text x="102" y="${ly}" class="legend">actual units</text>`,
    `<line x1="210" x2="244" y1="${ly - 4}" y2="${ly - 4}" stroke="${MODEL}" stroke-width="2"/><text x="252" y="${ly}" class="legend">forecast mean, made at each origin (dotted) for the 7 days after it</text>`,
    `<rect x="730" y="${ly - 11}" width="28" height="12" fill="${MODEL}" fill-opacity="0.14"/><text x="766" y="${ly}" class="legend">~95 % interval</text>`,
    `<line x1="900" x2="934" y1="${ly - 4}" y2="${ly - 4}" stroke="${NAIVE}" stroke-width="1.5" stroke-dasharray="4 3"/><text x="942" y="${ly}" class="legend">seasonal naive</text>`,
  ];
  return chartSvg({ width: W, height: H, style: STYLE, subtitle, body: [body, legend.join('\n')] });
}
