// Rollouts and their steps in Postgres: creation, the dashboard's queries, and
// operator transitions. The scheduler's fenced writes live in scheduler/.
import type { Sql, Tx } from '../database/sql-client';
import {
  ACTIVE_STATES,
  ROLLOUT_COLUMNS,
  STEP_COLUMNS,
  toRollout,
  toStep,
  type RolloutRecord,
  type RolloutRow,
  type StepRecord,
  type StepRow,
} from './rollout-records';
import type { RolloutState, StopReason } from './rollout-state-types';

type Json = Parameters<Sql['json']>[0];

const SUMMARY_COLUMNS = STEP_COLUMNS.filter((column) => column !== 'result' && column !== 'rollback_result');
/** What the step's reload changed, out of its stored answer: [] for an answer without records, NULL before any answer. */
const appliedChanges = (tx: Tx | Sql) => tx`CASE WHEN result IS NULL THEN NULL ELSE coalesce(result->'changes', '[]'::jsonb) END AS applied_changes`;

export interface NewRollout {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  windowId: string | null;
  notBefore: Date | null;
  dryRun: boolean;
  idempotencyKey: string | null;
  createdBy: string;
  batches: readonly (readonly string[])[];
  skipped: readonly string[];
}

export interface RolloutListFilter {
  state?: RolloutState;
  /** Keyset: strictly older than this (created_at, id). */
  before?: { createdAt: Date; id: string };
  limit: number;
}

export class RolloutsRepository {
  constructor(private readonly sql: Sql) {}

  async insert(tx: Tx, rollout: NewRollout): Promise<void> {
    await tx`
      INSERT INTO rollouts (id, name, spec, state, window_id, not_before, dry_run, idempotency_key, created_by)
      VALUES (${rollout.id}, ${rollout.name}, ${this.sql.json(rollout.spec as Json)}, 'pending', ${rollout.windowId}, ${rollout.notBefore},
              ${rollout.dryRun}, ${rollout.idempotencyKey}, ${rollout.createdBy})`;
    const steps = rollout.batches.flatMap((hosts, batch) => hosts.map((host, position) => ({ rollout_id: rollout.id, host_name: host, batch, position, state: 'pending' })));
    const skipped = rollout.skipped.map((host, position) => ({ rollout_id: rollout.id, host_name: host, batch: -1, position, state: 'skipped' }));
    const all = [...steps, ...skipped];
    if (all.length > 0) await tx`INSERT INTO rollout_steps ${tx(all, 'rollout_id', 'host_name', 'batch', 'position', 'state')}`;
  }

  async findByIdempotencyKey(tx: Tx | Sql, key: string): Promise<RolloutRecord | undefined> {
    const [row] = await tx<RolloutRow[]>`SELECT ${tx(ROLLOUT_COLUMNS)} FROM rollouts WHERE idempotency_key = ${key}`;
    return row ? toRollout(row) : undefined;
  }

  async find(tx: Tx | Sql, id: string): Promise<RolloutRecord | undefined> {
    const [row] = await tx<RolloutRow[]>`SELECT ${tx(ROLLOUT_COLUMNS)} FROM rollouts WHERE id = ${id}`;
    return row ? toRollout(row) : undefined;
  }

  async steps(tx: Tx | Sql, id: string): Promise<StepRecord[]> {
    const rows = await tx<StepRow[]>`SELECT ${tx(STEP_COLUMNS)}, ${appliedChanges(tx)} FROM rollout_steps WHERE rollout_id = ${id} ORDER BY batch, position`;
    return rows.map(toStep);
  }

  /** The steps without the scheduler's copies of the answers (`result`, `rollbackResult` null): what a listing shows. */
  async stepSummaries(tx: Tx | Sql, id: string): Promise<StepRecord[]> {
    const rows = await tx<StepRow[]>`
      SELECT ${tx(SUMMARY_COLUMNS)}, NULL AS result, NULL AS rollback_result, ${appliedChanges(tx)} FROM rollout_steps WHERE rollout_id = ${id} ORDER BY batch, position`;
    return rows.map(toStep);
  }

  async step(tx: Tx | Sql, id: string, hostName: string): Promise<StepRecord | undefined> {
    const [row] = await tx<StepRow[]>`SELECT ${tx(STEP_COLUMNS)}, ${appliedChanges(tx)} FROM rollout_steps WHERE rollout_id = ${id} AND host_name = ${hostName}`;
    return row ? toStep(row) : undefined;
  }

  async list(filter: RolloutListFilter): Promise<RolloutRecord[]> {
    const sql = this.sql;
    const rows = await sql<RolloutRow[]>`
      SELECT ${sql(ROLLOUT_COLUMNS)} FROM rollouts
      WHERE true
        ${filter.state ? sql`AND state = ${filter.state}` : sql``}
        ${filter.before ? sql`AND (created_at, id) < (${filter.before.createdAt}, ${filter.before.id})` : sql``}
      ORDER BY created_at DESC, id DESC LIMIT ${filter.limit}`;
    return rows.map(toRollout);
  }

  /** Hosts among `hosts` that an unfinished step of an active rollout holds. */
  async hostsHeldByActiveRollouts(tx: Tx, hosts: readonly string[]): Promise<{ hostName: string; rolloutId: string }[]> {
    const rows = await tx<{ host_name: string; rollout_id: string }[]>`
      SELECT s.host_name, s.rollout_id FROM rollout_steps s JOIN rollouts r ON r.id = s.rollout_id
      WHERE s.host_name = ANY(${hosts as string[]}) AND r.state = ANY(${ACTIVE_STATES as string[]})
        AND s.state IN ('pending', 'dispatched', 'rolling-back')`;
    return rows.map((row) => ({ hostName: row.host_name, rolloutId: row.rollout_id }));
  }

  /** Moves the rollout from one of `from` to `to`; undefined when it was in none of them. */
  async transition(tx: Tx, id: string, from: readonly RolloutState[], to: RolloutState, stopReason?: StopReason): Promise<RolloutRecord | undefined> {
    const [row] = await tx<RolloutRow[]>`
      UPDATE rollouts SET state = ${to}, updated_at = now(), stop_reason = coalesce(${stopReason ?? null}, stop_reason)
      WHERE id = ${id} AND state = ANY(${from as string[]})
      RETURNING ${tx(ROLLOUT_COLUMNS)}`;
    return row ? toRollout(row) : undefined;
  }
}
