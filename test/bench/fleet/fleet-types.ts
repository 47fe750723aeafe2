// The figures of one fleet size, in the JSON shape design.md fixes for
// `npm run bench:fleet` (plus a few extras that explain them).
import type { StatusQueryFigure } from './status-queries';

export interface FleetRunReport {
  agents: number;
  /** Server CPU (user + system) during the rollout, divided by the hosts reloaded. */
  per_host_cpu_ms: number;
  /** From the step's claim in the database to the agent's answer being recorded. */
  dispatch_to_recorded_ms: { p50: number; p99: number };
  rollout_wall_s: number;
  /** Sum over batches of the slowest host's simulated reload time. */
  rollout_ideal_s: number;
  db_bytes_per_reload: number;
  server_rss_mb: number;
  status_queries: StatusQueryFigure[];
  extra: {
    rollout_state: string;
    batches: number;
    /** dispatch_to_recorded minus the host's own reload time: what the server and the wire add. */
    dispatch_overhead_ms: { p50: number; p99: number };
    db_rows_per_reload: number;
    /** Server CPU per second with the fleet idle (heartbeats only), before the rollout. */
    idle_cpu_ms_per_s: number;
    /**
     * per_host_cpu_ms less the idle rate over the rollout's duration: what the reloads themselves
     * cost, without the heartbeats every host sends whether or not anything is rolled out.
     */
    per_host_cpu_net_of_idle_ms: number;
    server_rss_peak_mb: number;
    enrol_s: number;
    /**
     * Server CPU per host from the first enrolment until the server holds an open connection to
     * every agent: enrolment, first heartbeats, and the TLS connection the scheduler keeps to each
     * agent. Paid once per agent and server start, not per reload.
     */
    enrol_and_connect_cpu_ms: number;
    history_rows: number;
    seed_s: number;
    heartbeat_seconds: number;
    /** Every host answered, its step and its reload row recorded once, no call re-sent. */
    checks: { hosts_succeeded: number; results_recorded_once: number; reloads_called_once: number; reports_delivered: number };
  };
}

export interface FleetBenchReport {
  env: { cores: number; node: string; postgres: string };
  reload_ms: number;
  runs: FleetRunReport[];
}
