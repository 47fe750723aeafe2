// The benchmark proper: every requested strategy under every client mode, each
// on a fresh lab host, a strategy the host cannot run recorded as skipped with
// the capability probe's reason, and a `none` baseline per client mode.
import { sweepStaleLabHosts } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';
import type { ProbeClientMode } from '@hitless/reload';
import { benchEnvironment, BenchHooks, Collected, onFreshHost } from './bench-host';
import type { BenchOptions } from './bench-options';
import type { BenchReport, BenchStrategy } from './bench-types';
import { measureRun, RunPlan } from './measure-run';
import { median, withP99Ratios } from './stats';

function planFor(strategy: BenchStrategy, client: ProbeClientMode, options: BenchOptions, baselineMs: number): RunPlan {
  if (strategy === 'none') return { strategy, client, rate: options.rate, durationMs: baselineMs };
  return { strategy, client, rate: options.rate, reloads: options.reloads, intervalMs: options.intervalMs };
}

function runOne(plan: RunPlan, collected: Collected, hooks: BenchHooks): Promise<void> {
  // Host labels are short: the client kind's initial tells the runs apart (close, keepalive, h2, idle).
  const label = `${plan.strategy}-${plan.client[0]}`;
  return onFreshHost(plan.strategy, [plan.client], label, collected, hooks, async (lab) => [await measureRun(lab, plan, new SystemProcessRunner(), hooks.signal)]);
}

export async function runBenchmark(options: BenchOptions, hooks: BenchHooks): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  // Namespaces left by a benchmark or test that was killed would otherwise pile up.
  const swept = await sweepStaleLabHosts();
  if (swept.length) hooks.progress(`removed ${swept.length} lab namespace(s) left by a killed run`);
  const env = await benchEnvironment();
  const collected: Collected = { runs: [], skipped: [], broken: [] };
  const reloading = options.strategies.filter((s) => s !== 'none');

  for (const client of options.clients) {
    for (const strategy of reloading) {
      if (collected.skipped.some((s) => s.strategy === strategy)) continue;
      await runOne(planFor(strategy, client, options, 0), collected, hooks);
    }
    if (options.strategies.includes('none')) {
      // The baseline runs last so it can last as long as this client mode's reload runs
      // did (their median); with none of them, as long as the reload intervals alone.
      const measured = median(collected.runs.filter((r) => r.client === client && r.strategy !== 'none').map((r) => r.duration_ms));
      const baselineMs = measured ?? options.reloads * options.intervalMs;
      await runOne(planFor('none', client, options, baselineMs), collected, hooks);
    }
  }

  const order = (run: { strategy: BenchStrategy; client: ProbeClientMode }) =>
    options.strategies.indexOf(run.strategy) * options.clients.length + options.clients.indexOf(run.client);
  return {
    env,
    settings: { rate: options.rate, reloads: options.reloads, interval_ms: options.intervalMs, strategies: options.strategies, clients: options.clients },
    runs: withP99Ratios(collected.runs).sort((a, b) => order(a) - order(b)),
    skipped: collected.skipped,
    broken_runs: collected.broken.sort((a, b) => order(a) - order(b)),
    started_at: startedAt,
    finished_at: new Date().toISOString(),
  };
}
