// Maintenance windows as a calendar: one row per window, its open periods as
// bars over the coming two weeks in the browser's time zone, and a list below.
import type { CalendarWindow, WindowCalendar } from '@hitless/api-contract';
import { el, replaceChildren, svg, table } from '../dom';
import { formatTime } from '../format';
import { poll } from '../poller';
import { errorBox, type View } from './view';

const DAYS = 14;
const ROW = 26;
const LEFT = 150;
const WIDTH = 980;
const TOP = 22;

function describe(spec: Record<string, unknown>): string {
  if (spec.kind === 'recurring') return `cron ${String(spec.cron)} for ${String(spec.durationMinutes)} min, ${String(spec.timeZone)}`;
  if (spec.kind === 'one-off') return `once, ${formatTime(String(spec.start))} to ${formatTime(String(spec.end))}`;
  return JSON.stringify(spec);
}

function calendar(data: WindowCalendar): SVGSVGElement {
  const from = new Date(data.from);
  // Whole local days, starting at the midnight before `from`.
  const start = new Date(from.getFullYear(), from.getMonth(), from.getDate()).getTime();
  const end = start + DAYS * 86_400_000;
  const x = (t: number) => LEFT + ((Math.min(Math.max(t, start), end) - start) / (end - start)) * (WIDTH - LEFT - 4);
  const height = TOP + Math.max(1, data.windows.length) * ROW + 4;
  const chart = svg('svg', { class: 'calendar', viewBox: `0 0 ${WIDTH} ${height}`, role: 'img', 'aria-label': 'maintenance window calendar', 'data-testid': 'window-calendar' });
  for (let d = 0; d < DAYS; d += 1) {
    const day = new Date(start + d * 86_400_000);
    const x0 = x(day.getTime());
    const x1 = x(day.getTime() + 86_400_000);
    if (day.getDay() === 0 || day.getDay() === 6) chart.appendChild(svg('rect', { class: 'weekend', x: x0, y: TOP, width: x1 - x0, height: height - TOP }));
    chart.appendChild(svg('line', { class: 'day', x1: x0, x2: x0, y1: TOP - 4, y2: height }));
    chart.appendChild(svg('text', { x: x0 + 3, y: TOP - 8 }, `${['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'][day.getDay()]} ${day.getDate()}`));
  }
  data.windows.forEach((w, row) => {
    const y = TOP + row * ROW;
    chart.appendChild(svg('text', { x: 4, y: y + ROW / 2 + 4 }, w.name));
    for (const period of w.periods) {
      const s = Date.parse(period.start);
      const e = Date.parse(period.end);
      if (e < start || s > end) continue;
      chart.appendChild(svg('rect', { class: 'open', x: x(s), y: y + 5, width: Math.max(2, x(e) - x(s)), height: ROW - 10, rx: 2 },
        svg('title', {}, `${w.name}: ${formatTime(period.start)} to ${formatTime(period.end)}`)));
    }
  });
  const now = x(Date.now());
  chart.appendChild(svg('line', { class: 'now', x1: now, x2: now, y1: TOP - 4, y2: height }));
  return chart;
}

function nextOpening(w: CalendarWindow): string {
  const now = Date.now();
  const open = w.periods.find((p) => Date.parse(p.start) <= now && Date.parse(p.end) > now);
  if (open) return `open now, until ${formatTime(open.end)}`;
  const next = w.periods.find((p) => Date.parse(p.start) > now);
  return next ? formatTime(next.start) : `not within ${DAYS} days`;
}

export const windowsView: View = ({ api, root }) => {
  const body = el('div', {}, el('p', { class: 'muted' }, 'Loading…'));
  replaceChildren(root, el('h1', {}, 'Maintenance windows'), body);
  return poll(30_000, async () => {
    try {
      const data = await api.call('getWindowCalendar', { query: { days: DAYS + 1 } });
      replaceChildren(body,
        data.windows.length === 0 ? el('p', { class: 'muted' }, 'No maintenance windows: rollouts run whenever they are started.') : el('div', { class: 'plot' }, calendar(data)),
        el('h2', {}, 'Windows'),
        table(['name', 'when', 'next opening', 'created by'], data.windows.map((w) => [w.name, describe(w.spec), nextOpening(w), w.createdBy]), { 'data-testid': 'window-table' }),
      );
    } catch (error) {
      replaceChildren(body, errorBox(error));
    }
  });
};
