// The scheduler's reads and writes. A decision is written as @hitless/rollout's
// applyActions says it changes the steps: this store computes the steps after
// the decision with that one definition and writes the difference, so it cannot
// give an action a meaning of its own. Every write happens in a transaction
// that first proves (and pins, FOR SHARE) this replica's lease at its epoch: a
// write from a stale leader changes nothing and says 'fenced'. Steps are claimed
// (state + reload id written) before any call goes out, so a crash after the
// call finds the id to send again.
//
// Agents' reload results are not written here: the result intake stores each
// once (reload_results) and steps refer to them by reload id. This store only
// records a refusal, the answer of a call that never reached the engine.
import { parseAgentAddress } from '@hitless/agent-wire';
import { applyActions, type HostStep, type RolloutAction, type RolloutDecision, type RolloutSnapshot } from '@hitless/rollout';
import type { Fragment, Sql, Tx } from '../database/sql-client';
import { WriteBatcher } from '../database/write-batcher';
import { AuditRepository } from '../audit/audit.repository';
import type { HostDirectoryRepository } from '../hosts/host-directory.repository';
import { stepColumns, withResult, type RolloutsRepository } from '../rollouts/rollouts.repository';
import { toSchedulerStep, type Refusal, type RolloutRecord, type SchedulerStep, type SchedulerStepRow } from '../rollouts/rollout-records';
import type { WindowsRepository } from '../windows/windows.repository';
import { stepReloadId } from '../agents/step-reload-id';
import type { Lease, RolloutLeases } from './rollout-leases';

export type FencedOutcome = 'done' | 'fenced' | 'stale';

type Json = Parameters<Sql['json']>[0];

export interface LoadedRollout {
  rollout: RolloutRecord;
  steps: SchedulerStep[];
  onlineHosts: Set<string>;
  addresses: Map<string, string>;
  windowSpec?: Record<string, unknown>;
}

/** Steps this decision claimed: the calls to make once it has committed. */
export interface Claimed {
  hostName: string;
  reloadId: string;
  kind: 'change' | 'rollback';
}

interface Dispatch {
  lease: Lease;
  hostName: string;
  reloadId: string;
}

// A batch's calls go out in one loop: their dispatch records meet within a millisecond.
const DISPATCH_WINDOW_MS = 1;

/** The actions that claim steps for a call: written one by one, since the database may refuse a claim. */
type ClaimAction = Extract<RolloutAction, { type: 'dispatch' | 'dispatch-rollback' }>;

function isClaim(action: RolloutAction): action is ClaimAction {
  return action.type === 'dispatch' || action.type === 'dispatch-rollback';
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

/**
 * The stored fields of a step, as written: every HostStep field an action can change. The
 * integration test compares what is read back with applyDecision's steps, field by field.
 */
function stepColumnsOf(step: HostStep) {
  return {
    state: step.state,
    changed: step.changed ?? null,
    finished_at: step.finishedAt?.toISOString() ?? null,
    failure_reasons: step.failureReasons === undefined ? null : JSON.stringify(step.failureReasons),
    dispatched_at: step.dispatchedAt?.toISOString() ?? null,
    rollback_dispatched_at: step.rollbackDispatchedAt?.toISOString() ?? null,
  };
}

export class SchedulerStore {
  private readonly audit: AuditRepository;
  private readonly dispatches = new WriteBatcher<Dispatch, void>((dispatches) => this.insertDispatches(dispatches), DISPATCH_WINDOW_MS);

  constructor(
    private readonly sql: Sql,
    private readonly leases: RolloutLeases,
    private readonly rollouts: RolloutsRepository,
    private readonly hosts: HostDirectoryRepository,
    private readonly windows: WindowsRepository,
  ) {
    this.audit = new AuditRepository(sql);
  }

  async load(rolloutId: string): Promise<LoadedRollout | undefined> {
    const rollout = await this.rollouts.find(rolloutId);
    if (!rollout) return undefined;
    const steps = await this.steps(rolloutId);
    const hosts = await this.hosts.ofRollout(rolloutId);
    const window = rollout.windowId ? await this.windows.find(this.sql, rollout.windowId) : undefined;
    // An address the gateway would refuse today (a row from before it checked) is no address at all.
    const reachable = hosts.filter((h) => h.agentAddress !== null && parseAgentAddress(h.agentAddress) !== undefined);
    return {
      rollout,
      steps,
      onlineHosts: new Set(reachable.filter((h) => h.online).map((h) => h.name)),
      addresses: new Map(reachable.map((h) => [h.name, h.agentAddress as string])),
      windowSpec: window?.spec,
    };
  }

  /** The steps with the figures of their change and rollback results, which the gates judge. */
  private async steps(rolloutId: string): Promise<SchedulerStep[]> {
    const sql = this.sql;
    const rows = await sql<SchedulerStepRow[]>`
      SELECT ${stepColumns(sql)},
             r.result->>'error' AS result_error, r.result->'probe'->>'requests' AS result_requests,
             r.result->'backendServers' AS result_backend_servers, r.received_at AS result_received_at,
             rb.outcome AS rollback_outcome, rb.result->>'error' AS rollback_error, rb.received_at AS rollback_received_at
      FROM rollout_steps s ${withResult(sql)}
        LEFT JOIN reload_results rb ON rb.reload_id = s.rollback_reload_id AND rb.host_name = s.host_name
      WHERE s.rollout_id = ${rolloutId} ORDER BY s.batch, s.position`;
    return rows.map(toSchedulerStep);
  }

  private async fenced<T>(lease: Lease, write: (tx: Tx) => Promise<T>): Promise<{ outcome: 'fenced' } | { outcome: 'done'; value: T }> {
    return this.sql.begin(async (tx) => {
      if (!(await this.leases.holds(tx, lease))) return { outcome: 'fenced' as const };
      return { outcome: 'done' as const, value: await write(tx) };
    });
  }

  /**
   * Applies one decision, made from `snapshot`, in one transaction. Returns the steps it
   * claimed, or 'fenced'. A claim that would give a host a second reload in flight (the
   * partial unique index) is left pending for a later tick.
   */
  async apply(
    lease: Lease,
    loaded: LoadedRollout,
    snapshot: RolloutSnapshot,
    decision: RolloutDecision,
    now: Date,
  ): Promise<{ outcome: 'fenced' } | { outcome: 'done'; value: Claimed[] }> {
    const attempts = new Map(loaded.steps.map((step) => [step.hostName, step.attempt]));
    return this.fenced(lease, async (tx) => {
      const claimed: Claimed[] = [];
      let steps = snapshot.steps;
      let plain: RolloutAction[] = [];
      // Actions in their order; the plain ones between two claims are written together.
      const writePlain = async () => {
        const after = applyActions(steps, plain, now);
        await this.writeSteps(tx, lease, steps, after);
        steps = after;
        plain = [];
      };
      for (const action of decision.actions) {
        if (!isClaim(action)) {
          plain.push(action);
          continue;
        }
        await writePlain();
        const kind = action.type === 'dispatch' ? 'change' : 'rollback';
        const after = applyActions(steps, [action], now);
        const refused = new Set<string>();
        for (const [hostName, reloadId] of await this.claim(tx, lease, steps, after, action, loaded.rollout.dryRun, attempts)) {
          if (reloadId === undefined) refused.add(hostName);
          else claimed.push({ hostName, reloadId, kind });
        }
        // A refused claim leaves its step as it was.
        steps = after.map((step, i) => (refused.has(step.host) ? steps[i] : step));
      }
      await writePlain();
      for (const action of decision.actions) {
        if (action.type === 'finish') {
          await tx`UPDATE rollouts SET summary = ${action.summary}, finished_at = now() WHERE id = ${lease.rolloutId}`;
          await this.audit.record(tx, { actor: `scheduler:${this.leases.replica}`, actorTokenId: null, action: 'rollout.finish', target: lease.rolloutId, details: { state: action.state, summary: action.summary } });
        }
        if (action.type === 'start-rollback') {
          await this.audit.record(tx, { actor: `scheduler:${this.leases.replica}`, actorTokenId: null, action: 'rollout.rollback', target: lease.rolloutId, details: { reason: action.reason, hosts: action.hosts } });
        }
      }
      // An operator's pause, resume or abort may have landed since the load; theirs wins, this tick's state is dropped.
      // Written only when something changed: most ticks decide "keep waiting".
      await tx`UPDATE rollouts SET state = ${decision.state}, stop_reason = coalesce(${decision.stopReason ?? null}, stop_reason), wake_at = ${decision.wakeAt}, updated_at = now()
               WHERE id = ${lease.rolloutId} AND state = ${loaded.rollout.state}
                 AND (state <> ${decision.state} OR wake_at IS DISTINCT FROM ${decision.wakeAt}::timestamptz OR stop_reason IS DISTINCT FROM coalesce(${decision.stopReason ?? null}, stop_reason))`;
      return claimed;
    });
  }

  /**
   * Writes every step that differs between `before` and `after`, in one statement. Each row is
   * written only if it is still in the state the decision saw: only this lease's holder changes
   * steps, so a mismatch can only be a decision made from a stale read, which must not land.
   */
  private async writeSteps(tx: Tx, lease: Lease, before: readonly HostStep[], after: readonly HostStep[]): Promise<void> {
    const changed = after.flatMap((step, i) => (step === before[i] ? [] : [{ was: before[i].state, ...stepColumnsOf(step), host: step.host }]));
    if (changed.length === 0) return;
    const column = <K extends keyof (typeof changed)[number]>(key: K) => changed.map((row) => row[key]);
    await tx`
      UPDATE rollout_steps s SET state = v.state, changed = v.changed::boolean, finished_at = v.finished_at::timestamptz,
             failure_reasons = v.failure_reasons::jsonb, dispatched_at = v.dispatched_at::timestamptz, rollback_dispatched_at = v.rollback_dispatched_at::timestamptz
      FROM unnest(${column('host')}::text[], ${column('was')}::text[], ${column('state')}::text[], ${column('changed').map((c) => (c === null ? null : String(c)))}::text[],
                  ${column('finished_at')}::text[], ${column('failure_reasons')}::text[], ${column('dispatched_at')}::text[], ${column('rollback_dispatched_at')}::text[])
        AS v(host_name, was, state, changed, finished_at, failure_reasons, dispatched_at, rollback_dispatched_at)
      WHERE s.rollout_id = ${lease.rolloutId} AND s.host_name = v.host_name AND s.state = v.was`;
  }

  /**
   * Claims the steps of one dispatch or dispatch-rollback: the step as `after` has it, plus the
   * reload id and the epoch of the lease that sent it. A whole batch in one statement; only when
   * a host is busy elsewhere (the one-in-flight index refuses the statement) is it claimed host
   * by host, and that one left as it was. Returns each host's reload id, undefined where refused.
   */
  private async claim(
    tx: Tx,
    lease: Lease,
    before: readonly HostStep[],
    after: readonly HostStep[],
    action: ClaimAction,
    dryRun: boolean,
    attempts: ReadonlyMap<string, number>,
  ): Promise<Map<string, string | undefined>> {
    const kind = action.type === 'dispatch' ? (dryRun ? 'dry-run' : 'change') : 'rollback';
    const idColumn = action.type === 'dispatch' ? 'reload_id' : 'rollback_reload_id';
    const index = new Map(after.map((step, i) => [step.host, i]));
    // In the action's order: a rollback's is the order it unwinds the fleet in.
    const rows = action.hosts.map((host) => {
      const i = index.get(host);
      const attempt = attempts.get(host);
      if (i === undefined || attempt === undefined) throw new Error(`decision claims ${host}, which has no step in rollout ${lease.rolloutId}`);
      return { host, was: before[i].state, reloadId: stepReloadId(lease.rolloutId, host, attempt, kind), ...stepColumnsOf(after[i]) };
    });
    const write = (sp: Tx, some: typeof rows) => {
      const column = <K extends keyof (typeof rows)[number]>(key: K) => some.map((row) => row[key]);
      return sp<{ host_name: string }[]>`
        UPDATE rollout_steps s SET ${sp(idColumn)} = v.reload_id, dispatched_epoch = ${lease.epoch},
               state = v.state, changed = v.changed::boolean, finished_at = v.finished_at::timestamptz, failure_reasons = v.failure_reasons::jsonb,
               dispatched_at = v.dispatched_at::timestamptz, rollback_dispatched_at = v.rollback_dispatched_at::timestamptz
        FROM unnest(${column('host')}::text[], ${column('was')}::text[], ${column('reloadId')}::text[], ${column('state')}::text[],
                    ${column('changed').map((c) => (c === null ? null : String(c)))}::text[], ${column('finished_at')}::text[], ${column('failure_reasons')}::text[],
                    ${column('dispatched_at')}::text[], ${column('rollback_dispatched_at')}::text[])
          AS v(host_name, was, reload_id, state, changed, finished_at, failure_reasons, dispatched_at, rollback_dispatched_at)
        WHERE s.rollout_id = ${lease.rolloutId} AND s.host_name = v.host_name AND s.state = v.was
        RETURNING s.host_name`;
    };
    const result = new Map<string, string | undefined>();
    const together = await this.inSavepoint(tx, (sp) => write(sp, rows));
    for (const row of rows) {
      const written = together !== undefined ? together.some((w) => w.host_name === row.host) : (await this.inSavepoint(tx, (sp) => write(sp, [row])))?.length === 1;
      result.set(row.host, written ? row.reloadId : undefined);
    }
    return result;
  }

  /** In a savepoint, so a statement the one-in-flight index refuses does not abort the decision's transaction: undefined then. */
  private async inSavepoint<T>(tx: Tx, update: (sp: Tx) => Promise<readonly T[]>): Promise<readonly T[] | undefined> {
    try {
      return await tx.savepoint((sp) => update(sp));
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /**
   * One UPDATE under the lease, as a single statement: the lease row is share-locked in a CTE
   * and the write happens only if it was found. Same guarantee as `fenced` (a take-over waits for
   * this statement, or this statement sees the new epoch and writes nothing) in one round trip.
   * The UPDATE returns `host_name`.
   */
  private async fencedUpdate(lease: Lease, update: (held: Fragment) => Fragment): Promise<FencedOutcome> {
    const held = this.sql`SELECT 1 FROM held`;
    const [row] = await this.sql<{ held: boolean; written: number }[]>`
      WITH held AS (${this.leases.heldRow(this.sql, lease)}), written AS (${update(held)})
      SELECT EXISTS (SELECT 1 FROM held) AS held, (SELECT count(*) FROM written)::int AS written`;
    if (!row.held) return 'fenced';
    return row.written > 0 ? 'done' : 'stale';
  }

  /**
   * The agent refused the step's call before anything ran (or, for a rollback, it could not be
   * built): there will be no reload result, so the refusal is what the gates judge. Recorded
   * once; 'stale' when the step has moved on or already has its answer.
   */
  recordRefusal(lease: Lease, hostName: string, reloadId: string, kind: 'change' | 'rollback', refusal: Refusal): Promise<FencedOutcome> {
    const json = this.sql.json(refusal as unknown as Json);
    return this.fencedUpdate(lease, (held) =>
      kind === 'change'
        ? this.sql`
          UPDATE rollout_steps SET refusal = ${json}
          WHERE rollout_id = ${lease.rolloutId} AND host_name = ${hostName} AND reload_id = ${reloadId} AND state = 'dispatched' AND refusal IS NULL
            AND EXISTS (${held})
          RETURNING host_name`
        : this.sql`
          UPDATE rollout_steps SET rollback_refusal = ${json}
          WHERE rollout_id = ${lease.rolloutId} AND host_name = ${hostName} AND rollback_reload_id = ${reloadId} AND state = 'rolling-back' AND rollback_refusal IS NULL
            AND EXISTS (${held})
          RETURNING host_name`,
    );
  }

  /**
   * True while the step still waits for this reload id's answer: no result stored for it and no
   * refusal recorded. Checked right before a call, because the snapshot that chose to send may
   * predate an answer that has been recorded since.
   */
  async awaitsAnswer(rolloutId: string, hostName: string, reloadId: string, kind: 'change' | 'rollback'): Promise<boolean> {
    const rows =
      kind === 'change'
        ? await this.sql`
          SELECT 1 FROM rollout_steps s WHERE s.rollout_id = ${rolloutId} AND s.host_name = ${hostName} AND s.reload_id = ${reloadId} AND s.state = 'dispatched' AND s.refusal IS NULL
            AND NOT EXISTS (SELECT 1 FROM reload_results r WHERE r.reload_id = ${reloadId} AND r.host_name = ${hostName})`
        : await this.sql`
          SELECT 1 FROM rollout_steps s WHERE s.rollout_id = ${rolloutId} AND s.host_name = ${hostName} AND s.rollback_reload_id = ${reloadId} AND s.state = 'rolling-back' AND s.rollback_refusal IS NULL
            AND NOT EXISTS (SELECT 1 FROM reload_results r WHERE r.reload_id = ${reloadId} AND r.host_name = ${hostName})`;
    return rows.length === 1;
  }

  /** Every Reload call actually made: how "dispatched once" is checked from the database. Recorded before the call goes out. */
  logDispatch(lease: Lease, hostName: string, reloadId: string): Promise<void> {
    return this.dispatches.submit({ lease, hostName, reloadId });
  }

  private async insertDispatches(dispatches: Dispatch[]): Promise<void[]> {
    const column = <T>(pick: (dispatch: Dispatch) => T) => dispatches.map(pick);
    await this.sql`
      INSERT INTO step_dispatches (rollout_id, host_name, reload_id, replica, epoch)
      SELECT v.rollout_id, v.host_name, v.reload_id, ${this.leases.replica}, v.epoch
      FROM unnest(${column((d) => d.lease.rolloutId)}::uuid[], ${column((d) => d.hostName)}::text[], ${column((d) => d.reloadId)}::text[], ${column((d) => d.lease.epoch)}::bigint[])
        AS v(rollout_id, host_name, reload_id, epoch)`;
    return dispatches.map(() => undefined);
  }
}
