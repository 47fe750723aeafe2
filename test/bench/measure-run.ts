// One benchmark run on a fresh lab host: a load probe from the root namespace
// for the whole run, and meanwhile N reloads, each started interval-ms after the
// previous one finished, alternating the balance algorithm so each is a real
// change. The `none` baseline holds the same load for a given time, no reload.
// The kernel's TCP counters in the host's namespace are read around the run.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessRunner } from '@hitless/process';
import type { ProbeClientMode, ProbeFigures, StrategyName } from '@hitless/reload';
import { startProbe } from '@hitless/reload';
import { FRONTEND_PORT, type BenchLab } from './bench-lab';
import type { BenchRun, BenchStrategy } from './bench-types';
import { startCountingClientResets, readClientResets } from './client-resets';
import { counterDeltas, readKernelCounters } from './kernel-counters';
import { oneReload, ReloadFigures, reloadFigures, ReloadSample } from './reload-sampler';
import { roundMs } from './stats';

/**
 * The probe's per-request timeout, stated rather than left to the probe's default because
 * it decides what counts as failed: a SYN dropped twice (1 s + 2 s retransmits) exceeds it.
 */
export const PROBE_TIMEOUT_MS = 2000;

export type RunPlan =
  | { strategy: StrategyName; client: ProbeClientMode; rate: number; reloads: number; intervalMs: number }
  | { strategy: 'none'; client: ProbeClientMode; rate: number; durationMs: number };

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

/** Starts counting in the host's namespace; the returned function reads what happened since. */
export async function watchKernel(runner: ProcessRunner, netns: string): Promise<() => Promise<BenchRun['kernel']>> {
  await startCountingClientResets(runner, netns);
  const before = await readKernelCounters(runner, netns);
  return async () => ({ ...counterDeltas(before, await readKernelCounters(runner, netns)), RstToClients: await readClientResets(runner, netns) });
}

export async function measureRun(lab: BenchLab, plan: RunPlan, runner: ProcessRunner, signal: AbortSignal): Promise<BenchRun> {
  const kernelSince = await watchKernel(runner, lab.host.netns);
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
  const kernel = await kernelSince();
  return runFigures({ strategy: plan.strategy, client: plan.client, lab, rate: plan.rate, figures, reloads: reloadFigures(samples), kernel, kernelScope: 'run' });
}

export interface RunParts {
  strategy: BenchStrategy;
  client: ProbeClientMode;
  lab: BenchLab;
  rate: number;
  figures: ProbeFigures;
  reloads: ReloadFigures;
  kernel: BenchRun['kernel'];
  kernelScope: BenchRun['kernel_scope'];
}

/** One run's line of the report; p99_ratio is filled in once the baseline is known (withP99Ratios). */
export function runFigures(parts: RunParts): BenchRun {
  const { figures } = parts;
  return {
    strategy: parts.strategy,
    client: parts.client,
    haproxy_mode: parts.lab.mode,
    ...parts.reloads,
    requests: figures.requests,
    failed: figures.failed,
    errors: figures.errors,
    p50_ms: roundMs(figures.p50_ms),
    p99_ms: roundMs(figures.p99_ms),
    max_ms: roundMs(figures.max_ms),
    p99_ratio: null,
    kernel: parts.kernel,
    kernel_scope: parts.kernelScope,
    rate: parts.rate,
    probe_timeout_ms: PROBE_TIMEOUT_MS,
    duration_ms: Math.round(figures.durationMs),
    eventLoopLag_p99_ms: roundMs(figures.eventLoopLag_p99_ms),
    eventLoopLag_max_ms: roundMs(figures.eventLoopLag_max_ms),
  };
}
