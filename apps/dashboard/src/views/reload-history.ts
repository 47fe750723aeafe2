// Reload history as plots and a table; used by the reloads page and each host's page.
import type { ReloadEntry } from '@hitless/api-contract';
import { badge, el, link, table } from '../dom';
import { formatCount, formatMs, formatTime } from '../format';
import { timePlot, type PlotPoint } from '../svg-plot';

const when = (r: ReloadEntry) => Date.parse(r.finishedAt ?? r.startedAt ?? '');

export function reloadPlots(entries: ReloadEntry[]): HTMLElement {
  const timed = entries.filter((r) => Number.isFinite(when(r)));
  const note = (r: ReloadEntry) => `${r.hostName} ${r.outcome} (${r.strategy}): p99 ${formatMs(r.probe?.p99Ms)}, ${r.failedRequests} failed`;
  const latency: PlotPoint[] = timed.filter((r) => r.probe?.p99Ms !== undefined).map((r) => ({ t: when(r), y: Number(r.probe?.p99Ms ?? 0), bad: r.failedRequests > 0, note: note(r) }));
  const failures: PlotPoint[] = timed.map((r) => ({ t: when(r), y: r.failedRequests, bad: r.failedRequests > 0 || r.outcome !== 'succeeded', note: note(r) }));
  return el('div', { class: 'plots' },
    timePlot({ title: 'Probe p99 latency during reloads', unit: 'ms', kind: 'line', points: latency, testId: 'plot-latency' }),
    timePlot({ title: 'Failed requests per reload', unit: 'requests', kind: 'bar', points: failures, testId: 'plot-failures' }),
  );
}

export function reloadTable(entries: ReloadEntry[]): HTMLElement {
  if (entries.length === 0) return el('p', { class: 'muted' }, 'No reloads recorded.');
  return table(
    ['finished', 'host', 'outcome', 'strategy', { text: 'requests', num: true }, { text: 'failed', num: true }, { text: 'p50', num: true }, { text: 'p99', num: true }, { text: 'max', num: true }, { text: 'probe time', num: true }],
    entries.map((r) => [
      formatTime(r.finishedAt),
      link(r.hostName, 'hosts', r.hostName),
      badge(r.outcome),
      r.strategy,
      formatCount(r.probe?.requests ?? 0),
      r.failedRequests > 0 ? el('strong', { class: 'bad' }, formatCount(r.failedRequests)) : '0',
      formatMs(r.probe?.p50Ms),
      formatMs(r.probe?.p99Ms),
      formatMs(r.probe?.maxMs),
      formatMs(r.probe?.durationMs),
    ]),
    { 'data-testid': 'reload-table' },
  );
}
