// Small SVG plots over time, drawn by hand: reload latency as a line with dots,
// failures as bars. Red marks what an operator should look at.
import { el, svg } from './dom';
import { linearScale } from './plot-scale';

export interface PlotPoint {
  /** Milliseconds since the epoch. */
  t: number;
  y: number;
  bad?: boolean;
  /** Hover text. */
  note?: string;
}

export interface PlotOptions {
  title: string;
  unit: string;
  kind: 'line' | 'bar';
  points: PlotPoint[];
  testId?: string;
}

const WIDTH = 560;
const HEIGHT = 200;
const MARGIN = { left: 48, right: 12, top: 10, bottom: 24 };

function timeLabel(t: number, spanMs: number): string {
  const d = new Date(t);
  const pad = (n: number) => String(n).padStart(2, '0');
  const clock = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  if (spanMs < 10 * 60_000) return `${clock}:${pad(d.getSeconds())}`;
  return spanMs > 36 * 3_600_000 ? `${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${clock}` : clock;
}

export function timePlot(options: PlotOptions): HTMLElement {
  const figure = el('figure', { class: 'plot', 'data-testid': options.testId }, el('figcaption', {}, `${options.title} (${options.unit})`));
  if (options.points.length === 0) {
    figure.appendChild(el('p', { class: 'muted' }, 'No data yet.'));
    return figure;
  }
  const ts = options.points.map((p) => p.t);
  const t0 = Math.min(...ts);
  // One point still gets an axis a minute wide.
  const t1 = Math.max(Math.max(...ts), t0 + 60_000);
  const yMax = Math.max(...options.points.map((p) => p.y), options.kind === 'bar' ? 1 : 0.001);
  const x = linearScale([t0, t1], [MARGIN.left, WIDTH - MARGIN.right]);
  const y = linearScale([0, yMax], [HEIGHT - MARGIN.bottom, MARGIN.top], true);
  const chart = svg('svg', { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, role: 'img', 'aria-label': options.title });
  for (const tick of y.ticks) {
    chart.appendChild(svg('line', { class: 'axis', x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(tick), y2: y(tick) }));
    chart.appendChild(svg('text', { x: MARGIN.left - 4, y: y(tick) + 3, 'text-anchor': 'end' }, String(tick)));
  }
  for (let i = 0; i <= 3; i += 1) {
    const t = t0 + ((t1 - t0) * i) / 3;
    chart.appendChild(svg('text', { x: x(t), y: HEIGHT - 6, 'text-anchor': i === 0 ? 'start' : i === 3 ? 'end' : 'middle' }, timeLabel(t, t1 - t0)));
  }
  const sorted = [...options.points].sort((a, b) => a.t - b.t);
  if (options.kind === 'line') {
    chart.appendChild(svg('polyline', { class: 'series', points: sorted.map((p) => `${x(p.t).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ') }));
    for (const p of sorted) {
      chart.appendChild(svg('circle', { class: p.bad ? 'dot bad' : 'dot', cx: x(p.t), cy: y(p.y), r: 3 }, p.note ? svg('title', {}, p.note) : null));
    }
  } else {
    const width = Math.max(2, Math.min(12, (WIDTH - MARGIN.left - MARGIN.right) / Math.max(1, sorted.length) - 1));
    for (const p of sorted) {
      const top = y(p.y);
      // Zero-height bars still show that a reload happened there.
      const height = Math.max(1, HEIGHT - MARGIN.bottom - top);
      chart.appendChild(svg('rect', { class: p.bad ? 'bar bad' : 'bar', x: x(p.t) - width / 2, y: HEIGHT - MARGIN.bottom - height, width, height }, p.note ? svg('title', {}, p.note) : null));
    }
  }
  figure.appendChild(chart);
  return figure;
}
