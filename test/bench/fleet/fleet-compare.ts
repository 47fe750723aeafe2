// Before and after side by side: a baseline report (an earlier run's JSON) next
// to this run, per fleet size, for the headline figures and the goals.
import { renderTable, type Column } from '../text-table';
import type { FleetBenchReport, FleetRunReport } from './fleet-types';

interface Figure {
  name: string;
  goal: string;
  value: (run: FleetRunReport) => number;
  digits: number;
}

const FIGURES: Figure[] = [
  { name: 'server CPU per host reload (ms)', goal: '<= 5', value: (r) => r.per_host_cpu_ms, digits: 2 },
  // Absent from reports written before it existed: those print '-'.
  { name: '  net of idle heartbeat load (ms)', goal: '', value: (r) => r.extra.per_host_cpu_net_of_idle_ms ?? NaN, digits: 2 },
  { name: 'dispatch->recorded p50 (ms)', goal: '', value: (r) => r.dispatch_to_recorded_ms.p50, digits: 0 },
  { name: 'dispatch->recorded p99 (ms)', goal: '', value: (r) => r.dispatch_to_recorded_ms.p99, digits: 0 },
  { name: 'rollout wall (s)', goal: '', value: (r) => r.rollout_wall_s, digits: 2 },
  { name: 'rollout ideal (s)', goal: '', value: (r) => r.rollout_ideal_s, digits: 2 },
  { name: 'wall over ideal (%)', goal: '<= 10', value: (r) => (r.rollout_wall_s / r.rollout_ideal_s - 1) * 100, digits: 1 },
  { name: 'DB bytes per reload', goal: '', value: (r) => r.db_bytes_per_reload, digits: 0 },
  { name: 'server RSS (MB)', goal: '', value: (r) => r.server_rss_mb, digits: 1 },
  { name: 'server CPU idle (ms/s)', goal: '', value: (r) => r.extra.idle_cpu_ms_per_s, digits: 1 },
];

interface Line {
  figure: string;
  goal: string;
  cells: string[];
}

function cell(run: FleetRunReport | undefined, value: (run: FleetRunReport) => number | undefined, digits: number): string {
  const v = run ? value(run) : undefined;
  return v === undefined || !Number.isFinite(v) ? '-' : v.toFixed(digits);
}

export function comparisonTable(before: FleetBenchReport, after: FleetBenchReport): string[] {
  const sizes = after.runs.map((run) => run.agents);
  const pair = (agents: number) => [before.runs.find((r) => r.agents === agents), after.runs.find((r) => r.agents === agents)] as const;
  const lines: Line[] = FIGURES.map((figure) => ({
    figure: figure.name,
    goal: figure.goal,
    cells: sizes.flatMap((agents) => pair(agents).map((run) => cell(run, figure.value, figure.digits))),
  }));
  const queries = after.runs[0]?.status_queries.map((q) => q.name) ?? [];
  for (const name of queries) {
    lines.push({
      figure: `${name} p99 (ms)`,
      goal: '<= 100',
      cells: sizes.flatMap((agents) => pair(agents).map((run) => cell(run, (r) => r.status_queries.find((q) => q.name === name)?.p99_ms, 1))),
    });
  }
  const columns: Column<Line>[] = [
    ['figure', (line) => line.figure],
    ...sizes.flatMap((agents, i): Column<Line>[] => [
      [`${agents} before`, (line) => line.cells[2 * i]],
      [`${agents} after`, (line) => line.cells[2 * i + 1]],
    ]),
    ['goal', (line) => line.goal],
  ];
  return renderTable(columns, lines, 1);
}
