// One reload at a time on this host, each reload id applied at most once, and
// every result made durable (results store, then outbox) before anyone is told.
// A second reload while one runs is rejected with the id in flight: the server
// schedules, so a queue here would only hide its mistakes. The same id while it
// runs joins the running reload and gets its events and result.
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { InvalidChangeError } from '@hitless/haproxy';
import type { Logger } from '@hitless/log';
import * as wire from '@hitless/proto';
import { phaseEventToWire, refusedResultToWire, reloadResultToWire } from '@hitless/agent-wire';
import { listJsonFiles, ReloadInProgressError, ReloadRequestError, removeDurable, writeDurable, type ReloadRequest } from '@hitless/reload';
import type { ResultFileStore } from '../storage/result-file-store';
import type { HookRunner } from './hook-runner';
import { ReloadInFlightError } from './reload-errors';
import type { ReloadExecutor } from './reload-executor';

export type EventListener = (event: wire.PhaseEvent) => void;

export interface ReloadHooks {
  before: string[];
  after: string[];
}

export interface CoordinatorDeps {
  hostName: string;
  stateDir: string;
  executor: ReloadExecutor;
  results: ResultFileStore;
  outbox: ResultFileStore;
  hooks: HookRunner;
  /** Refuses a change the live config cannot take (unknown backend, server) before any hook runs. */
  precheck: (request: ReloadRequest) => Promise<void>;
  /** Told after a result is durable: wakes the outbox sender, counts metrics (of reloads, not dry runs). */
  onResult: (result: wire.ReloadResult, kind: 'reload' | 'dry-run') => void;
  log: Logger;
}

interface Running {
  reloadId: string;
  listeners: Set<EventListener>;
  done: Promise<wire.ReloadResult>;
}

const DRY_RUN_SUFFIX = '.dry';

export class ReloadCoordinator {
  private running?: Running;
  private readonly acceptedDir: string;

  constructor(private readonly deps: CoordinatorDeps) {
    this.acceptedDir = join(deps.stateDir, 'accepted');
  }

  inFlight(): string | undefined {
    return this.running?.reloadId;
  }

  /** Puts results of reloads interrupted by a crash into the outbox; call once before serving. */
  async recover(): Promise<void> {
    await mkdir(this.acceptedDir, { recursive: true, mode: 0o700 });
    const recovered = await this.deps.executor.recover();
    const pending = new Set((await listJsonFiles(this.acceptedDir)).map((file) => basename(file, '.json')));
    if (recovered) pending.add(recovered.reloadId);
    for (const reloadId of pending) {
      const known = await this.knownResult(reloadId);
      const result =
        known ??
        this.synthesized(reloadId, wire.Outcome.OUTCOME_FAILED, 'the agent stopped before the engine recorded this reload; the live config was not changed');
      this.deps.log.warn({ reloadId, outcome: result.outcome }, 'reporting a reload interrupted by a restart');
      // Even if it was stored before the crash, it may not have reached the outbox.
      await this.persist(result);
      await removeDurable(this.acceptedPath(reloadId));
    }
  }

  async result(reloadId: string): Promise<wire.ReloadResult | undefined> {
    return this.knownResult(reloadId);
  }

  async reload(request: ReloadRequest, hooks: ReloadHooks, listener: EventListener): Promise<wire.ReloadResult> {
    const known = await this.knownResult(request.reloadId);
    if (known) return known;
    // No await between this check and taking the slot: two calls cannot both take it.
    const running = this.running;
    if (running) {
      if (running.reloadId !== request.reloadId) throw new ReloadInFlightError(running.reloadId);
      running.listeners.add(listener);
      try {
        return await running.done;
      } finally {
        running.listeners.delete(listener);
      }
    }
    this.deps.hooks.check(hooks.before, 'before_hooks');
    this.deps.hooks.check(hooks.after, 'after_hooks');
    const listeners = new Set<EventListener>([listener]);
    const emit = (event: wire.PhaseEvent) => listeners.forEach((each) => each(event));
    const done = this.execute(request, hooks, emit);
    this.running = { reloadId: request.reloadId, listeners, done };
    try {
      return await done;
    } finally {
      this.running = undefined;
    }
  }

  /**
   * A dry run: it changes nothing and is not a reload of this host (GetReloadResult does not
   * know it), but its verdict is reported through the outbox like a reload's result, because
   * the server takes every agent result from there, and only from there. Refused while a
   * reload runs, as the engine would.
   */
  async validate(request: ReloadRequest): Promise<wire.ReloadResult> {
    if (this.running) throw new ReloadInFlightError(this.running.reloadId);
    await this.deps.precheck(request);
    let result: wire.ReloadResult;
    try {
      const validated = await this.deps.executor.reload({ ...request, reloadId: `${request.reloadId}${DRY_RUN_SUFFIX}`, dryRun: true });
      result = { ...reloadResultToWire(validated, this.deps.hostName), reloadId: request.reloadId };
    } catch (error) {
      throw this.refusal(error);
    }
    await this.deps.outbox.put(result);
    this.deps.onResult(result, 'dry-run');
    return result;
  }

  private async execute(request: ReloadRequest, hooks: ReloadHooks, emit: EventListener): Promise<wire.ReloadResult> {
    await this.deps.precheck(request);
    await writeDurable(this.acceptedPath(request.reloadId), JSON.stringify({ reloadId: request.reloadId, acceptedAt: new Date().toISOString() }));
    let result: wire.ReloadResult;
    try {
      result = await this.withHooks(request, hooks, emit);
    } catch (error) {
      // The caller's mistake or a concurrent engine reload: nothing happened, nothing to report.
      await removeDurable(this.acceptedPath(request.reloadId));
      throw this.refusal(error);
    }
    await this.persist(result);
    await removeDurable(this.acceptedPath(request.reloadId));
    return result;
  }

  private async withHooks(request: ReloadRequest, hooks: ReloadHooks, emit: EventListener): Promise<wire.ReloadResult> {
    const env = { HITLESS_RELOAD_ID: request.reloadId, HITLESS_HOST_NAME: this.deps.hostName };
    const hookEvent = (name: string, status: wire.PhaseStatus, detail: string) =>
      emit({ reloadId: request.reloadId, phase: 'hook', status, at: new Date().toISOString(), detail: `${name}: ${detail}` });
    try {
      if (hooks.before.length) {
        hookEvent('before', wire.PhaseStatus.PHASE_STATUS_STARTED, hooks.before.join(', '));
        await this.deps.hooks.run(hooks.before, env);
        hookEvent('before', wire.PhaseStatus.PHASE_STATUS_OK, hooks.before.join(', '));
      }
    } catch (error) {
      hookEvent('before', wire.PhaseStatus.PHASE_STATUS_FAILED, (error as Error).message);
      const result = this.synthesized(request.reloadId, wire.Outcome.OUTCOME_REJECTED, `before hook failed, nothing was changed: ${(error as Error).message}`);
      return this.afterHooks(result, hooks.after, env, hookEvent);
    }
    let result: wire.ReloadResult;
    try {
      result = reloadResultToWire(await this.deps.executor.reload(request, (event) => emit(phaseEventToWire(event))), this.deps.hostName);
    } catch (error) {
      if (isRefusal(error)) {
        await this.afterHooks(this.synthesized(request.reloadId, wire.Outcome.OUTCOME_REJECTED, ''), hooks.after, env, hookEvent);
        throw error;
      }
      // Not a refusal: the engine broke in a way it did not report. Say so; the host needs a look.
      this.deps.log.error({ err: error, reloadId: request.reloadId }, 'reload engine failed');
      result = this.synthesized(request.reloadId, wire.Outcome.OUTCOME_FAILED, `reload engine error: ${(error as Error).message}`);
    }
    return this.afterHooks(result, hooks.after, env, hookEvent);
  }

  private async afterHooks(
    result: wire.ReloadResult,
    names: string[],
    env: Record<string, string>,
    hookEvent: (name: string, status: wire.PhaseStatus, detail: string) => void,
  ): Promise<wire.ReloadResult> {
    if (!names.length) return result;
    hookEvent('after', wire.PhaseStatus.PHASE_STATUS_STARTED, names.join(', '));
    try {
      await this.deps.hooks.run(names, env);
      hookEvent('after', wire.PhaseStatus.PHASE_STATUS_OK, names.join(', '));
      return result;
    } catch (error) {
      hookEvent('after', wire.PhaseStatus.PHASE_STATUS_FAILED, (error as Error).message);
      return { ...result, summary: [...result.summary, `after hook failed: ${(error as Error).message}`] };
    }
  }

  private refusal(error: unknown): unknown {
    if (error instanceof ReloadInProgressError) return new ReloadInFlightError(error.reloadInFlight);
    if (error instanceof ReloadRequestError) return new InvalidChangeError(error.field, error.message);
    return error;
  }

  private async knownResult(reloadId: string): Promise<wire.ReloadResult | undefined> {
    const stored = await this.deps.results.get(reloadId);
    if (stored) return stored;
    const fromEngine = await this.deps.executor.result(reloadId);
    return fromEngine ? reloadResultToWire(fromEngine, this.deps.hostName) : undefined;
  }

  private async persist(result: wire.ReloadResult): Promise<void> {
    await this.deps.results.put(result);
    await this.deps.outbox.put(result);
    this.deps.onResult(result, 'reload');
  }

  private acceptedPath(reloadId: string): string {
    return join(this.acceptedDir, `${basename(reloadId)}.json`);
  }

  private synthesized(reloadId: string, outcome: wire.Outcome, error: string): wire.ReloadResult {
    return refusedResultToWire(reloadId, this.deps.hostName, outcome, error, new Date().toISOString());
  }
}

function isRefusal(error: unknown): boolean {
  return error instanceof InvalidChangeError || error instanceof ReloadRequestError || error instanceof ReloadInProgressError;
}
