import { isTransientRuntimeError } from './runtime-api-error';
import type { ShowProc } from './show-proc';

export interface AwaitReloadOptions {
  /** Give up after this long; default 30 s (a big configuration can take seconds to parse). */
  timeoutMs?: number;
  /** Poll interval; default 100 ms. */
  intervalMs?: number;
}

export type AwaitReloadResult =
  | { status: 'succeeded'; proc: ShowProc; newWorkerPids: number[] }
  | { status: 'failed'; proc: ShowProc }
  | { status: 'timeout'; proc?: ShowProc; lastError?: unknown };

/** The subset of MasterCli this needs, so tests can script it. */
export interface ShowProcSource {
  showProc(): Promise<ShowProc>;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Decides whether one reload took, by comparing `show proc` against the view
 * taken just before asking. 2.6 answers `reload` with nothing, so this is the
 * only way to learn the result there; on 2.7+ it confirms the synchronous
 * answer. The master's reload counter moves for failed reloads too; what
 * tells them apart is the failed counter (reset to 0 by a good reload) and a
 * worker pid that was not there before.
 */
export async function awaitReload(master: ShowProcSource, before: ShowProc, options: AwaitReloadOptions = {}): Promise<AwaitReloadResult> {
  const deadline = Date.now() + (options.timeoutMs ?? 30_000);
  const interval = options.intervalMs ?? 100;
  const oldPids = new Set([...before.workers, ...before.oldWorkers].map((worker) => worker.pid));
  let last: ShowProc | undefined;
  let lastError: unknown;

  for (;;) {
    try {
      last = await master.showProc();
      lastError = undefined;
      if (last.master.reloads > before.master.reloads) {
        const failed = last.master.failedReloads;
        if (failed !== undefined && failed > 0) return { status: 'failed', proc: last };
        const newWorkerPids = last.workers.map((worker) => worker.pid).filter((pid) => !oldPids.has(pid));
        if (newWorkerPids.length > 0) return { status: 'succeeded', proc: last, newWorkerPids };
      }
    } catch (error) {
      // While the master re-executes, its socket may briefly refuse or reset
      // connections; anything else is a real failure.
      if (!isTransientRuntimeError(error)) throw error;
      lastError = error;
    }
    if (Date.now() + interval > deadline) return { status: 'timeout', proc: last, lastError };
    await sleep(interval);
  }
}
