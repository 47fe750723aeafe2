// Rollout and step rows as the API and the scheduler see them; the mapping from
// database rows lives here and nowhere else. States are @hitless/rollout's.
import * as wire from '@hitless/proto';
import { appliedChangesFromWire } from '@hitless/agent-wire';
import { InvalidChangeError, type AppliedChange } from '@hitless/haproxy';
import type { ReloadOutcome } from '@hitless/reload';
import { isTerminal, ROLLOUT_STATES, type HostStepState, type RolloutState, type StopReason } from './rollout-state-types';

export { ROLLOUT_STATES };
/** States a rollout can still move on from: every state @hitless/rollout does not call terminal. */
export const ACTIVE_STATES: readonly RolloutState[] = ROLLOUT_STATES.filter((state) => !isTerminal(state));

export interface RolloutRecord {
  id: string;
  name: string;
  /** The spec body as accepted (re-validated with parseRolloutSpec on every read). */
  spec: Record<string, unknown>;
  state: RolloutState;
  stopReason: StopReason | null;
  summary: string | null;
  windowId: string | null;
  notBefore: Date | null;
  dryRun: boolean;
  idempotencyKey: string | null;
  createdBy: string;
  createdAt: Date;
  updatedAt: Date;
  finishedAt: Date | null;
  wakeAt: Date | null;
}

/**
 * Why a step's call will never have a reload result: the agent refused it before anything
 * ran (a request it cannot take), or a rollback could not even be built. Nothing reloaded,
 * so there is no result; this is the scheduler's record of the call.
 */
export interface Refusal {
  error: string;
  /** ISO 8601, by the scheduler's clock. */
  at: string;
}

export interface StepRecord {
  hostName: string;
  batch: number;
  position: number;
  state: HostStepState;
  attempt: number;
  /** The reload id sent for the change (or dry run): the key of its reload result. */
  reloadId: string | null;
  dispatchedAt: Date | null;
  /** Outcome and failed probe requests of the step's reload result; null until it is stored. */
  outcome: string | null;
  failedRequests: number | null;
  finishedAt: Date | null;
  changed: boolean | null;
  failureReasons: string[] | null;
  /**
   * What the step's reload changed, as its reload result records it (typed, one per change of
   * the spec), which a rollback undoes. null until the result is stored, and for records that
   * do not parse; [] for a result without any.
   */
  appliedChanges: AppliedChange[] | null;
  refusal: Refusal | null;
  rollbackReloadId: string | null;
  rollbackDispatchedAt: Date | null;
  rollbackRefusal: Refusal | null;
}

/** The figures of a stored reload result the scheduler judges a step by. */
export interface ResultFigures {
  outcome: ReloadOutcome;
  error?: string;
  probe: { requests: number; failed: number };
  backendServers?: { total: number; up: number; notRunning: string[] };
  /** When the server stored it (the database's clock). */
  receivedAt: Date;
}

/** A step as the scheduler loads it: with the figures of its change and rollback results. */
export interface SchedulerStep extends StepRecord {
  reloadResult: ResultFigures | null;
  rollbackReloadResult: ResultFigures | null;
}

export interface RolloutRow {
  id: string;
  name: string;
  spec: Record<string, unknown>;
  state: RolloutState;
  stop_reason: StopReason | null;
  summary: string | null;
  window_id: string | null;
  not_before: Date | null;
  dry_run: boolean;
  idempotency_key: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  finished_at: Date | null;
  wake_at: Date | null;
}

export interface StepRow {
  host_name: string;
  batch: number;
  position: number;
  state: HostStepState;
  attempt: number;
  reload_id: string | null;
  dispatched_at: Date | null;
  outcome: string | null;
  failed_requests: number | null;
  finished_at: Date | null;
  changed: boolean | null;
  failure_reasons: string[] | null;
  /** The reload result's `changes` as stored (proto3 JSON); null without a result. */
  applied_changes: unknown[] | null;
  refusal: Refusal | null;
  rollback_reload_id: string | null;
  rollback_dispatched_at: Date | null;
  rollback_refusal: Refusal | null;
}

/** The columns of a reload result the scheduler reads, for the change (`result_`) and the rollback (`rollback_`). */
export interface SchedulerStepRow extends StepRow {
  result_error: string | null;
  result_requests: number | null;
  result_backend_servers: { total?: number; up?: number; notRunning?: string[] } | null;
  result_received_at: Date | null;
  rollback_outcome: string | null;
  rollback_error: string | null;
  rollback_received_at: Date | null;
}

export function toRollout(row: RolloutRow): RolloutRecord {
  return {
    id: row.id,
    name: row.name,
    spec: row.spec,
    state: row.state,
    stopReason: row.stop_reason,
    summary: row.summary,
    windowId: row.window_id,
    notBefore: row.not_before,
    dryRun: row.dry_run,
    idempotencyKey: row.idempotency_key,
    createdBy: row.created_by,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    wakeAt: row.wake_at,
  };
}

/** The change records of a stored result, read as the agent sent them; null when they do not parse (nothing to undo by). */
function appliedChangesOf(stored: readonly unknown[]): AppliedChange[] | null {
  try {
    return appliedChangesFromWire(stored.map((change) => wire.AppliedChange.fromJSON(change)), 'result.changes');
  } catch (error) {
    if (error instanceof InvalidChangeError) return null;
    throw error;
  }
}

export function toStep(row: StepRow): StepRecord {
  return {
    hostName: row.host_name,
    batch: row.batch,
    position: row.position,
    state: row.state,
    attempt: row.attempt,
    reloadId: row.reload_id,
    dispatchedAt: row.dispatched_at,
    outcome: row.outcome,
    failedRequests: row.failed_requests === null ? null : Number(row.failed_requests),
    finishedAt: row.finished_at,
    changed: row.changed,
    failureReasons: row.failure_reasons,
    appliedChanges: row.outcome === null ? null : appliedChangesOf(row.applied_changes ?? []),
    refusal: row.refusal,
    rollbackReloadId: row.rollback_reload_id,
    rollbackDispatchedAt: row.rollback_dispatched_at,
    rollbackRefusal: row.rollback_refusal,
  };
}

// Plain literals, no conditional spreads: a decision maps every step of its rollout, and at a
// thousand steps the spreads were most of a decision's time.
export function toSchedulerStep(row: SchedulerStepRow): SchedulerStep {
  const servers = row.result_backend_servers;
  const reloadResult: ResultFigures | null =
    row.outcome === null || row.result_received_at === null
      ? null
      : {
          outcome: row.outcome as ReloadOutcome,
          error: row.result_error ?? undefined,
          probe: { requests: Number(row.result_requests ?? 0), failed: Number(row.failed_requests ?? 0) },
          // Proto JSON leaves zero values and empty lists out.
          backendServers: servers === null ? undefined : { total: servers.total ?? 0, up: servers.up ?? 0, notRunning: servers.notRunning ?? [] },
          receivedAt: row.result_received_at,
        };
  const rollbackReloadResult: ResultFigures | null =
    row.rollback_outcome === null || row.rollback_received_at === null
      ? null
      : { outcome: row.rollback_outcome as ReloadOutcome, error: row.rollback_error ?? undefined, probe: { requests: 0, failed: 0 }, receivedAt: row.rollback_received_at };
  return Object.assign(toStep(row), { reloadResult, rollbackReloadResult });
}

export const ROLLOUT_COLUMNS = [
  'id', 'name', 'spec', 'state', 'stop_reason', 'summary', 'window_id', 'not_before', 'dry_run', 'idempotency_key',
  'created_by', 'created_at', 'updated_at', 'finished_at', 'wake_at',
] as const;

/** rollout_steps' own columns (the step's outcome and failed requests come from its reload result). */
export const STEP_COLUMNS = [
  'host_name', 'batch', 'position', 'state', 'attempt', 'reload_id', 'dispatched_at',
  'finished_at', 'changed', 'failure_reasons', 'refusal', 'rollback_reload_id', 'rollback_dispatched_at', 'rollback_refusal',
] as const;
