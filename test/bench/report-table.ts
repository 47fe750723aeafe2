// The side-by-side table printed at the end of a benchmark: one line per run,
// then what was skipped (and why) and what broke.
import type { BenchReport, BenchRun } from './bench-types';
import { Column, errorsCell, renderTable } from './text-table';

const COLUMNS: Column<BenchRun>[] = [
  ['strategy', (r) => r.strategy],
  ['client', (r) => r.client],
  ['haproxy', (r) => r.haproxy_mode],
  ['reloads', (r) => String(r.reloads)],
  ['reload fails', (r) => String(r.reload_failures)],
  ['requests', (r) => String(r.requests)],
  ['failed', (r) => String(r.failed)],
  ['errors', (r) => errorsCell(r.errors)],
  ['p50 ms', (r) => r.p50_ms.toFixed(1)],
  ['p99 ms', (r) => r.p99_ms.toFixed(1)],
  ['max ms', (r) => r.max_ms.toFixed(1)],
  ['reload ms p50', (r) => (r.reload_ms_p50 === null ? '-' : r.reload_ms_p50.toFixed(1))],
  ['loop lag max', (r) => r.eventLoopLag_max_ms.toFixed(1)],
];

export function formatTable(report: BenchReport): string {
  const lines = [
    `kernel ${report.env.kernel}, HAProxy ${report.env.haproxy}, ${report.env.cores} cores; ` +
      `${report.settings.rate} req/s, ${report.settings.reloads} reloads ${report.settings.interval_ms} ms apart`,
    ...renderTable(COLUMNS, report.runs, 3),
  ];
  for (const skipped of report.skipped) lines.push(`skipped ${skipped.strategy}: ${skipped.reason}`);
  for (const broken of report.broken_runs) lines.push(`BROKEN ${broken.strategy}/${broken.client}: ${broken.error}`);
  for (const run of report.runs) {
    for (const error of run.reload_errors) lines.push(`reload failure in ${run.strategy}/${run.client}: ${error}`);
  }
  return lines.join('\n');
}
