// The side-by-side table bench:plug and the load test print: one line per run.
import type { PlugBenchReport, PlugBenchRun } from './plug-bench-types';

const COLUMNS: Array<[string, (run: PlugBenchRun) => string]> = [
  ['path', (r) => r.path],
  ['strategy', (r) => r.strategy],
  ['reloads', (r) => String(r.reloads)],
  ['reload fails', (r) => String(r.reload_failures)],
  ['requests', (r) => String(r.requests)],
  ['failed', (r) => String(r.failed)],
  ['errors', (r) => Object.entries(r.errors).map(([code, n]) => `${code}:${n}`).join(' ') || '-'],
  ['p50 ms', (r) => r.p50_ms.toFixed(1)],
  ['p99 ms', (r) => r.p99_ms.toFixed(1)],
  ['max ms', (r) => r.max_ms.toFixed(1)],
  ['reload ms p50', (r) => (r.reload_ms_p50 === null ? '-' : r.reload_ms_p50.toFixed(0))],
];

export function formatPlugTable(report: PlugBenchReport): string {
  const rows = [COLUMNS.map(([title]) => title), ...report.runs.map((run) => COLUMNS.map(([, cell]) => cell(run)))];
  const widths = COLUMNS.map((_, i) => Math.max(...rows.map((row) => row[i].length)));
  const line = (row: string[]) => row.map((cell, i) => (i < 2 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  ').trimEnd();
  return [
    `kernel lab: kernel ${report.env.kernel}, HAProxy ${report.env.haproxy}, ${report.env.cores} vCPUs (QEMU TCG); wrk -c ${report.settings.connections} ` +
      `(Connection: close), ${report.settings.reloads} reloads ${report.settings.interval_ms} ms apart; latencies exclude connect time`,
    line(rows[0]),
    widths.map((w) => '-'.repeat(w)).join('  '),
    ...rows.slice(1).map(line),
    ...report.runs.flatMap((run) => run.reload_errors.map((error) => `reload failure in ${run.strategy}/${run.path}: ${error}`)),
  ].join('\n');
}
