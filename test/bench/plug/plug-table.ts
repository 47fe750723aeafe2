// The side-by-side table bench:plug and the load test print: one line per run.
import { describeSoftLockup } from '@hitless/kernel-lab';
import { Column, errorsCell, renderTable } from '../text-table';
import type { PlugBenchReport, PlugBenchRun } from './plug-bench-types';

const COLUMNS: Column<PlugBenchRun>[] = [
  ['path', (r) => r.path],
  ['strategy', (r) => r.strategy],
  ['reloads', (r) => String(r.reloads)],
  ['reload fails', (r) => String(r.reload_failures)],
  ['requests', (r) => String(r.requests)],
  ['failed', (r) => String(r.failed)],
  ['errors', (r) => errorsCell(r.errors)],
  ['p50 ms', (r) => r.p50_ms.toFixed(1)],
  ['p99 ms', (r) => r.p99_ms.toFixed(1)],
  ['max ms', (r) => r.max_ms.toFixed(1)],
  ['reload ms p50', (r) => (r.reload_ms_p50 === null ? '-' : r.reload_ms_p50.toFixed(0))],
];

export function formatPlugTable(report: PlugBenchReport): string {
  return [
    `kernel lab: kernel ${report.env.kernel}, HAProxy ${report.env.haproxy}, ${report.env.cores} vCPUs (QEMU TCG); wrk -c ${report.settings.connections} ` +
      `(Connection: close), ${report.settings.reloads} reloads ${report.settings.interval_ms} ms apart; latencies exclude connect time`,
    ...renderTable(COLUMNS, report.runs, 2),
    ...report.runs.flatMap((run) => run.reload_errors.map((error) => `reload failure in ${run.strategy}/${run.path}: ${error}`)),
    ...(report.guest_soft_lockups ?? []).map((lockup) => `guest CPU stall, recovered (the emulator, not the strategy): ${describeSoftLockup(lockup)}`),
  ].join('\n');
}
