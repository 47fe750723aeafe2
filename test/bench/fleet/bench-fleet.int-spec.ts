// The fleet benchmark at a tiny size (20 simulated hosts, 20,000 reload rows):
// what a reader of its figures relies on. Speed is shown by the printed
// figures of a full run, never asserted here.
import { benchFleet } from './bench-fleet';
import { fleetTable } from './fleet-table';
import type { FleetBenchReport } from './fleet-types';

const AGENTS = 20;

describe('bench:fleet at a tiny size', () => {
  let report: FleetBenchReport;

  beforeAll(async () => {
    report = await benchFleet(
      { out: '-', agents: [AGENTS], reloadMs: 200, historyRows: 20_000, querySamples: 3, heartbeatSeconds: 2 },
      (line) => process.stdout.write(`${line}\n`),
    );
    process.stdout.write(`${fleetTable(report.runs).join('\n')}\n`);
  }, 180_000);

  it('runs the rollout to success, every host reloaded once and its result recorded exactly once', () => {
    const [run] = report.runs;
    expect(run.agents).toBe(AGENTS);
    expect(run.extra.rollout_state).toBe('succeeded');
    expect(run.extra.batches).toBe(10);
    expect(run.extra.checks).toEqual({ hosts_succeeded: AGENTS, results_recorded_once: AGENTS, reloads_called_once: AGENTS, reports_delivered: AGENTS });
  });

  it('reports every figure of the documented shape', () => {
    const [run] = report.runs;
    for (const value of [run.per_host_cpu_ms, run.dispatch_to_recorded_ms.p50, run.dispatch_to_recorded_ms.p99, run.rollout_wall_s, run.rollout_ideal_s, run.db_bytes_per_reload, run.server_rss_mb]) {
      expect(Number.isFinite(value)).toBe(true);
      expect(value).toBeGreaterThan(0);
    }
    expect(run.extra.history_rows).toBeGreaterThanOrEqual(20_000);
    expect(run.status_queries.map((q) => q.name)).toEqual(
      expect.arrayContaining(['fleet overview', 'hosts: first page', 'rollout detail', 'reloads: newest', 'reloads: one host', 'reloads: failed, last 30 days']),
    );
    for (const query of run.status_queries) {
      // Every host is online, so the offline page is rightly empty.
      if (query.name !== 'hosts: offline') expect(query.rows).toBeGreaterThan(0);
      expect(Number.isFinite(query.p50_ms) && Number.isFinite(query.p99_ms)).toBe(true);
    }
    expect(report.env.cores).toBeGreaterThan(0);
  });
});
