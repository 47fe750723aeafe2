// The fleet figures side by side, one column per fleet size, with the goal
// each is held against: the trend is read across a row.
import { renderTable, type Column } from '../text-table';
import type { FleetRunReport } from './fleet-types';

interface Line {
  figure: string;
  goal: string;
  cells: string[];
}

const num = (value: number, digits = 1) => (Number.isFinite(value) ? value.toFixed(digits) : '-');

function lines(runs: readonly FleetRunReport[]): Line[] {
  const row = (figure: string, goal: string, cell: (run: FleetRunReport) => string): Line => ({ figure, goal, cells: runs.map(cell) });
  return [
    row('server CPU per host reload (ms)', '<= 5', (r) => num(r.per_host_cpu_ms, 2)),
    row('  net of idle heartbeat load (ms)', '', (r) => num(r.extra.per_host_cpu_net_of_idle_ms, 2)),
    row('server CPU idle (ms/s, heartbeats)', '', (r) => num(r.extra.idle_cpu_ms_per_s)),
    row('dispatch->recorded p50 (ms)', '', (r) => num(r.dispatch_to_recorded_ms.p50)),
    row('dispatch->recorded p99 (ms)', '', (r) => num(r.dispatch_to_recorded_ms.p99)),
    row('  of which overhead p50 (ms)', '', (r) => num(r.extra.dispatch_overhead_ms.p50)),
    row('  of which overhead p99 (ms)', '', (r) => num(r.extra.dispatch_overhead_ms.p99)),
    row('rollout wall (s)', '', (r) => num(r.rollout_wall_s, 2)),
    row('rollout ideal (s)', '', (r) => num(r.rollout_ideal_s, 2)),
    row('wall over ideal (%)', '<= 10', (r) => num((r.rollout_wall_s / r.rollout_ideal_s - 1) * 100)),
    row('DB rows per reload', '', (r) => num(r.extra.db_rows_per_reload, 2)),
    row('DB bytes per reload', '', (r) => String(r.db_bytes_per_reload)),
    row('server RSS (MB)', '', (r) => num(r.server_rss_mb)),
    row('enrolment (s)', '', (r) => num(r.extra.enrol_s)),
    row('server CPU per host to enrol and connect, once (ms)', '', (r) => num(r.extra.enrol_and_connect_cpu_ms, 2)),
    row('rollout state', 'succeeded', (r) => r.extra.rollout_state),
    row('results recorded once', 'all', (r) => `${r.extra.checks.results_recorded_once}/${r.agents}`),
    ...(runs[0]?.status_queries ?? []).flatMap((query, i) => [
      row(`${query.name} p50 (ms)`, '', (r) => num(r.status_queries[i]?.p50_ms ?? NaN)),
      row(`${query.name} p99 (ms)`, '<= 100', (r) => num(r.status_queries[i]?.p99_ms ?? NaN)),
    ]),
  ];
}

export function fleetTable(runs: readonly FleetRunReport[]): string[] {
  const columns: Column<Line>[] = [
    ['figure', (line) => line.figure],
    ...runs.map((run, i): Column<Line> => [`${run.agents} agents`, (line) => line.cells[i]]),
    ['goal', (line) => line.goal],
  ];
  const notes = (runs[0]?.status_queries ?? []).flatMap((q) => (q.note ? [`note: ${q.name}: ${q.note}`] : []));
  const history = runs.map((r) => `${r.agents}: ${r.extra.history_rows}`).join(', ');
  return [...renderTable(columns, lines(runs), 1), `reload rows when the status queries ran: ${history}`, ...notes];
}
