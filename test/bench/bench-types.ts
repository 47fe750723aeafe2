// The benchmark's vocabulary and the JSON it writes (see design.md, "Interfaces
// other parts rely on": the bench:reload output shape).
import { PROBE_CLIENT_MODES, type ProbeClientMode, type StrategyName } from '@hitless/reload';
import type { KernelCounters } from './kernel-counters';

/** `none` is the baseline: the same load on the same kind of host, with no reload. */
export type BenchStrategy = StrategyName | 'none';

export const BENCH_STRATEGIES: readonly BenchStrategy[] = ['none', 'seamless', 'naive', 'syn-drop', 'migrate', 'plug'];
export const BENCH_CLIENTS: readonly ProbeClientMode[] = PROBE_CLIENT_MODES;

export interface BenchEnv {
  kernel: string;
  haproxy: string;
  cores: number;
}

export interface BenchRun {
  strategy: BenchStrategy;
  client: ProbeClientMode;
  /** How HAProxy ran on the lab host for this run. */
  haproxy_mode: 'master-worker' | 'daemon';
  /** Reloads attempted (each one an engine.reload call). */
  reloads: number;
  /** Reloads whose outcome was not `succeeded`, or that threw. */
  reload_failures: number;
  /** Outcome (or `threw`) -> count, over all reloads of the run. */
  reload_outcomes: Record<string, number>;
  /** The first few failure messages, so a failed reload can be understood from the JSON alone. */
  reload_errors: string[];
  requests: number;
  failed: number;
  errors: Record<string, number>;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  /**
   * p99_ms over the p99 of the `none` baseline for the same client kind in the same invocation
   * (1 for the baseline itself); null when there is no baseline to divide by.
   */
  p99_ratio: number | null;
  /**
   * Deltas of the kernel's TCP counters in the load balancer's namespace over the run (see
   * kernel-counters.ts; OutRsts there includes HAProxy's resets to its own backends), and
   * RstToClients: the resets that left towards clients (client-resets.ts).
   */
  kernel: KernelCounters & { RstToClients: number | null };
  /**
   * `run`: the namespace served this run alone. `strategy`: the client kinds of one soak ran side
   * by side on one host, so each of their runs carries the same host-wide counters (count them once).
   */
  kernel_scope: 'run' | 'strategy';
  /** Median wall time of engine.reload (render, validate, write, restart, verify); null without reloads. */
  reload_ms_p50: number | null;
  reload_ms_max: number | null;
  /** Median of the engine's `reload` phase alone (the restart itself); null without reloads. */
  reload_phase_ms_p50: number | null;
  /** The slowest reload's engine phases, to tell what a long reload waited for. */
  reload_slowest: { reload_id: string; wall_ms: number; phases_ms: Record<string, number> } | null;
  rate: number;
  /** A request not answered within this is failed as ETIMEDOUT. */
  probe_timeout_ms: number;
  duration_ms: number;
  eventLoopLag_p99_ms: number;
  eventLoopLag_max_ms: number;
}

export interface SkippedStrategy {
  strategy: BenchStrategy;
  /** The host capability probe's own reason. */
  reason: string;
}

/** A run that could not be carried out at all (lab set-up failed, a reload hung, ...). */
export interface BrokenRun {
  strategy: BenchStrategy;
  client: ProbeClientMode;
  error: string;
}

export interface BenchReport {
  env: BenchEnv;
  settings: { rate: number; reloads: number; interval_ms: number; strategies: BenchStrategy[]; clients: ProbeClientMode[] };
  runs: BenchRun[];
  skipped: SkippedStrategy[];
  broken_runs: BrokenRun[];
  started_at: string;
  finished_at: string;
}
