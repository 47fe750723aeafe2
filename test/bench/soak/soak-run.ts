// One strategy's soak on one lab host: every client kind at once, each by its
// own probe at its own rate, for the planned time, while the reloads are spread
// evenly over it (one starts as soon as the previous finished when they fall
// behind). Live progress goes out every few seconds. A hard deadline ends the
// run even if the reloads have not all been made; the run then says so.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessRunner } from '@hitless/process';
import type { ProbeClientMode, ProbeFigures } from '@hitless/reload';
import { FRONTEND_PORT, type BenchLab } from '../bench-lab';
import type { BenchRun, BenchStrategy } from '../bench-types';
import { PROBE_TIMEOUT_MS, runFigures, watchKernel } from '../measure-run';
import { oneReload, reloadFigures, type ReloadSample } from '../reload-sampler';
import { startWorkerProbe, type WorkerProbe } from './worker-probe';

const PROGRESS_EVERY_MS = 5000;
/** After the last reload, its aftermath (old worker leaving, retransmitted SYNs) is measured too. */
const SETTLE_MS = 1000;

export interface SoakPlan {
  strategy: BenchStrategy;
  /** Requests per second per client kind; a kind missing here is not run. */
  rates: Partial<Record<ProbeClientMode, number>>;
  durationMs: number;
  /** 0 for the baseline. */
  reloads: number;
  /** Date.now() past which the run stops whatever it has done. */
  deadline: number;
}

export interface SoakOutcome {
  runs: BenchRun[];
  /** Why the run stopped before making every reload; undefined when it did. */
  incomplete?: string;
}

/** When reload `index` (0-based) of `reloads` is due, from the start, spread evenly over the run. */
export function reloadDueMs(index: number, reloads: number, durationMs: number): number {
  return ((index + 1) * durationMs) / (reloads + 1);
}

/** `previous` carries the count and time of the last line, for the rate since then; it is updated. */
export function progressLine(
  plan: Pick<SoakPlan, 'strategy' | 'durationMs' | 'reloads'>,
  elapsedMs: number,
  reloadsDone: number,
  figures: ReadonlyArray<readonly [ProbeClientMode, Pick<ProbeFigures, 'requests' | 'failed'>]>,
  previous: { requests: number; atMs: number },
): string {
  let requests = 0;
  const failures: string[] = [];
  for (const [client, f] of figures) {
    requests += f.requests;
    failures.push(`${client} ${f.failed}`);
  }
  const rate = elapsedMs > previous.atMs ? ((requests - previous.requests) * 1000) / (elapsedMs - previous.atMs) : 0;
  previous.requests = requests;
  previous.atMs = elapsedMs;
  return `${plan.strategy}: ${Math.round(elapsedMs / 1000)}/${Math.round(plan.durationMs / 1000)} s, ${requests} requests (${Math.round(rate)}/s), ` +
    `${reloadsDone}/${plan.reloads} reloads, failed: ${failures.join(', ')}`;
}

export async function soakRun(lab: BenchLab, plan: SoakPlan, runner: ProcessRunner, signal: AbortSignal, progress: (line: string) => void): Promise<SoakOutcome> {
  const kernelSince = await watchKernel(runner, lab.host.netns);
  const probes = new Map<ProbeClientMode, WorkerProbe>();
  for (const [client, rate] of Object.entries(plan.rates) as Array<[ProbeClientMode, number]>) {
    if (rate > 0) probes.set(client, startWorkerProbe({ targets: [{ host: lab.host.address, port: FRONTEND_PORT }], ratePerSecond: rate, client, timeoutMs: PROBE_TIMEOUT_MS }));
  }
  await Promise.all([...probes.values()].map((probe) => probe.ready)).catch(async (error: unknown) => {
    await Promise.allSettled([...probes.values()].map((probe) => probe.stop()));
    throw error;
  });
  // The run's clock starts when every kind's load does: the reloads are spread over loaded time.
  const started = Date.now();
  const samples: ReloadSample[] = [];
  const previous = { requests: 0, atMs: 0 };
  const tick = async () => {
    const snapshots = await Promise.all([...probes].map(async ([client, probe]) => [client, await probe.snapshot()] as const));
    progress(progressLine(plan, Date.now() - started, samples.length, snapshots, previous));
  };
  const ticker = setInterval(() => void tick().catch((error: unknown) => progress(`progress unavailable: ${(error as Error).message}`)), PROGRESS_EVERY_MS);
  let final: Array<readonly [ProbeClientMode, ProbeFigures]>;
  let incomplete: string | undefined;
  try {
    const wait = async (untilMs: number): Promise<boolean> => {
      const until = Math.min(started + untilMs, plan.deadline);
      if (until > Date.now()) await sleep(until - Date.now(), undefined, { signal });
      return Date.now() < plan.deadline;
    };
    for (let i = 0; i < plan.reloads; i++) {
      if (!(await wait(reloadDueMs(i, plan.reloads, plan.durationMs)))) break;
      samples.push(await oneReload(lab, plan.strategy as Exclude<BenchStrategy, 'none'>, i, signal));
    }
    if (samples.length < plan.reloads) incomplete = `hit the time limit after ${samples.length} of ${plan.reloads} reloads`;
    await wait(Math.max(plan.durationMs, Date.now() - started + SETTLE_MS));
  } finally {
    clearInterval(ticker);
    // Stopping waits for the requests in flight, each bounded by the probe's own timeout.
    final = await Promise.all([...probes].map(async ([client, probe]) => [client, await probe.stop()] as const));
  }
  progress(progressLine(plan, Date.now() - started, samples.length, final, previous));
  const kernel = await kernelSince();
  const reloads = reloadFigures(samples);
  const runs = final.map(([client, figures]) =>
    runFigures({ strategy: plan.strategy, client, lab, rate: plan.rates[client] ?? 0, figures, reloads, kernel, kernelScope: 'strategy' }),
  );
  return { runs, incomplete };
}
