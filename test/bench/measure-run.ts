// One benchmark run on a fresh lab host: a load probe from the root namespace
// for the whole run, and meanwhile N reloads, each started interval-ms after the
// previous one finished, alternating the balance algorithm so each is a real
// change. The `none` baseline holds the same load for a given time, no reload.
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProbeClientMode, ProbeFigures, ReloadResult, StrategyName } from '@hitless/reload';
import { startProbe } from '@hitless/reload';
import { FRONTEND_PORT, type BenchLab } from './bench-lab';
import type { BenchRun } from './bench-types';
import { maximum, median, roundMs, tally } from './stats';

/** Far above a normal reload (well under a second) and above the engine's own verify and rollback timeouts. */
const RELOAD_TIMEOUT_MS = 60_000;
/**
 * The probe's per-request timeout, stated rather than left to the probe's default because
 * it decides what counts as failed: a SYN dropped twice (1 s + 2 s retransmits) exceeds it.
 */
export const PROBE_TIMEOUT_MS = 2000;
/** Failure messages kept per run: enough to understand, bounded however many reloads fail. */
const KEPT_ERRORS = 5;

export type RunPlan =
  | { strategy: StrategyName; client: ProbeClientMode; rate: number; reloads: number; intervalMs: number }
  | { strategy: 'none'; client: ProbeClientMode; rate: number; durationMs: number };

/** The run cannot go on (a reload hung); it is reported as broken rather than measured. */
export class RunBrokenError extends Error {
  override name = 'RunBrokenError';
}

interface ReloadSample {
  reloadId: string;
  outcome: string;
  wallMs: number;
  /** The engine's phases (ms); empty when the reload threw. */
  phases: Record<string, number>;
  error?: string;
}

async function withTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new RunBrokenError(`${what} did not finish within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function oneReload(lab: BenchLab, strategy: StrategyName, index: number, signal: AbortSignal): Promise<ReloadSample> {
  // The lab config starts with roundrobin, so reload 1 switches to leastconn, reload 2 back, and so on.
  const algorithm = index % 2 === 0 ? 'leastconn' : 'roundrobin';
  const reloadId = `bench-${index + 1}`;
  const started = performance.now();
  let result: ReloadResult;
  try {
    result = await withTimeout(
      lab.engine.reload({ reloadId, changes: [{ kind: 'set-balance', backend: 'api', balance: { algorithm } }], strategy }),
      RELOAD_TIMEOUT_MS,
      `reload ${reloadId}`,
    );
  } catch (error) {
    // A Ctrl-C tears the lab down under a running reload; that is no reload failure.
    if (signal.aborted) throw signal.reason;
    if (error instanceof RunBrokenError) throw error;
    return { reloadId, outcome: 'threw', wallMs: performance.now() - started, phases: {}, error: `${reloadId}: ${(error as Error).message}` };
  }
  const wallMs = performance.now() - started;
  const phases = Object.fromEntries(result.phases.map((p) => [p.phase, roundMs(p.ms)]));
  const error = result.outcome === 'succeeded' ? undefined : `${reloadId}: ${result.outcome}: ${result.error ?? 'no error given'}`;
  return { reloadId, outcome: result.outcome, wallMs, phases, error };
}

async function drive(lab: BenchLab, plan: RunPlan, signal: AbortSignal): Promise<ReloadSample[]> {
  if (plan.strategy === 'none') {
    await sleep(plan.durationMs, undefined, { signal });
    return [];
  }
  const samples: ReloadSample[] = [];
  for (let i = 0; i < plan.reloads; i++) {
    await sleep(plan.intervalMs, undefined, { signal });
    samples.push(await oneReload(lab, plan.strategy, i, signal));
  }
  // The last reload's aftermath (old worker leaving, SYNs retransmitted) belongs in the figures too.
  await sleep(plan.intervalMs, undefined, { signal });
  return samples;
}

export async function measureRun(lab: BenchLab, plan: RunPlan, signal: AbortSignal): Promise<BenchRun> {
  const probe = startProbe({
    targets: [{ host: lab.host.address, port: FRONTEND_PORT }],
    ratePerSecond: plan.rate,
    client: plan.client,
    timeoutMs: PROBE_TIMEOUT_MS,
  });
  let samples: ReloadSample[];
  let figures: ProbeFigures;
  try {
    samples = await drive(lab, plan, signal);
  } finally {
    // Stopping waits for the requests in flight, each bounded by the probe's own timeout.
    figures = await probe.stop();
  }
  return summarize(lab, plan, samples, figures);
}

function summarize(lab: BenchLab, plan: RunPlan, samples: ReloadSample[], figures: ProbeFigures): BenchRun {
  const failures = samples.filter((s) => s.outcome !== 'succeeded');
  const wall = samples.map((s) => s.wallMs);
  const phase = samples.flatMap((s) => (s.phases.reload === undefined ? [] : [s.phases.reload]));
  const slowest = samples.reduce<ReloadSample | undefined>((worst, s) => (worst === undefined || s.wallMs > worst.wallMs ? s : worst), undefined);
  const round = (value: number | null) => (value === null ? null : roundMs(value));
  return {
    strategy: plan.strategy,
    client: plan.client,
    haproxy_mode: lab.mode,
    reloads: samples.length,
    reload_failures: failures.length,
    reload_outcomes: tally(samples.map((s) => s.outcome)),
    reload_errors: failures.flatMap((s) => (s.error ? [s.error] : [])).slice(0, KEPT_ERRORS),
    requests: figures.requests,
    failed: figures.failed,
    errors: figures.errors,
    p50_ms: roundMs(figures.p50_ms),
    p99_ms: roundMs(figures.p99_ms),
    max_ms: roundMs(figures.max_ms),
    reload_ms_p50: round(median(wall)),
    reload_ms_max: round(maximum(wall)),
    reload_phase_ms_p50: round(median(phase)),
    reload_slowest: slowest ? { reload_id: slowest.reloadId, wall_ms: roundMs(slowest.wallMs), phases_ms: slowest.phases } : null,
    rate: plan.rate,
    probe_timeout_ms: PROBE_TIMEOUT_MS,
    duration_ms: Math.round(figures.durationMs),
    eventLoopLag_p99_ms: roundMs(figures.eventLoopLag_p99_ms),
    eventLoopLag_max_ms: roundMs(figures.eventLoopLag_max_ms),
  };
}
