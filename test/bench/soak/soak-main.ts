// `bench:soak` as a function: the chosen strategy, `naive` under the same load
// and reload count, and a no-reload baseline, each one long run on a fresh lab
// host with every client kind at once; the JSON in bench:reload's shape.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { sweepStaleLabHosts } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';
import { PROBE_CLIENT_MODES, type ProbeClientMode } from '@hitless/reload';
import type { BenchMainHooks } from '../bench-main';
import { benchEnvironment, Collected, onFreshHost } from '../bench-host';
import type { BenchEnv, BenchRun, BenchStrategy, BrokenRun, SkippedStrategy } from '../bench-types';
import { reloadFailureLines, runTableLines } from '../report-table';
import { withP99Ratios } from '../stats';
import { parseSoakOptions, SoakOptions } from './soak-options';
import { soakRun } from './soak-run';

/**
 * How long a run may take before it is cut off: twice its plan, at least a minute more, and at
 * least 2 s per reload (when reloads take longer than their share of the plan, they run back to
 * back and the load goes on until the last one has settled).
 */
const RUN_SLACK = { factor: 2, minimumMs: 60_000, perReloadMs: 2000 };

/** The cut-off of one run, in ms. */
export function runLimitMs(plannedMs: number, reloads: number): number {
  return Math.max(plannedMs * RUN_SLACK.factor, plannedMs + RUN_SLACK.minimumMs, reloads * RUN_SLACK.perReloadMs);
}

export interface SoakSettings {
  strategies: BenchStrategy[];
  clients: ProbeClientMode[];
  requests: number;
  reloads: number;
  /** Requests per second per client kind. */
  rates: Partial<Record<ProbeClientMode, number>>;
  /** New connections per second: close clients open one per request, the persistent kinds a few. */
  new_connections_per_s: number;
  planned_s: number;
  baseline_s: number;
  max_minutes: number;
}

export interface SoakReport {
  env: BenchEnv;
  settings: SoakSettings;
  runs: BenchRun[];
  skipped: SkippedStrategy[];
  broken_runs: BrokenRun[];
  /** Runs cut off by their time limit before every reload was made, with what they had done. */
  incomplete: Array<{ strategy: BenchStrategy; reason: string }>;
  started_at: string;
  finished_at: string;
}

export function soakSettings(options: SoakOptions): SoakSettings {
  const rates: Partial<Record<ProbeClientMode, number>> = {};
  for (const client of PROBE_CLIENT_MODES) rates[client] = client === 'close' ? options.rate : options.persistentRate;
  const clients = PROBE_CLIENT_MODES.filter((client) => (rates[client] ?? 0) > 0);
  const total = clients.reduce((sum, client) => sum + (rates[client] ?? 0), 0);
  const plannedS = Math.ceil(options.requests / total);
  const baselineS = options.baselineSeconds ?? Math.min(plannedS, 60);
  const strategies: BenchStrategy[] = options.strategy === 'naive' ? ['naive', 'none'] : [options.strategy, 'naive', 'none'];
  const limitsMs = runLimitMs(plannedS * 1000, options.reloads) * (strategies.length - 1) + runLimitMs(baselineS * 1000, 0);
  const defaultMaxMinutes = Math.ceil(limitsMs / 60_000) + 5;
  return {
    strategies,
    clients,
    requests: options.requests,
    reloads: options.reloads,
    rates: Object.fromEntries(clients.map((client) => [client, rates[client]])),
    new_connections_per_s: rates.close ?? 0,
    planned_s: plannedS,
    baseline_s: baselineS,
    max_minutes: options.maxMinutes ?? defaultMaxMinutes,
  };
}

export async function soakMain(argv: readonly string[], hooks: BenchMainHooks): Promise<SoakReport> {
  const options = parseSoakOptions(argv);
  const settings = soakSettings(options);
  const out = resolve(options.out);
  const startedAt = new Date().toISOString();
  const hardStop = Date.now() + settings.max_minutes * 60_000;
  const swept = await sweepStaleLabHosts();
  if (swept.length) hooks.progress(`removed ${swept.length} lab namespace(s) left by a killed run`);
  const env = await benchEnvironment();
  hooks.progress(
    `soak: ${settings.strategies.join(', ')}; ${Object.entries(settings.rates).map(([client, rate]) => `${client} ${rate}/s`).join(', ')}; ` +
      `about ${settings.planned_s} s and ${settings.reloads} reloads per strategy, baseline ${settings.baseline_s} s; stops by itself within ${settings.max_minutes} min`,
  );
  const collected: Collected = { runs: [], skipped: [], broken: [] };
  const incomplete: SoakReport['incomplete'] = [];
  const runner = new SystemProcessRunner();

  for (const strategy of settings.strategies) {
    const plannedMs = (strategy === 'none' ? settings.baseline_s : settings.planned_s) * 1000;
    const runLimit = runLimitMs(plannedMs, strategy === 'none' ? 0 : settings.reloads);
    if (Date.now() + plannedMs > hardStop) {
      incomplete.push({ strategy, reason: `not run: the invocation's limit of ${settings.max_minutes} min would pass first` });
      continue;
    }
    await onFreshHost(strategy, settings.clients, `sk-${strategy}`, collected, hooks, async (lab) => {
      const outcome = await soakRun(
        lab,
        { strategy, rates: settings.rates, durationMs: plannedMs, reloads: strategy === 'none' ? 0 : settings.reloads, deadline: Math.min(hardStop, Date.now() + runLimit) },
        runner,
        hooks.signal,
        (line) => hooks.progress(line),
      );
      if (outcome.incomplete) incomplete.push({ strategy, reason: outcome.incomplete });
      return outcome.runs;
    });
  }

  const order = (run: { strategy: BenchStrategy; client: ProbeClientMode }) =>
    settings.strategies.indexOf(run.strategy) * PROBE_CLIENT_MODES.length + PROBE_CLIENT_MODES.indexOf(run.client);
  const report: SoakReport = {
    env,
    settings,
    runs: withP99Ratios(collected.runs).sort((a, b) => order(a) - order(b)),
    skipped: collected.skipped,
    broken_runs: collected.broken,
    incomplete,
    started_at: startedAt,
    finished_at: new Date().toISOString(),
  };
  await mkdir(dirname(out), { recursive: true });
  await writeFile(out, `${JSON.stringify(report, null, 2)}\n`);
  hooks.print(formatSoakTable(report));
  hooks.print(`wrote ${out}`);
  return report;
}

export function formatSoakTable(report: SoakReport): string {
  const { settings, env } = report;
  return [
    `soak: kernel ${env.kernel}, HAProxy ${env.haproxy}, ${env.cores} cores; ${settings.reloads} reloads over about ${settings.planned_s} s per strategy; ` +
      `${Object.entries(settings.rates).map(([client, rate]) => `${client} ${rate}/s`).join(', ')}; baseline ${settings.baseline_s} s; ` +
      'kernel counters cover the whole host (all client kinds of a strategy together)',
    ...runTableLines(report.runs),
    ...report.skipped.map((skipped) => `skipped ${skipped.strategy}: ${skipped.reason}`),
    ...report.broken_runs.map((broken) => `BROKEN ${broken.strategy}/${broken.client}: ${broken.error}`),
    ...report.incomplete.map((entry) => `INCOMPLETE ${entry.strategy}: ${entry.reason}`),
    ...reloadFailureLines(report.runs.filter((run) => run.client === settings.clients[0])),
  ].join('\n');
}
