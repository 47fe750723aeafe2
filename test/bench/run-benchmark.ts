// The benchmark proper: every requested strategy under every client mode, each
// on a fresh lab host, a strategy the host cannot run recorded as skipped with
// the capability probe's reason, and a `none` baseline per client mode.
import { cpus, release } from 'node:os';
import { haproxyVersion } from '@hitless/haproxy';
import { HAPROXY_BINARY, sweepStaleLabHosts } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';
import type { ProbeClientMode } from '@hitless/reload';
import type { BenchOptions } from './bench-options';
import { openBenchLab } from './bench-lab';
import type { BenchEnv, BenchReport, BenchRun, BenchStrategy, BrokenRun, SkippedStrategy } from './bench-types';
import { measureRun, RunPlan } from './measure-run';
import { median, withP99Ratios } from './stats';

export interface BenchHooks {
  /** Aborting stops the current run, tears its lab host down, and rejects. */
  signal: AbortSignal;
  /** Progress lines (one per run). */
  progress: (line: string) => void;
}

interface Collected {
  runs: BenchRun[];
  skipped: SkippedStrategy[];
  broken: BrokenRun[];
}

async function environment(): Promise<BenchEnv> {
  const version = await haproxyVersion(HAPROXY_BINARY, new SystemProcessRunner());
  return { kernel: release(), haproxy: version.full, cores: cpus().length };
}

/** Master-worker as Debian's service runs it for seamless (and its baseline); the rest exist for hosts that restart with a fresh bind. */
function haproxyModeFor(strategy: BenchStrategy): 'master-worker' | 'daemon' {
  return strategy === 'none' || strategy === 'seamless' ? 'master-worker' : 'daemon';
}

function planFor(strategy: BenchStrategy, client: ProbeClientMode, options: BenchOptions, baselineMs: number): RunPlan {
  if (strategy === 'none') return { strategy, client, rate: options.rate, durationMs: baselineMs };
  return { strategy, client, rate: options.rate, reloads: options.reloads, intervalMs: options.intervalMs };
}

async function runOne(plan: RunPlan, collected: Collected, hooks: BenchHooks): Promise<void> {
  // Host labels are short: the client kind's initial tells the runs apart (close, keepalive, h2, idle).
  const label = `${plan.strategy}-${plan.client[0]}`;
  const lab = await openBenchLab(label, haproxyModeFor(plan.strategy)).catch((error: unknown) => {
    if (hooks.signal.aborted) throw error;
    collected.broken.push({ strategy: plan.strategy, client: plan.client, error: `lab set-up: ${(error as Error).message}` });
    return undefined;
  });
  if (!lab) return;
  // A Ctrl-C tears the host down at once, even under a running reload; close() is idempotent.
  const onAbort = () => void lab.close().catch((error: unknown) => hooks.progress(`cleanup after abort failed: ${(error as Error).message}`));
  hooks.signal.addEventListener('abort', onAbort, { once: true });
  try {
    hooks.signal.throwIfAborted();
    if (plan.strategy !== 'none') {
      const availability = (await lab.engine.capabilities()).strategies.find((s) => s.name === plan.strategy);
      if (!availability?.available) {
        collected.skipped.push({ strategy: plan.strategy, reason: availability?.reason ?? 'the capability probe does not know this strategy' });
        return;
      }
    }
    const run = await measureRun(lab, plan, new SystemProcessRunner(), hooks.signal);
    collected.runs.push(run);
    hooks.progress(
      `${plan.strategy}/${plan.client}: ${run.reloads} reloads (${run.reload_failures} failed), ${run.requests} requests, ${run.failed} failed, ` +
        `listen drops ${run.kernel.ListenDrops ?? '-'}`,
    );
  } catch (error) {
    if (hooks.signal.aborted) throw error;
    collected.broken.push({ strategy: plan.strategy, client: plan.client, error: (error as Error).message });
    hooks.progress(`${plan.strategy}/${plan.client}: BROKEN: ${(error as Error).message}`);
  } finally {
    hooks.signal.removeEventListener('abort', onAbort);
    await lab.close();
  }
}

export async function runBenchmark(options: BenchOptions, hooks: BenchHooks): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  // Namespaces left by a benchmark or test that was killed would otherwise pile up.
  const swept = await sweepStaleLabHosts();
  if (swept.length) hooks.progress(`removed ${swept.length} lab namespace(s) left by a killed run`);
  const env = await environment();
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
