// Every write the scheduler makes, each in a transaction that first proves (and
// pins, FOR SHARE) this replica's lease at its epoch. A write from a stale
// leader changes nothing and says 'fenced'; an answer for a step that has moved
// on says 'stale'. Steps are claimed (state + reload id written) before any
// call goes out, so a crash after the call finds the id to send again.
import { parseAgentAddress } from '@hitless/agent-wire';
import type { RolloutDecision } from '@hitless/rollout';
import type { Fragment, Sql, Tx } from '../database/sql-client';
import { WriteBatcher } from '../database/write-batcher';
import { AuditRepository } from '../audit/audit.repository';
import { RolloutsRepository } from '../rollouts/rollouts.repository';
import type { RolloutRecord, StepRecord, StoredRollbackResult, StoredStepResult } from '../rollouts/rollout-records';
import { stepReloadId } from '../agents/step-reload-id';
import type { Lease, RolloutLeases } from './rollout-leases';

export type FencedOutcome = 'done' | 'fenced' | 'stale';

type Json = Parameters<Sql['json']>[0];

export interface LoadedRollout {
  rollout: RolloutRecord;
  steps: StepRecord[];
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

/** A forward step's answer, waiting to be written with others that arrived with it. */
interface ForwardAnswer {
  lease: Lease;
  hostName: string;
  reloadId: string;
  result: StoredStepResult;
}

interface Dispatch {
  lease: Lease;
  hostName: string;
  reloadId: string;
}

// A batch's calls go out in one loop: their dispatch records meet within a millisecond.
const DISPATCH_WINDOW_MS = 1;
// Answers spread over the batch's reload times; the one that settles a batch is written at once.
const ANSWER_WINDOW_MS = 20;

/** 'fenced' when the lease was not held; else whether this host's row was written. */
function fencedOutcome(write: { held: boolean; written: ReadonlySet<string> }, hostName: string): FencedOutcome {
  if (!write.held) return 'fenced';
  return write.written.has(hostName) ? 'done' : 'stale';
}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === '23505';
}

export class SchedulerStore {
  private readonly rollouts: RolloutsRepository;
  private readonly audit: AuditRepository;
  private readonly answers = new WriteBatcher<ForwardAnswer, FencedOutcome>((answers) => this.writeAnswers(answers), ANSWER_WINDOW_MS);
  private readonly dispatches = new WriteBatcher<Dispatch, void>((dispatches) => this.insertDispatches(dispatches), DISPATCH_WINDOW_MS);

  constructor(
    private readonly sql: Sql,
    private readonly leases: RolloutLeases,
    private readonly onlineWithinSeconds: number,
  ) {
    this.rollouts = new RolloutsRepository(sql);
    this.audit = new AuditRepository(sql);
  }

  private async fenced<T>(lease: Lease, write: (tx: Tx) => Promise<T>): Promise<{ outcome: 'fenced' } | { outcome: 'done'; value: T }> {
    return this.sql.begin(async (tx) => {
      if (!(await this.leases.holds(tx, lease))) return { outcome: 'fenced' as const };
      return { outcome: 'done' as const, value: await write(tx) };
    });
  }

  async load(rolloutId: string): Promise<LoadedRollout | undefined> {
    const rollout = await this.rollouts.find(this.sql, rolloutId);
    if (!rollout) return undefined;
    const steps = await this.rollouts.steps(this.sql, rolloutId);
    const hosts = await this.sql<{ name: string; agent_address: string | null; online: boolean }[]>`
      SELECT h.name, h.agent_address, coalesce(h.last_heartbeat_at > now() - make_interval(secs => ${this.onlineWithinSeconds}), false) AS online
      FROM hosts h JOIN rollout_steps s ON s.host_name = h.name WHERE s.rollout_id = ${rolloutId}`;
    const [window] = rollout.windowId
      ? await this.sql<{ spec: Record<string, unknown> }[]>`SELECT spec FROM maintenance_windows WHERE id = ${rollout.windowId}`
      : [];
    // An address the gateway would refuse today (a row from before it checked) is no address at all.
    const reachable = hosts.filter((h) => h.agent_address !== null && parseAgentAddress(h.agent_address) !== undefined);
    return {
      rollout,
      steps,
      onlineHosts: new Set(reachable.filter((h) => h.online).map((h) => h.name)),
      addresses: new Map(reachable.map((h) => [h.name, h.agent_address as string])),
      windowSpec: window?.spec,
    };
  }

  /**
   * Applies one decision in one transaction. Returns the steps it claimed, or
   * 'fenced'. A claim that would give a host a second reload in flight (the
   * partial unique index) is left pending for a later tick.
   */
  async apply(lease: Lease, loaded: LoadedRollout, decision: RolloutDecision, now: Date): Promise<{ outcome: 'fenced' } | { outcome: 'done'; value: Claimed[] }> {
    const byHost = new Map(loaded.steps.map((step) => [step.hostName, step]));
    return this.fenced(lease, async (tx) => {
      const claimed: Claimed[] = [];
      await this.settleSteps(tx, lease, decision);
      for (const action of decision.actions) {
        switch (action.type) {
          case 'settle-step':
            // Written together with the others of this decision, above.
            break;
          case 'skip-step':
            await tx`UPDATE rollout_steps SET state = 'skipped', failure_reasons = ${this.sql.json(['offline'] as Json)}
                     WHERE rollout_id = ${lease.rolloutId} AND host_name = ${action.host} AND state = 'pending'`;
            break;
          case 'settle-rollback':
            await tx`UPDATE rollout_steps SET state = ${action.state}, finished_at = ${action.at},
                       failure_reasons = CASE WHEN ${action.reason ?? null}::text IS NULL THEN failure_reasons
                                              ELSE coalesce(failure_reasons, '[]'::jsonb) || to_jsonb(${action.reason ?? null}::text) END
                     WHERE rollout_id = ${lease.rolloutId} AND host_name = ${action.host} AND state = 'rolling-back'`;
            break;
          case 'dispatch': {
            const reloadIds = action.hosts.map((host) => {
              const step = byHost.get(host);
              if (!step) throw new Error(`decision dispatches ${host}, which has no step in rollout ${lease.rolloutId}`);
              return stepReloadId(lease.rolloutId, host, step.attempt, loaded.rollout.dryRun ? 'dry-run' : 'change');
            });
            // A whole batch in one statement; only when a host is busy elsewhere (the one-in-flight
            // index refuses the statement) is it claimed host by host, leaving that one pending.
            const together = await this.claimAll(tx, (sp) => sp<{ host_name: string }[]>`
              UPDATE rollout_steps s SET state = 'dispatched', reload_id = v.reload_id, dispatched_epoch = ${lease.epoch}, dispatched_at = ${now}
              FROM unnest(${action.hosts as string[]}::text[], ${reloadIds}::text[]) AS v(host_name, reload_id)
              WHERE s.rollout_id = ${lease.rolloutId} AND s.host_name = v.host_name AND s.state = 'pending' RETURNING s.host_name`);
            const claimedHosts = together ? new Set(together.map((row) => row.host_name)) : new Set<string>();
            for (const [i, host] of action.hosts.entries()) {
              const reloadId = reloadIds[i];
              const claimedNow =
                together !== undefined
                  ? claimedHosts.has(host)
                  : await this.claim(tx, (sp) => sp`
                UPDATE rollout_steps SET state = 'dispatched', reload_id = ${reloadId}, dispatched_epoch = ${lease.epoch}, dispatched_at = ${now}
                WHERE rollout_id = ${lease.rolloutId} AND host_name = ${host} AND state = 'pending' RETURNING host_name`);
              if (claimedNow) {
                claimed.push({ hostName: host, reloadId, kind: 'change' });
              }
            }
            break;
          }
          case 'dispatch-rollback':
            for (const host of action.hosts) {
              const step = byHost.get(host);
              if (!step) throw new Error(`decision rolls back ${host}, which has no step in rollout ${lease.rolloutId}`);
              const reloadId = stepReloadId(lease.rolloutId, host, step.attempt, 'rollback');
              const claimedNow = await this.claim(tx, (sp) => sp`
                UPDATE rollout_steps SET state = 'rolling-back', rollback_reload_id = ${reloadId}, dispatched_epoch = ${lease.epoch}, rollback_dispatched_at = ${now}
                WHERE rollout_id = ${lease.rolloutId} AND host_name = ${host} AND state IN ('succeeded', 'failed') RETURNING host_name`);
              if (claimedNow) {
                claimed.push({ hostName: host, reloadId, kind: 'rollback' });
              }
            }
            break;
          case 'finish':
            await tx`UPDATE rollouts SET summary = ${action.summary}, finished_at = now() WHERE id = ${lease.rolloutId}`;
            await this.audit.record(tx, { actor: `scheduler:${this.leases.replica}`, actorTokenId: null, action: 'rollout.finish', target: lease.rolloutId, details: { state: action.state, summary: action.summary } });
            break;
          case 'start-rollback':
            await this.audit.record(tx, { actor: `scheduler:${this.leases.replica}`, actorTokenId: null, action: 'rollout.rollback', target: lease.rolloutId, details: { reason: action.reason, hosts: action.hosts } });
            break;
          case 'wait':
          case 'pause-for-window':
            // Carried by the rollout's state and wake_at below.
            break;
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

  /** Every settle-step of one decision in one statement: a decision after a burst of answers settles many. */
  private async settleSteps(tx: Tx, lease: Lease, decision: RolloutDecision): Promise<void> {
    const settles = decision.actions.flatMap((action) => (action.type === 'settle-step' ? [action] : []));
    if (settles.length === 0) return;
    await tx`
      UPDATE rollout_steps s SET state = v.state, changed = v.changed::boolean, finished_at = v.at::timestamptz, failure_reasons = v.reasons::jsonb
      FROM unnest(${settles.map((a) => a.host)}::text[], ${settles.map((a) => a.state)}::text[], ${settles.map((a) => String(a.changed))}::text[],
                  ${settles.map((a) => a.at.toISOString())}::text[], ${settles.map((a) => JSON.stringify(a.reasons.map((r) => r.message)))}::text[])
        AS v(host_name, state, changed, at, reasons)
      WHERE s.rollout_id = ${lease.rolloutId} AND s.host_name = v.host_name AND s.state = 'dispatched'`;
  }

  /** Like `claim` for a statement that claims several steps: undefined when the one-in-flight index refused it. */
  private async claimAll<T>(tx: Tx, update: (sp: Tx) => Promise<readonly T[]>): Promise<readonly T[] | undefined> {
    try {
      return await tx.savepoint((sp) => update(sp));
    } catch (error) {
      if (isUniqueViolation(error)) return undefined;
      throw error;
    }
  }

  /** In a savepoint, so a refused claim does not abort the decision's transaction. */
  private async claim(tx: Tx, update: (sp: Tx) => Promise<readonly unknown[]>): Promise<boolean> {
    try {
      const rows = await tx.savepoint((sp) => update(sp));
      return rows.length === 1;
    } catch (error) {
      if (isUniqueViolation(error)) return false;
      throw error;
    }
  }

  /**
   * One UPDATE under the lease, as a single statement: the lease row is share-locked in a CTE
   * and the write happens only if it was found. Same guarantee as `fenced` (a take-over waits for
   * this statement, or this statement sees the new epoch and writes nothing) in one round trip
   * instead of four: at a thousand hosts, one per answer adds up. The UPDATE returns `host_name`.
   */
  private async fencedUpdate(lease: Lease, update: (held: Fragment) => Fragment): Promise<{ held: boolean; written: Set<string> }> {
    const held = this.sql`SELECT 1 FROM held`;
    const [row] = await this.sql<{ held: boolean; written: string[] }[]>`
      WITH held AS (${this.leases.heldRow(this.sql, lease)}), written AS (${update(held)})
      SELECT EXISTS (SELECT 1 FROM held) AS held, array(SELECT host_name FROM written) AS written`;
    return { held: row.held, written: new Set(row.written) };
  }

  /**
   * The agent's answer to a forward step, stored once. Answers that arrive together are
   * written in one statement; `now` writes at once (an answer the scheduler waits for).
   */
  recordResult(lease: Lease, hostName: string, reloadId: string, result: StoredStepResult, now = false): Promise<FencedOutcome> {
    return this.answers.submit({ lease, hostName, reloadId, result }, now);
  }

  /** One fenced UPDATE per lease among `answers`. */
  private async writeAnswers(answers: ForwardAnswer[]): Promise<FencedOutcome[]> {
    const byLease = new Map<string, ForwardAnswer[]>();
    for (const answer of answers) {
      const key = `${answer.lease.rolloutId}\n${answer.lease.epoch}`;
      const group = byLease.get(key);
      if (group) group.push(answer);
      else byLease.set(key, [answer]);
    }
    const outcomes = new Map<ForwardAnswer, FencedOutcome>();
    await Promise.all(
      [...byLease.values()].map(async (group) => {
        const lease = group[0].lease;
        const column = <T>(pick: (answer: ForwardAnswer) => T) => group.map(pick);
        const write = await this.fencedUpdate(lease, (held) => this.sql`
          UPDATE rollout_steps s SET result = v.result::jsonb, outcome = v.outcome, failed_requests = v.failed
          FROM unnest(${column((a) => a.hostName)}::text[], ${column((a) => a.reloadId)}::text[], ${column((a) => JSON.stringify(a.result))}::text[],
                      ${column((a) => a.result.outcome)}::text[], ${column((a) => a.result.probe.failed)}::bigint[])
            AS v(host_name, reload_id, result, outcome, failed)
          WHERE s.rollout_id = ${lease.rolloutId} AND s.host_name = v.host_name AND s.reload_id = v.reload_id AND s.state = 'dispatched' AND s.result IS NULL
            AND EXISTS (${held})
          RETURNING s.host_name`);
        for (const answer of group) outcomes.set(answer, fencedOutcome(write, answer.hostName));
      }),
    );
    return answers.map((answer) => outcomes.get(answer) as FencedOutcome);
  }

  async recordRollback(lease: Lease, hostName: string, reloadId: string, result: StoredRollbackResult): Promise<FencedOutcome> {
    const write = await this.fencedUpdate(lease, (held) => this.sql`
      UPDATE rollout_steps SET rollback_result = ${this.sql.json(result as unknown as Json)}
      WHERE rollout_id = ${lease.rolloutId} AND host_name = ${hostName} AND rollback_reload_id = ${reloadId} AND state = 'rolling-back' AND rollback_result IS NULL
        AND EXISTS (${held})
      RETURNING host_name`);
    return fencedOutcome(write, hostName);
  }

  /**
   * True while the step still waits for this reload id's answer. Checked right
   * before a call, because the snapshot that chose to send may predate an
   * answer that has been recorded since.
   */
  async awaitsAnswer(rolloutId: string, hostName: string, reloadId: string, kind: 'change' | 'rollback'): Promise<boolean> {
    const rows =
      kind === 'change'
        ? await this.sql`SELECT 1 FROM rollout_steps WHERE rollout_id = ${rolloutId} AND host_name = ${hostName} AND reload_id = ${reloadId} AND state = 'dispatched' AND result IS NULL`
        : await this.sql`SELECT 1 FROM rollout_steps WHERE rollout_id = ${rolloutId} AND host_name = ${hostName} AND rollback_reload_id = ${reloadId} AND state = 'rolling-back' AND rollback_result IS NULL`;
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
