// A hand-written SVG of bench:offers: the latency distribution of every measured request per
// variant (CDF, left) and each variant's throughput round by round (right).
import { chartSvg, legend, linePanel, type Series } from '../../engine/bench/svgChart.ts';
import { percentile, pooledSorted } from './common.ts';

export interface PlottedVariant {
  /** Legend label. */
  label: string;
  colour: string;
  /** Every measured window's latencies, each sorted. */
  latencies: Float64Array[];
  /** Requests per second, per round. */
  rounds: { round: number; rps: number }[];
}

export function renderOffersLatencySvg(r: { variants: PlottedVariant[]; concurrency: number; rounds: number; world: { customers: number; products: number } }): string {
  const all = r.variants.map((v) => pooledSorted(v.latencies));
  const xMax = Math.max(...all.map((a) => percentile(a, 0.995)));
  const cdf: Series[] = r.variants.map((v, i) => {
    const a = all[i]!;
    const points: { x: number; y: number }[] = [{ x: 0, y: 0 }];
    const steps = 200;
    for (let k = 1; k <= steps; k++) {
      const q = k / steps;
      points.push({ x: percentile(a, q), y: 100 * q });
    }
    return { label: v.label, colour: v.colour, points };
  });
  const left = linePanel({ x: 95, y: 70, w: 440, h: 340, title: `Latency at concurrency ${r.concurrency} (all measured requests)`, xLabel: 'latency, ms', yLabel: 'share of requests, %', xFormat: (v) => String(v), yFormat: (v) => `${v}`, series: cdf, xMax, yMax: 100 });
  const throughput: Series[] = r.variants.map((v) => ({ label: v.label, colour: v.colour, points: v.rounds.map((w) => ({ x: w.round, y: w.rps })) }));
  const right = linePanel({ x: 685, y: 70, w: 440, h: 340, title: 'Throughput per round (variants take turns)', xLabel: 'round', yLabel: 'requests / s', xFormat: (v) => String(v), yFormat: (v) => String(v), series: throughput, xMax: r.rounds });
  const subtitle = `npm run bench:offers — small world (${r.world.customers} customers, ${r.world.products} products), limit 3, WEB and STORE, ${r.concurrency} keep-alive clients, ${r.rounds} rounds`;
  return chartSvg({ width: 1160, height: 540, subtitle, subtitleY: 24, body: [left, right, legend(cdf, 95, 490, 3, 380)] });
}
