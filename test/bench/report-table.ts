// The side-by-side table printed at the end of a benchmark: one line per run,
// then what was skipped (and why) and what broke.
import type { BenchReport, BenchRun } from './bench-types';
import { shortCounter } from './kernel-counters';
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
  ['p99/none', (r) => (r.p99_ratio === null ? '-' : r.p99_ratio.toFixed(2))],
  ['reload ms p50', (r) => (r.reload_ms_p50 === null ? '-' : r.reload_ms_p50.toFixed(1))],
  // The kernel's view from the load balancer's namespace (deltas over the run).
  ['listen drops', (r) => shortCounter(r.kernel.ListenDrops)],
  ['overflows', (r) => shortCounter(r.kernel.ListenOverflows)],
  ['migrated ok/fail', (r) => `${shortCounter(r.kernel.TCPMigrateReqSuccess)}/${shortCounter(r.kernel.TCPMigrateReqFailure)}`],
  ['abort on close', (r) => shortCounter(r.kernel.TCPAbortOnClose)],
  ['rst to clients', (r) => shortCounter(r.kernel.RstToClients)],
  ['loop lag max', (r) => r.eventLoopLag_max_ms.toFixed(1)],
];

export function runTableLines(runs: readonly BenchRun[]): string[] {
  return renderTable(COLUMNS, runs, 3);
}

export function reloadFailureLines(runs: readonly BenchRun[]): string[] {
  return runs.flatMap((run) => run.reload_errors.map((error) => `reload failure in ${run.strategy}/${run.client}: ${error}`));
}

export function formatTable(report: BenchReport): string {
  const lines = [
    `kernel ${report.env.kernel}, HAProxy ${report.env.haproxy}, ${report.env.cores} cores; ` +
      `${report.settings.rate} req/s, ${report.settings.reloads} reloads ${report.settings.interval_ms} ms apart`,
    ...runTableLines(report.runs),
    ...report.skipped.map((skipped) => `skipped ${skipped.strategy}: ${skipped.reason}`),
    ...report.broken_runs.map((broken) => `BROKEN ${broken.strategy}/${broken.client}: ${broken.error}`),
    ...reloadFailureLines(report.runs),
  ];
  return lines.join('\n');
}
