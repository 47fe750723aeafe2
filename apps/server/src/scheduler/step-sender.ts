// Sends one host step to its agent and records the answer. Each reload id is
// sent by at most one call at a time from this process; a call that fails in
// transit is sent again later with the same id, which the agent answers from
// its record instead of applying the change a second time.
import { status } from '@grpc/grpc-js';
import type { Logger } from '@hitless/log';
import * as wire from '@hitless/proto';
import { InvalidChangeError, type AppliedChange } from '@hitless/haproxy';
import { appliedChangesFromWire, outcomeFromWire, refusedResultToWire, reloadRequestToWire } from '@hitless/agent-wire';
import { rollbackChanges, type RolloutSpec } from '@hitless/rollout';
import { AgentCallError, type AgentCaller } from '../agents/agent-reload-caller';
import type { Clock } from '../clock/clock';
import type { ServerMetrics } from '../metrics/server-metrics';
import type { StepRecord, StoredStepResult } from '../rollouts/rollout-records';
import type { Lease } from './rollout-leases';
import type { SchedulerStore } from './scheduler-store';

/** Refusals that will not change by asking again: record them as the step's answer. */
const FINAL_REFUSALS = new Set<number>([status.INVALID_ARGUMENT, status.FAILED_PRECONDITION, status.PERMISSION_DENIED, status.NOT_FOUND]);
const RETRY_AFTER_MS = 1000;

export interface SendJob {
  lease: Lease;
  spec: RolloutSpec;
  dryRun: boolean;
  step: StepRecord;
  kind: 'change' | 'rollback';
  reloadId: string;
  address: string | undefined;
  /** Claimed by the decision that sends it: nothing can have answered it yet. */
  fresh?: boolean;
}

export class StepSender {
  private readonly inFlight = new Set<string>();
  private readonly retryAt = new Map<string, number>();
  /** Calls per rollout still waiting for their agent: a routine answer while others are out need not wake the scheduler. */
  private readonly awaitingByRollout = new Map<string, number>();

  constructor(
    private readonly caller: AgentCaller,
    private readonly store: SchedulerStore,
    private readonly clock: Clock,
    private readonly metrics: ServerMetrics,
    private readonly log: Logger,
    /** Called after an answer is recorded, so the rollout is decided again at once. */
    private readonly onRecorded: (rolloutId: string) => void,
  ) {}

  get busy(): number {
    return this.inFlight.size;
  }

  /**
   * Starts the call unless it is running here already or waiting out a retry pause. Resolves
   * once the call has gone out (or was not made); its answer is recorded later.
   */
  send(job: SendJob): Promise<void> {
    if (this.inFlight.has(job.reloadId) || (this.retryAt.get(job.reloadId) ?? 0) > Date.now()) return Promise.resolve();
    this.inFlight.add(job.reloadId);
    const answered = this.awaitAnswer(job.lease.rolloutId);
    let wentOut!: () => void;
    const sent = new Promise<void>((resolve) => (wentOut = resolve));
    this.run(job, wentOut, answered)
      .catch((error: unknown) => this.log.error({ err: error, reloadId: job.reloadId }, 'recording a step answer failed'))
      .finally(() => {
        this.inFlight.delete(job.reloadId);
        answered();
        wentOut();
      });
    return sent;
  }

  /** Counts a call as waiting for its agent; the function returned ends that, once. */
  private awaitAnswer(rolloutId: string): () => void {
    this.awaitingByRollout.set(rolloutId, (this.awaitingByRollout.get(rolloutId) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const left = (this.awaitingByRollout.get(rolloutId) ?? 1) - 1;
      if (left > 0) this.awaitingByRollout.set(rolloutId, left);
      else this.awaitingByRollout.delete(rolloutId);
    };
  }

  /** Opens connections to agents about to be sent steps, so their TLS handshakes are not on a batch's critical path. */
  warm(addresses: readonly { hostName: string; address: string }[]): void {
    for (const { hostName, address } of addresses) this.caller.warm(address, hostName);
  }

  /** Resolves when no call of this process is running (shutdown, tests). */
  async drain(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (this.inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  }

  private async run(job: SendJob, wentOut: () => void, answered: () => void): Promise<void> {
    const { step } = job;
    const log = this.log.child({ rolloutId: job.lease.rolloutId, host: step.hostName, reloadId: job.reloadId, kind: job.kind });
    // A re-send (after a restart, a take-over or a failed call) may find the answer recorded since; a fresh claim cannot.
    if (!job.fresh && !(await this.store.awaitsAnswer(job.lease.rolloutId, step.hostName, job.reloadId, job.kind))) return;
    if (!job.address) {
      this.retryAt.set(job.reloadId, Date.now() + RETRY_AFTER_MS);
      log.warn('no agent address on record yet; will retry');
      return;
    }
    const changes = job.kind === 'change' ? job.spec.changes : rollbackChanges(job.spec.changes, step.appliedChanges);
    if (changes instanceof Error) {
      await this.store.recordRollback(job.lease, step.hostName, job.reloadId, { ok: false, error: changes.message, answeredAt: this.clock.now().toISOString() });
      this.onRecorded(job.lease.rolloutId);
      return;
    }
    const request = reloadRequestToWire(job.reloadId, step.hostName, changes, job.spec.strategy);
    const deadlineMs = job.spec.gates.agentDeadlineSeconds * 1000;
    await this.store.logDispatch(job.lease, step.hostName, job.reloadId);
    this.metrics.stepsDispatched.inc({ kind: job.dryRun ? 'dry-run' : job.kind });
    log.info('dispatching');
    const started = Date.now();
    let answer: wire.ReloadResult;
    try {
      const call = job.dryRun ? this.caller.validate(job.address, request, deadlineMs) : this.caller.reload(job.address, request, deadlineMs);
      wentOut();
      answer = await call;
    } catch (error) {
      answered();
      if (!(error instanceof AgentCallError) || !FINAL_REFUSALS.has(error.code)) {
        // In transit, or the agent is busy: the same id goes out again later; the deadline gate bounds how long.
        this.retryAt.set(job.reloadId, Date.now() + RETRY_AFTER_MS);
        log.warn({ err: error }, 'agent call failed; will send the same reload id again');
        return;
      }
      answer = refusal(job, error);
    }
    answered();
    this.metrics.dispatchSeconds.observe((Date.now() - started) / 1000);
    // An answer that can change a decision is written and acted on at once; a routine one may wait for others.
    const settles = !this.routine(job, answer) || !this.awaitingByRollout.has(job.lease.rolloutId);
    const recorded =
      job.kind === 'change'
        ? await this.store.recordResult(job.lease, step.hostName, job.reloadId, stepResult(answer, this.clock.now(), log), settles)
        : await this.store.recordRollback(job.lease, step.hostName, job.reloadId, {
            ok: outcomeFromWire(answer.outcome) === 'succeeded',
            ...(answer.error && { error: answer.error }),
            answeredAt: this.clock.now().toISOString(),
          });
    if (recorded === 'fenced') this.metrics.fencedWrites.inc();
    log.info({ outcome: outcomeFromWire(answer.outcome), failed: answer.probe?.failed ?? 0, recorded }, 'agent answered');
    if (settles) this.onRecorded(job.lease.rolloutId);
  }

  /**
   * A clean success of a forward step, with no maxUnavailable slot it could free, changes no
   * decision while others of its batch are still out: the batch's last answer (or the next
   * tick) settles it. Waking the scheduler for each such answer made it load a whole rollout
   * per host, which at a thousand hosts was most of the server's work.
   */
  private routine(job: SendJob, answer: wire.ReloadResult): boolean {
    const outcome = outcomeFromWire(answer.outcome);
    return (
      job.kind === 'change' &&
      job.spec.plan.maxUnavailable === undefined &&
      (outcome === 'succeeded' || outcome === 'validated') &&
      Number(answer.probe?.failed ?? 0) === 0
    );
  }
}

function refusal(job: SendJob, error: AgentCallError): wire.ReloadResult {
  // The agent refused before touching anything.
  return refusedResultToWire(job.reloadId, job.step.hostName, wire.Outcome.OUTCOME_REJECTED, error.message, '');
}

/** What a rollback of the step will undo: the result's change records; a malformed one leaves the step without (and says so). */
function appliedChanges(answer: wire.ReloadResult, log: Logger): AppliedChange[] | undefined {
  try {
    return appliedChangesFromWire(answer.changes, 'result.changes');
  } catch (error) {
    if (!(error instanceof InvalidChangeError)) throw error;
    log.warn({ err: error }, 'the agent reported malformed change records; this step cannot be rolled back automatically');
    return undefined;
  }
}

function stepResult(answer: wire.ReloadResult, answeredAt: Date, log: Logger): StoredStepResult {
  const changes = appliedChanges(answer, log);
  return {
    outcome: outcomeFromWire(answer.outcome) ?? 'failed',
    ...(answer.error && { error: answer.error }),
    probe: { requests: answer.probe?.requests ?? 0, failed: answer.probe?.failed ?? 0 },
    ...(answer.backendServers && {
      backendServers: { total: answer.backendServers.total, up: answer.backendServers.up, notRunning: [...answer.backendServers.notRunning] },
    }),
    ...(changes && { changes }),
    answeredAt: answeredAt.toISOString(),
  };
}
