// One timed reload of a lab host, and the reload figures of a run: what every
// benchmark (bench:reload, bench:soak) records about the reloads it made.
import { performance } from 'node:perf_hooks';
import type { ReloadResult, StrategyName } from '@hitless/reload';
import type { BenchLab } from './bench-lab';
import type { BenchRun } from './bench-types';
import { maximum, median, roundMs, tally } from './stats';

/** Far above a normal reload (well under a second) and above the engine's own verify and rollback timeouts. */
const RELOAD_TIMEOUT_MS = 60_000;
/** Failure messages kept per run: enough to understand, bounded however many reloads fail. */
const KEPT_ERRORS = 5;

/** The run cannot go on (a reload hung); it is reported as broken rather than measured. */
export class RunBrokenError extends Error {
  override name = 'RunBrokenError';
}

export interface ReloadSample {
  reloadId: string;
  outcome: string;
  wallMs: number;
  /** The engine's phases (ms); empty when the reload threw. */
  phases: Record<string, number>;
  error?: string;
}

export type ReloadFigures = Pick<
  BenchRun,
  'reloads' | 'reload_failures' | 'reload_outcomes' | 'reload_errors' | 'reload_ms_p50' | 'reload_ms_max' | 'reload_phase_ms_p50' | 'reload_slowest'
>;

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

/** Reload `index` of a run; the lab config starts with roundrobin, so reload 1 switches to leastconn, reload 2 back, and so on. */
export async function oneReload(lab: BenchLab, strategy: StrategyName, index: number, signal: AbortSignal): Promise<ReloadSample> {
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

export function reloadFigures(samples: readonly ReloadSample[]): ReloadFigures {
  const failures = samples.filter((s) => s.outcome !== 'succeeded');
  const wall = samples.map((s) => s.wallMs);
  const phase = samples.flatMap((s) => (s.phases.reload === undefined ? [] : [s.phases.reload]));
  const slowest = samples.reduce<ReloadSample | undefined>((worst, s) => (worst === undefined || s.wallMs > worst.wallMs ? s : worst), undefined);
  const round = (value: number | null) => (value === null ? null : roundMs(value));
  return {
    reloads: samples.length,
    reload_failures: failures.length,
    reload_outcomes: tally(samples.map((s) => s.outcome)),
    reload_errors: failures.flatMap((s) => (s.error ? [s.error] : [])).slice(0, KEPT_ERRORS),
    reload_ms_p50: round(median(wall)),
    reload_ms_max: round(maximum(wall)),
    reload_phase_ms_p50: round(median(phase)),
    reload_slowest: slowest ? { reload_id: slowest.reloadId, wall_ms: roundMs(slowest.wallMs), phases_ms: slowest.phases } : null,
  };
}
