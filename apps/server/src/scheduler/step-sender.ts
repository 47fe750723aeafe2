// Sends one host step to its agent. Each reload id is sent by at most one call
// at a time from this process; a call that fails in transit is sent again later
// with the same id, which the agent answers from its record instead of applying
// the change a second time.
//
// The call's answer is not stored from here: the agent keeps every result in
// its durable outbox and delivers it to the gateway, which stores it once
// (result-intake.service.ts). An answer only tells the scheduler to decide
// again. What this sender records itself is a refusal: the agent said no before
// anything ran, so no outbox will ever carry a result for that id.
import { status } from '@grpc/grpc-js';
import type { Logger } from '@hitless/log';
import type * as wire from '@hitless/proto';
import { outcomeFromWire, reloadRequestToWire } from '@hitless/agent-wire';
import { rollbackChanges, type RolloutSpec } from '@hitless/rollout';
import { AgentCallError, type AgentCaller } from '../agents/agent-reload-caller';
import type { Clock } from '../clock/clock';
import type { ServerMetrics } from '../metrics/server-metrics';
import type { SchedulerStep } from '../rollouts/rollout-records';
import type { Lease } from './rollout-leases';
import type { SchedulerStore } from './scheduler-store';

/** Refusals that will not change by asking again: recorded as the step's answer. */
const FINAL_REFUSALS = new Set<number>([status.INVALID_ARGUMENT, status.FAILED_PRECONDITION, status.PERMISSION_DENIED, status.NOT_FOUND]);
const RETRY_AFTER_MS = 1000;
/** Answered reload ids remembered, oldest forgotten first: far more than the steps in flight at once. */
const ANSWERED_MEMORY = 100_000;

export interface SendJob {
  lease: Lease;
  spec: RolloutSpec;
  dryRun: boolean;
  step: SchedulerStep;
  kind: 'change' | 'rollback';
  reloadId: string;
  address: string | undefined;
  /** Claimed by the decision that sends it: nothing can have answered it yet. */
  fresh?: boolean;
}

export interface StepSenderDeps {
  caller: AgentCaller;
  store: SchedulerStore;
  clock: Clock;
  metrics: ServerMetrics;
  log: Logger;
}

/** What a result says, for telling whether it can change a decision. */
export interface AnswerFigures {
  kind: 'change' | 'rollback';
  outcome: string | undefined;
  failedRequests: number;
}

export class StepSender {
  private readonly inFlight = new Set<string>();
  private readonly retryAt = new Map<string, number>();
  /**
   * Per rollout: the reload ids this process sent whose results it has not seen stored yet,
   * and whether the rollout frees a maxUnavailable slot with each result. A routine result
   * while others are still open need not wake the scheduler: the last one does.
   */
  private readonly open = new Map<string, { ids: Set<string>; slotBound: boolean }>();
  /**
   * Reload ids whose agent has answered a call of this process. Their results come through
   * the agents' outboxes; sending one again meanwhile would only fetch the same answer (and
   * count a second call).
   */
  private readonly answered = new Set<string>();

  constructor(
    private readonly deps: StepSenderDeps,
    /** Called when a result may change a decision, so the rollout is decided again at once. */
    private readonly wake: (rolloutId: string) => void,
  ) {}

  get busy(): number {
    return this.inFlight.size;
  }

  /**
   * Starts the call unless it is running here already, was answered here, or waits out a retry
   * pause. Resolves once the call has gone out (or was not made); its answer is handled later.
   */
  send(job: SendJob): Promise<void> {
    if (this.inFlight.has(job.reloadId) || this.answered.has(job.reloadId) || (this.retryAt.get(job.reloadId) ?? 0) > Date.now()) return Promise.resolve();
    this.inFlight.add(job.reloadId);
    let wentOut!: () => void;
    const sent = new Promise<void>((resolve) => (wentOut = resolve));
    this.run(job, wentOut)
      .catch((error: unknown) => this.deps.log.error({ err: error, reloadId: job.reloadId }, 'sending a step failed'))
      .finally(() => {
        this.inFlight.delete(job.reloadId);
        wentOut();
      });
    return sent;
  }

  /**
   * A result of this rollout was stored (by this process's gateway): whether that can change
   * its next decision. A clean success of a forward step, with no maxUnavailable slot it could
   * free, changes nothing while other results this process waits for are still out: the last
   * one settles the batch. Waking the scheduler for each such result made it load a whole
   * rollout per host, which at a thousand hosts was most of the server's work.
   */
  resultStored(rolloutId: string, reloadId: string, result: AnswerFigures): boolean {
    const open = this.open.get(rolloutId);
    if (!open) return true;
    open.ids.delete(reloadId);
    if (open.ids.size === 0) this.open.delete(rolloutId);
    const routine = result.kind === 'change' && !open.slotBound && (result.outcome === 'succeeded' || result.outcome === 'validated') && result.failedRequests === 0;
    return !routine || open.ids.size === 0;
  }

  /**
   * Forgets the open ids of a rollout that no longer wait for a result (settled, or reported to
   * another replica's gateway, which this process never hears of): a decision tells which still do.
   */
  stillOpen(rolloutId: string, awaiting: ReadonlySet<string>): void {
    const open = this.open.get(rolloutId);
    if (!open) return;
    for (const id of open.ids) if (!awaiting.has(id)) open.ids.delete(id);
    if (open.ids.size === 0) this.open.delete(rolloutId);
  }

  private opened(job: SendJob): void {
    const open = this.open.get(job.lease.rolloutId) ?? { ids: new Set<string>(), slotBound: false };
    open.ids.add(job.reloadId);
    open.slotBound ||= job.spec.plan.maxUnavailable !== undefined;
    this.open.set(job.lease.rolloutId, open);
  }

  /** Opens connections to agents about to be sent steps, so their TLS handshakes are not on a batch's critical path. */
  warm(addresses: readonly { hostName: string; address: string }[]): void {
    for (const { hostName, address } of addresses) this.deps.caller.warm(address, hostName);
  }

  /** Resolves when no call of this process is running (shutdown, tests). */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private rememberAnswered(reloadId: string): void {
    this.answered.add(reloadId);
    if (this.answered.size > ANSWERED_MEMORY) this.answered.delete(this.answered.values().next().value as string);
  }

  private async run(job: SendJob, wentOut: () => void): Promise<void> {
    const { step } = job;
    const { store, metrics, clock } = this.deps;
    const log = this.deps.log.child({ rolloutId: job.lease.rolloutId, host: step.hostName, reloadId: job.reloadId, kind: job.kind });
    // A re-send (after a restart, a take-over or a failed call) may find the answer recorded since; a fresh claim cannot.
    if (!job.fresh && !(await store.awaitsAnswer(job.lease.rolloutId, step.hostName, job.reloadId, job.kind))) return;
    if (!job.address) {
      this.retryAt.set(job.reloadId, Date.now() + RETRY_AFTER_MS);
      log.warn('no agent address on record yet; will retry');
      return;
    }
    // A rollback undoes what the step's reload result records it changed.
    const changes = job.kind === 'change' ? job.spec.changes : rollbackChanges(job.spec.changes, step.appliedChanges);
    if (changes instanceof Error) {
      await this.refused(job, changes.message, log);
      return;
    }
    const request = reloadRequestToWire(job.reloadId, step.hostName, changes, job.spec.strategy);
    const deadlineMs = job.spec.gates.agentDeadlineSeconds * 1000;
    await store.logDispatch(job.lease, step.hostName, job.reloadId);
    this.opened(job);
    metrics.stepsDispatched.inc({ kind: job.dryRun ? 'dry-run' : job.kind });
    log.info('dispatching');
    const started = Date.now();
    let answer: wire.ReloadResult;
    try {
      const call = job.dryRun ? this.deps.caller.validate(job.address, request, deadlineMs) : this.deps.caller.reload(job.address, request, deadlineMs);
      wentOut();
      answer = await call;
    } catch (error) {
      if (error instanceof AgentCallError && FINAL_REFUSALS.has(error.code)) {
        // The agent refused before touching anything: no result will come through its outbox.
        await this.refused(job, error.message, log);
        return;
      }
      // In transit, or the agent is busy: the same id goes out again later; the deadline gate bounds how long.
      this.retryAt.set(job.reloadId, Date.now() + RETRY_AFTER_MS);
      log.warn({ err: error }, 'agent call failed; will send the same reload id again');
      return;
    }
    this.rememberAnswered(job.reloadId);
    metrics.dispatchSeconds.observe((Date.now() - started) / 1000);
    // No wake here: the decision needs the stored result, and storing it wakes the scheduler (or,
    // stored by another replica's gateway, the next tick finds it).
    log.info({ outcome: outcomeFromWire(answer.outcome), failed: answer.probe?.failed ?? 0, at: clock.now().toISOString() }, 'agent answered; its outbox delivers the result');
  }

  private async refused(job: SendJob, error: string, log: Logger): Promise<void> {
    this.open.get(job.lease.rolloutId)?.ids.delete(job.reloadId);
    const recorded = await this.deps.store.recordRefusal(job.lease, job.step.hostName, job.reloadId, job.kind, { error, at: this.deps.clock.now().toISOString() });
    if (recorded === 'fenced') this.deps.metrics.fencedWrites.inc();
    log.warn({ error, recorded }, job.kind === 'rollback' ? 'rollback refused' : 'agent refused the step');
    this.wake(job.lease.rolloutId);
  }
}
