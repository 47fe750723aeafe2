// Rollouts and their steps in Postgres: creation, the dashboard's queries, and
// operator transitions. The scheduler's fenced writes live in scheduler/.
import type { Fragment, Sql, Tx } from '../database/sql-client';
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

// Serialises rollout creation, so two requests cannot both find a host free.
const CREATE_LOCK = 7_405_155_302;

/** A step's own columns, aliased `s`, and its reload result's outcome, failed requests and change records (`r`). */
export function stepColumns(sql: Tx | Sql): Fragment {
  return sql`${sql(STEP_COLUMNS.map((column) => `s.${column}`))}, r.outcome, r.failed_requests, r.result->'changes' AS applied_changes`;
}

/** Joins each step (`s`) to its reload result (`r`): by host and reload id, never by id alone. */
export function withResult(sql: Tx | Sql): Fragment {
  return sql`LEFT JOIN reload_results r ON r.reload_id = s.reload_id AND r.host_name = s.host_name`;
}

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

  async findByIdempotencyKey(key: string, tx: Tx | Sql = this.sql): Promise<RolloutRecord | undefined> {
    const [row] = await tx<RolloutRow[]>`SELECT ${tx(ROLLOUT_COLUMNS)} FROM rollouts WHERE idempotency_key = ${key}`;
    return row ? toRollout(row) : undefined;
  }

  async find(id: string, tx: Tx | Sql = this.sql): Promise<RolloutRecord | undefined> {
    const [row] = await tx<RolloutRow[]>`SELECT ${tx(ROLLOUT_COLUMNS)} FROM rollouts WHERE id = ${id}`;
    return row ? toRollout(row) : undefined;
  }

  /** Every step in plan order, each with its reload result's outcome and failed requests. */
  async steps(id: string, tx: Tx | Sql = this.sql): Promise<StepRecord[]> {
    const rows = await tx<StepRow[]>`
      SELECT ${stepColumns(tx)} FROM rollout_steps s ${withResult(tx)} WHERE s.rollout_id = ${id} ORDER BY s.batch, s.position`;
    return rows.map(toStep);
  }

  async step(id: string, hostName: string, tx: Tx | Sql = this.sql): Promise<StepRecord | undefined> {
    const [row] = await tx<StepRow[]>`SELECT ${stepColumns(tx)} FROM rollout_steps s ${withResult(tx)} WHERE s.rollout_id = ${id} AND s.host_name = ${hostName}`;
    return row ? toStep(row) : undefined;
  }

  /** Held until `tx` ends: one rollout creation at a time. */
  async lockCreation(tx: Tx): Promise<void> {
    await tx`SELECT pg_advisory_xact_lock(${CREATE_LOCK})`;
  }

  /** The rollout's state, its row locked until `tx` ends (an operator command checks and writes under it). */
  async lockState(tx: Tx, id: string): Promise<RolloutState | undefined> {
    const [row] = await tx<{ state: RolloutState }[]>`SELECT state FROM rollouts WHERE id = ${id} FOR UPDATE`;
    return row?.state;
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
