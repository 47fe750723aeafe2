// Creating rollouts and the operator's commands on them. Validation, planning and
// the blast-radius confirmation are @hitless/rollout's; this service adds what needs
// the database: the inventory, busy hosts, the idempotency key, the audit log.
import { randomUUID } from 'node:crypto';
import { abortRollout, checkConfirmation, parseRolloutSpec, pauseRollout, planRollout, resumeRollout, type RolloutSpec, type RolloutTransition } from '@hitless/rollout';
import type { AuditRepository } from '../audit/audit.repository';
import { actorOf, auditActor, type Principal, type Role } from '../auth/roles';
import type { Transactions } from '../database/transactions';
import { BadInputError, ConflictError, NotFoundError } from '../errors/domain-errors';
import type { HostDirectoryRepository } from '../hosts/host-directory.repository';
import { resultKey, type ResultKey } from '../results/reload-result-record';
import type { ReloadResultsRepository, ResultShape, StoredResult, StoredResultJson } from '../results/reload-results.repository';
import type { WindowsRepository } from '../windows/windows.repository';
import { canonicalJson } from './canonical-json';
import { mayReadHaproxyOutput, withoutHaproxyOutput } from './haproxy-output-policy';
import type { RolloutRecord, StepRecord } from './rollout-records';
import type { RolloutState } from './rollout-state-types';
import type { RolloutListFilter, RolloutsRepository } from './rollouts.repository';

const MAX_FLEET = 100_000;

export interface CreateRolloutInput {
  name: string;
  spec: unknown;
  idempotencyKey?: string;
}

export interface CreatedRollout {
  rollout: RolloutRecord;
  /** False when the idempotency key named an earlier request: nothing new was stored. */
  created: boolean;
}

/** A step as the rollout's detail lists it. */
export type StepSummary = StepRecord & {
  /** The step's reload result cut to what a progress view shows: outcome, strategy, error, phases, probe. */
  reloadResult: StoredResultJson | null;
  rollbackReloadResult: StoredResultJson | null;
};

export interface RolloutDetail {
  rollout: RolloutRecord;
  steps: StepSummary[];
}

/** One host's step with everything recorded for it: its reload results whole. */
export interface StepDetail {
  rolloutId: string;
  step: StepRecord;
  reloadResult: StoredResultJson | null;
  rollbackReloadResult: StoredResultJson | null;
  /** Fields left out for the caller's role because they quote HAProxy itself (see haproxy-output-policy). */
  hidden: string[];
}

/** The keys of a step's change and rollback results. */
function resultKeys(step: StepRecord): ResultKey[] {
  return [step.reloadId, step.rollbackReloadId].flatMap((reloadId) => (reloadId === null ? [] : [{ hostName: step.hostName, reloadId }]));
}

/** A step with its change and rollback results looked up by host and reload id (null: none stored yet). */
function withResults(step: StepRecord, results: ReadonlyMap<string, StoredResult>): StepSummary {
  const change = step.reloadId === null ? undefined : results.get(resultKey({ hostName: step.hostName, reloadId: step.reloadId }));
  const rollback = step.rollbackReloadId === null ? undefined : results.get(resultKey({ hostName: step.hostName, reloadId: step.rollbackReloadId }));
  return {
    ...step,
    reloadResult: change?.result ?? null,
    rollbackReloadResult: rollback?.result ?? null,
  };
}

/**
 * `confirm` acknowledges a rollout's reach; it changes nothing the rollout does. A retry
 * that asks again before confirming (as the CLI does) is the same request as the first.
 */
function withoutConfirm(spec: unknown): unknown {
  if (spec === null || typeof spec !== 'object' || Array.isArray(spec)) return spec;
  const rest: Record<string, unknown> = { ...spec };
  delete rest.confirm;
  return rest;
}

export class RolloutsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly rollouts: RolloutsRepository,
    private readonly results: ReloadResultsRepository,
    private readonly hosts: HostDirectoryRepository,
    private readonly windows: WindowsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(input: CreateRolloutInput, principal: Principal): Promise<CreatedRollout> {
    const spec: RolloutSpec = parseRolloutSpec(input.spec);
    const inventory = await this.hosts.list({ limit: MAX_FLEET });
    const plan = planRollout(spec, inventory);
    if (spec.windowId !== undefined && !(await this.windows.exists(spec.windowId))) {
      throw new BadInputError([{ field: 'spec.windowId', message: `no maintenance window '${spec.windowId}'` }]);
    }
    return this.transactions.run(async (tx) => {
      await this.rollouts.lockCreation(tx);
      if (input.idempotencyKey) {
        const earlier = await this.rollouts.findByIdempotencyKey(input.idempotencyKey, tx);
        if (earlier) {
          if (canonicalJson(withoutConfirm(earlier.spec)) !== canonicalJson(withoutConfirm(input.spec)) || earlier.name !== input.name) {
            throw new ConflictError(`idempotency key '${input.idempotencyKey}' was used for a different rollout`, { rolloutId: earlier.id });
          }
          return { rollout: earlier, created: false };
        }
      }
      // After the idempotency lookup: a repeated request finds its rollout even if the fleet has changed since.
      checkConfirmation(spec, plan);
      const targeted = plan.batches.flat();
      const held = await this.rollouts.hostsHeldByActiveRollouts(tx, targeted);
      if (held.length > 0) {
        throw new ConflictError(`hosts already have a rollout in flight: ${held.map((h) => `${h.hostName} (rollout ${h.rolloutId})`).join(', ')}`, { busyHosts: held });
      }
      const id = randomUUID();
      await this.rollouts.insert(tx, {
        id,
        name: input.name,
        spec: input.spec as Record<string, unknown>,
        windowId: spec.windowId ?? null,
        notBefore: spec.scheduledStart ?? null,
        dryRun: spec.dryRun,
        idempotencyKey: input.idempotencyKey ?? null,
        createdBy: actorOf(principal),
        batches: plan.batches,
        skipped: plan.skipped.map((s) => s.host),
      });
      await this.audit.record(tx, { ...auditActor(principal), action: 'rollout.create', target: id, details: { name: input.name, batches: plan.batches, dryRun: spec.dryRun } });
      const rollout = await this.rollouts.find(id, tx);
      if (!rollout) throw new Error(`rollout ${id} vanished inside its own transaction`);
      return { rollout, created: true };
    });
  }

  list(filter: RolloutListFilter): Promise<RolloutRecord[]> {
    return this.rollouts.list(filter);
  }

  /**
   * The rollout and every step, each with its reload results cut to the figures a progress
   * view shows; `step` has them whole.
   */
  async detail(id: string): Promise<RolloutDetail> {
    const rollout = await this.rollouts.find(id);
    if (!rollout) throw new NotFoundError(`rollout '${id}'`);
    const steps = await this.rollouts.steps(id);
    const results = await this.resultsOf(steps, 'compact');
    return { rollout, steps: steps.map((step) => withResults(step, results)) };
  }

  async step(id: string, hostName: string, role: Role): Promise<StepDetail> {
    const step = await this.rollouts.step(id, hostName);
    if (!step) throw new NotFoundError(`host '${hostName}' in rollout '${id}'`);
    const { reloadResult, rollbackReloadResult, ...view } = withResults(step, await this.resultsOf([step], 'whole'));
    if (mayReadHaproxyOutput(role)) return { rolloutId: id, step: view, reloadResult, rollbackReloadResult, hidden: [] };
    const change = withoutHaproxyOutput(reloadResult);
    const rollback = withoutHaproxyOutput(rollbackReloadResult);
    return {
      rolloutId: id,
      step: view,
      reloadResult: change.result,
      rollbackReloadResult: rollback.result,
      hidden: [...(change.hidden ? ['reloadResult.validationOutput'] : []), ...(rollback.hidden ? ['rollbackReloadResult.validationOutput'] : [])],
    };
  }

  private resultsOf(steps: readonly StepRecord[], shape: ResultShape): Promise<Map<string, StoredResult>> {
    return this.results.find(steps.flatMap(resultKeys), shape);
  }

  pause(id: string, principal: Principal): Promise<RolloutRecord> {
    return this.command(id, principal, 'pause', pauseRollout);
  }

  resume(id: string, principal: Principal): Promise<RolloutRecord> {
    return this.command(id, principal, 'resume', resumeRollout);
  }

  abort(id: string, principal: Principal): Promise<RolloutRecord> {
    return this.command(id, principal, 'abort', abortRollout);
  }

  /** The lib decides whether the command is allowed (else RolloutConflictError, a 409); the row lock keeps the check and the write together. */
  private async command(id: string, principal: Principal, action: string, transition: (rollout: { state: RolloutState; steps: { state: StepRecord['state'] }[] }) => RolloutTransition): Promise<RolloutRecord> {
    return this.transactions.run(async (tx) => {
      const locked = await this.rollouts.lockState(tx, id);
      if (!locked) throw new NotFoundError(`rollout '${id}'`);
      const steps = await this.rollouts.steps(id, tx);
      const next = transition({ state: locked, steps });
      const updated = await this.rollouts.transition(tx, id, [locked], next.state, next.stopReason);
      if (!updated) throw new Error(`rollout ${id} changed state under a row lock`);
      await this.audit.record(tx, { ...auditActor(principal), action: `rollout.${action}`, target: id, details: { from: locked, to: next.state } });
      return updated;
    });
  }
}
