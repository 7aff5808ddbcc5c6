// The SVG pieces every bench plot shares (engine, launcher and gateway benches), so the charts in
// docs/bench look alike and each plot module only says what it draws: escaping, round axis ticks,
// the stylesheet, the document around a chart, a panel's frame, grid, titles and lines, a legend.

export const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/**
 * Ticks from 0 in round steps (1, 2, 2.5 or 5 × 10ⁿ, about `count` of them) up to the first at or
 * just past `max`; [0, 1] when there is nothing to show. `slack` is how far past max (relative) the
 * last tick may still count as covering it; the engine plot has always used 0.
 */
export function niceTicks(max: number, count = 5, slack = 1e-4): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw)!;
  const out: number[] = [];
  for (let v = 0; v <= max * (1 + slack) + step * 0.999; v += step) out.push(Math.round(v * 1e6) / 1e6);
  return out;
}

/** 1500 → "1.5k", 2000 → "2k", 999 → "999": counts on an axis or in a label. */
export const thousands = (v: number) => (v >= 1000 ? `${Number.isInteger(v / 1000) ? v / 1000 : (v / 1000).toFixed(1)}k` : String(v));

// ---- the document

export function styleSheet(rules: readonly string[]): string {
  return `<style>\n${rules.map((r) => `  ${r}`).join('\n')}\n</style>`;
}

/** The classes the panels below use. */
export const CHART_RULES: readonly string[] = [
  '.title { font-size: 16px; font-weight: bold; fill: #222; }',
  '.subtitle { font-size: 13px; fill: #555; }',
  '.tick { font-size: 12px; fill: #555; }',
  '.axis { font-size: 13px; fill: #333; }',
  '.legend { font-size: 13px; fill: #222; }',
  '.grid { stroke: #e6e6e6; stroke-width: 1; }',
  '.frame { fill: none; stroke: #999; stroke-width: 1; }',
];
export const CHART_STYLE = styleSheet(CHART_RULES);

/** The opening <svg> tag; `attributes` (with a leading space) are added to it. */
export function svgOpen(width: number, height: number, attributes = ''): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="Helvetica, Arial, sans-serif"${attributes}>`;
}

/** A whole chart: stylesheet, white background, a centred subtitle line, then the body's parts, one a line. */
export function chartSvg(c: { width: number; height: number; style?: string; subtitle: string; subtitleY?: number; body: readonly string[] }): string {
  return `${svgOpen(c.width, c.height)}
${c.style ?? CHART_STYLE}
<rect width="${c.width}" height="${c.height}" fill="#ffffff"/>
<text x="${c.width / 2}" y="${c.subtitleY ?? 26}" text-anchor="middle" class="subtitle">${escapeXml(c.subtitle)}</text>
${c.body.join('\n')}
</svg>
`;
}

// ---- a panel: a framed plot area

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Stroke {
  colour: string;
  dash?: string;
  /** 2 unless said. */
  width?: number;
}

export const strokeAttributes = (s: Stroke) => `stroke="${s.colour}" stroke-width="${s.width ?? 2}"${s.dash ? ` stroke-dasharray="${s.dash}"` : ''}`;

/** One vertex of a polyline's points, to a tenth of a pixel. */
export const point = (x: number, y: number) => `${x.toFixed(1)},${y.toFixed(1)}`;

export const polyline = (points: readonly string[], s: Stroke) => `<polyline points="${points.join(' ')}" fill="none" ${strokeAttributes(s)} stroke-linejoin="round"/>`;

export const panelTitle = (b: Box, title: string, gap = 14) => `<text x="${b.x + b.w / 2}" y="${b.y - gap}" text-anchor="middle" class="title">${escapeXml(title)}</text>`;

export const frame = (b: Box) => `<rect x="${b.x}" y="${b.y}" width="${b.w}" height="${b.h}" class="frame"/>`;

/** A horizontal grid line at `y` across the panel, its label left of the frame. */
export function gridRow(b: Box, y: number, label: string, labelGap = 8): string {
  return `<line x1="${b.x}" x2="${b.x + b.w}" y1="${y.toFixed(1)}" y2="${y.toFixed(1)}" class="grid"/>
<text x="${b.x - labelGap}" y="${(y + 4).toFixed(1)}" text-anchor="end" class="tick">${escapeXml(label)}</text>`;
}

/** A vertical grid line at `x` down the panel, its label under the frame. */
export function gridColumn(b: Box, x: number, label: string): string {
  return `<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${b.y}" y2="${b.y + b.h}" class="grid"/>
<text x="${x.toFixed(1)}" y="${b.y + b.h + 18}" text-anchor="middle" class="tick">${escapeXml(label)}</text>`;
}

export const xAxisTitle = (b: Box, text: string) => `<text x="${b.x + b.w / 2}" y="${b.y + b.h + 40}" text-anchor="middle" class="axis">${escapeXml(text)}</text>`;

/** The y axis's title, turned up along the axis, `gap` left of the frame (room for the tick labels). */
export const yAxisTitle = (b: Box, text: string, gap = 62) => `<text transform="translate(${b.x - gap} ${b.y + b.h / 2}) rotate(-90)" text-anchor="middle" class="axis">${escapeXml(text)}</text>`;

// ---- line charts

export interface LegendEntry extends Stroke {
  label: string;
}

export interface Series extends LegendEntry {
  points: { x: number; y: number }[];
}

/**
 * One framed line chart from 0 on both axes, with grid, tick labels, axis titles and its series
 * (no legend). The axes end at the round tick covering xMax and yMax (by default the data's).
 */
export function linePanel(p: Box & { title: string; xLabel: string; yLabel: string; xFormat: (v: number) => string; yFormat: (v: number) => string; series: Series[]; xMax?: number; yMax?: number }): string {
  const maxY = p.yMax ?? Math.max(1e-9, ...p.series.flatMap((s) => s.points.map((q) => q.y)));
  const yt = niceTicks(maxY);
  const top = yt[yt.length - 1]!;
  const xt = niceTicks(p.xMax ?? Math.max(1e-9, ...p.series.flatMap((s) => s.points.map((q) => q.x))));
  const right = xt[xt.length - 1]!;
  const sx = (v: number) => p.x + (v / right) * p.w;
  const sy = (v: number) => p.y + p.h - (Math.min(v, top) / top) * p.h;
  const out: string[] = [panelTitle(p, p.title)];
  for (const v of yt) out.push(gridRow(p, sy(v), p.yFormat(v)));
  for (const v of xt) out.push(gridColumn(p, sx(v), p.xFormat(v)));
  out.push(frame(p), xAxisTitle(p, p.xLabel), yAxisTitle(p, p.yLabel));
  for (const s of p.series) out.push(polyline(s.points.map((q) => point(sx(Math.min(q.x, right)), sy(q.y))), s));
  return out.join('\n');
}

/** A legend of line samples and labels, `perRow` to a row, rows 24 px apart. */
export function legend(entries: readonly LegendEntry[], x: number, y: number, perRow: number, columnWidth: number): string {
  return entries
    .map((s, i) => {
      const lx = x + (i % perRow) * columnWidth;
      const ly = y + Math.floor(i / perRow) * 24;
      return `<line x1="${lx}" x2="${lx + 34}" y1="${ly - 4}" y2="${ly - 4}" ${strokeAttributes(s)}/>\n<text x="${lx + 42}" y="${ly}" class="legend">${escapeXml(s.label)}</text>`;
    })
    .join('\n');
}
