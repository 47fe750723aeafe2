// Creating rollouts and the operator's commands on them. Validation, planning and
// the blast-radius confirmation are @hitless/rollout's; this service adds what needs
// the database: the inventory, busy hosts, the idempotency key, the audit log.
import { randomUUID } from 'node:crypto';
import type { agentResultSchema } from '@hitless/api-contract';
import { abortRollout, checkConfirmation, parseRolloutSpec, pauseRollout, planRollout, resumeRollout, type RolloutSpec, type RolloutTransition } from '@hitless/rollout';
import type { AuditRepository } from '../audit/audit.repository';
import { actorOf, auditActor, type Principal, type Role } from '../auth/roles';
import type { Sql } from '../database/sql-client';
import { BadInputError, ConflictError, NotFoundError } from '../errors/domain-errors';
import type { HostDirectoryRepository } from '../hosts/host-directory.repository';
import type { WindowsRepository } from '../windows/windows.repository';
import type { z } from 'zod';
import { canonicalJson } from './canonical-json';
import { mayReadHaproxyOutput, withoutHaproxyOutput } from './haproxy-output-policy';
import type { RolloutRecord, StepRecord } from './rollout-records';
import type { RolloutState } from './rollout-state-types';
import type { RolloutListFilter, RolloutsRepository } from './rollouts.repository';

// Serialises rollout creation, so two requests cannot both find a host free.
const CREATE_LOCK = 7_405_155_302;
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

/** An agent's result as stored: its ReloadResult in proto3 JSON, as it arrived. */
type StoredAgentResult = z.input<typeof agentResultSchema>;

/** A step as the rollout's detail lists it: the scheduler's own copies of the answers left out. */
export type StepSummary = Omit<StepRecord, 'result' | 'rollbackResult'> & {
  /** The agent's result reduced to what a progress view shows: outcome, strategy, error, phases, probe. */
  agentResult: StoredAgentResult | null;
  rollbackAgentResult: StoredAgentResult | null;
};

export interface RolloutDetail {
  rollout: RolloutRecord;
  steps: StepSummary[];
}

/** One host's step with everything recorded for it: the agents' whole results. */
export interface StepDetail {
  rolloutId: string;
  step: StepRecord;
  agentResult: StoredAgentResult | null;
  rollbackAgentResult: StoredAgentResult | null;
  /** Fields left out for the caller's role because they quote HAProxy itself (see haproxy-output-policy). */
  hidden: string[];
}

/** Results are keyed by host and reload id together: an id alone is only what some agent claimed. */
const resultKey = (hostName: string, reloadId: string) => `${hostName}\n${reloadId}`;

/** A step's change and rollback results, from its own host's results by reload id (null: none yet). */
function answersOf(step: Pick<StepRecord, 'hostName' | 'reloadId' | 'rollbackReloadId'>, results: ReadonlyMap<string, StoredAgentResult>): { agentResult: StoredAgentResult | null; rollbackAgentResult: StoredAgentResult | null } {
  return {
    agentResult: step.reloadId ? (results.get(resultKey(step.hostName, step.reloadId)) ?? null) : null,
    rollbackAgentResult: step.rollbackReloadId ? (results.get(resultKey(step.hostName, step.rollbackReloadId)) ?? null) : null,
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
    private readonly sql: Sql,
    private readonly rollouts: RolloutsRepository,
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
    return this.sql.begin(async (tx) => {
      await tx`SELECT pg_advisory_xact_lock(${CREATE_LOCK})`;
      if (input.idempotencyKey) {
        const earlier = await this.rollouts.findByIdempotencyKey(tx, input.idempotencyKey);
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
      const rollout = await this.rollouts.find(tx, id);
      if (!rollout) throw new Error(`rollout ${id} vanished inside its own transaction`);
      return { rollout, created: true };
    });
  }

  list(filter: RolloutListFilter): Promise<RolloutRecord[]> {
    return this.rollouts.list(filter);
  }

  /**
   * The rollout and every step, each with its agent's result cut to the figures a progress view
   * shows. The whole results (summary lines, pids, validation output) of a thousand hosts made
   * this answer ~2 MB, polled every few seconds by each open dashboard; `step` has them.
   */
  async detail(id: string): Promise<RolloutDetail> {
    const rollout = await this.rollouts.find(this.sql, id);
    if (!rollout) throw new NotFoundError(`rollout '${id}'`);
    const steps = await this.rollouts.stepSummaries(this.sql, id);
    const results = await this.agentResults(steps, 'compact');
    return {
      rollout,
      steps: steps.map(({ result: _ownCopy, rollbackResult: _ownRollbackCopy, ...step }) => ({ ...step, ...answersOf(step, results) })),
    };
  }

  async step(id: string, hostName: string, role: Role): Promise<StepDetail> {
    const step = await this.rollouts.step(this.sql, id, hostName);
    if (!step) throw new NotFoundError(`host '${hostName}' in rollout '${id}'`);
    const results = await this.agentResults([step], 'whole');
    const answers = answersOf(step, results);
    if (mayReadHaproxyOutput(role)) return { rolloutId: id, step, ...answers, hidden: [] };
    const change = withoutHaproxyOutput(answers.agentResult);
    const rollback = withoutHaproxyOutput(answers.rollbackAgentResult);
    return {
      rolloutId: id,
      step,
      agentResult: change.result,
      rollbackAgentResult: rollback.result,
      hidden: [...(change.hidden ? ['agentResult.validationOutput'] : []), ...(rollback.hidden ? ['rollbackAgentResult.validationOutput'] : [])],
    };
  }

  private async agentResults(steps: readonly StepRecord[], shape: 'compact' | 'whole'): Promise<Map<string, StoredAgentResult>> {
    const wanted = steps.flatMap((s) => [s.reloadId, s.rollbackReloadId].filter((id): id is string => id !== null).map((id) => ({ host: s.hostName, id })));
    if (wanted.length === 0) return new Map();
    const result =
      shape === 'whole'
        ? this.sql`result`
        : this.sql`jsonb_strip_nulls(jsonb_build_object('outcome', result->'outcome', 'strategy', result->'strategy', 'error', result->'error', 'phases', result->'phases', 'probe', result->'probe'))`;
    const rows = await this.sql<{ host_name: string; reload_id: string; result: StoredAgentResult }[]>`
      SELECT r.host_name, r.reload_id, ${result} AS result
      FROM reload_results r JOIN unnest(${wanted.map((w) => w.host)}::text[], ${wanted.map((w) => w.id)}::text[]) AS w(host_name, reload_id)
        ON r.reload_id = w.reload_id AND r.host_name = w.host_name`;
    return new Map(rows.map((row) => [resultKey(row.host_name, row.reload_id), row.result]));
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
    return this.sql.begin(async (tx) => {
      const [locked] = await tx<{ state: RolloutState }[]>`SELECT state FROM rollouts WHERE id = ${id} FOR UPDATE`;
      if (!locked) throw new NotFoundError(`rollout '${id}'`);
      const steps = await this.rollouts.steps(tx, id);
      const next = transition({ state: locked.state, steps });
      const updated = await this.rollouts.transition(tx, id, [locked.state], next.state, next.stopReason);
      if (!updated) throw new Error(`rollout ${id} changed state under a row lock`);
      await this.audit.record(tx, { ...auditActor(principal), action: `rollout.${action}`, target: id, details: { from: locked.state, to: next.state } });
      return updated;
    });
  }
}
