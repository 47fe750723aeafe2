// What every benchmark does around a measurement: a fresh lab host per
// strategy, a strategy the host cannot run recorded as skipped with the
// capability probe's reason, a run that could not be measured recorded as
// broken, and the host torn down whatever happened (at once on Ctrl-C).
import { cpus, release } from 'node:os';
import { haproxyVersion } from '@hitless/haproxy';
import { HAPROXY_BINARY } from '@hitless/lab';
import { SystemProcessRunner } from '@hitless/process';
import type { ProbeClientMode } from '@hitless/reload';
import { BenchLab, openBenchLab } from './bench-lab';
import type { BenchEnv, BenchRun, BenchStrategy, BrokenRun, SkippedStrategy } from './bench-types';

export interface BenchHooks {
  /** Aborting stops the current run, tears its lab host down, and rejects. */
  signal: AbortSignal;
  /** Progress lines. */
  progress: (line: string) => void;
}

export interface Collected {
  runs: BenchRun[];
  skipped: SkippedStrategy[];
  broken: BrokenRun[];
}

export async function benchEnvironment(): Promise<BenchEnv> {
  const version = await haproxyVersion(HAPROXY_BINARY, new SystemProcessRunner());
  return { kernel: release(), haproxy: version.full, cores: cpus().length };
}

/** Master-worker as Debian's service runs it for seamless (and its baseline); the rest exist for hosts that restart with a fresh bind. */
export function haproxyModeFor(strategy: BenchStrategy): 'master-worker' | 'daemon' {
  return strategy === 'none' || strategy === 'seamless' ? 'master-worker' : 'daemon';
}

/**
 * Opens a lab host for `strategy` and runs `measure` on it; its runs go to `collected`. A failure
 * is recorded as broken for each of `clients` (the client kinds the measurement covered).
 */
export async function onFreshHost(
  strategy: BenchStrategy,
  clients: readonly ProbeClientMode[],
  label: string,
  collected: Collected,
  hooks: BenchHooks,
  measure: (lab: BenchLab) => Promise<BenchRun[]>,
): Promise<void> {
  const broken = (error: string) => collected.broken.push(...clients.map((client) => ({ strategy, client, error })));
  const lab = await openBenchLab(label, haproxyModeFor(strategy)).catch((error: unknown) => {
    if (hooks.signal.aborted) throw error;
    broken(`lab set-up: ${(error as Error).message}`);
    return undefined;
  });
  if (!lab) return;
  // A Ctrl-C tears the host down at once, even under a running reload; close() is idempotent.
  const onAbort = () => void lab.close().catch((error: unknown) => hooks.progress(`cleanup after abort failed: ${(error as Error).message}`));
  hooks.signal.addEventListener('abort', onAbort, { once: true });
  try {
    hooks.signal.throwIfAborted();
    if (strategy !== 'none') {
      const availability = (await lab.engine.capabilities()).strategies.find((s) => s.name === strategy);
      if (!availability?.available) {
        collected.skipped.push({ strategy, reason: availability?.reason ?? 'the capability probe does not know this strategy' });
        return;
      }
    }
    for (const run of await measure(lab)) {
      collected.runs.push(run);
      hooks.progress(
        `${run.strategy}/${run.client}: ${run.reloads} reloads (${run.reload_failures} failed), ${run.requests} requests, ${run.failed} failed, ` +
          `listen drops ${run.kernel.ListenDrops ?? '-'}`,
      );
    }
  } catch (error) {
    if (hooks.signal.aborted) throw error;
    broken((error as Error).message);
    hooks.progress(`${strategy}/${clients.join('+')}: BROKEN: ${(error as Error).message}`);
  } finally {
    hooks.signal.removeEventListener('abort', onAbort);
    await lab.close();
  }
}
