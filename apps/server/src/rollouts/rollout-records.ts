// Rollout and step rows as the API and the scheduler see them; the mapping from
// database rows lives here and nowhere else. States are @hitless/rollout's.
import type { AppliedChange } from '@hitless/haproxy';
import { ROLLOUT_STATES, type HostStepState, type RolloutRollbackResult, type RolloutState, type StepResult, type StopReason } from './rollout-state-types';

export { ROLLOUT_STATES };
export const ACTIVE_STATES: readonly RolloutState[] = ROLLOUT_STATES.filter((s) => !['succeeded', 'failed', 'aborted', 'rolled-back'].includes(s));

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

export interface StepRecord {
  hostName: string;
  batch: number;
  position: number;
  state: HostStepState;
  attempt: number;
  reloadId: string | null;
  dispatchedAt: Date | null;
  result: StoredStepResult | null;
  outcome: string | null;
  failedRequests: number | null;
  finishedAt: Date | null;
  changed: boolean | null;
  failureReasons: string[] | null;
  /** What the agent's reload changed (its result's typed records), which a rollback undoes; null until answered. */
  appliedChanges: AppliedChange[] | null;
  rollbackReloadId: string | null;
  rollbackDispatchedAt: Date | null;
  rollbackResult: StoredRollbackResult | null;
}

/** StepResult with its date as JSON keeps it, and the reload's change records (absent: none were reported). */
export type StoredStepResult = Omit<StepResult, 'answeredAt'> & { answeredAt: string; changes?: AppliedChange[] };
export type StoredRollbackResult = Omit<RolloutRollbackResult, 'answeredAt'> & { answeredAt: string };

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
  result: StoredStepResult | null;
  outcome: string | null;
  failed_requests: number | null;
  finished_at: Date | null;
  changed: boolean | null;
  failure_reasons: string[] | null;
  /** Not a column: the repository reads it out of `result` (so that summaries without `result` have it too). */
  applied_changes: AppliedChange[] | null;
  rollback_reload_id: string | null;
  rollback_dispatched_at: Date | null;
  rollback_result: StoredRollbackResult | null;
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

export function toStep(row: StepRow): StepRecord {
  return {
    hostName: row.host_name,
    batch: row.batch,
    position: row.position,
    state: row.state,
    attempt: row.attempt,
    reloadId: row.reload_id,
    dispatchedAt: row.dispatched_at,
    result: row.result,
    outcome: row.outcome,
    failedRequests: row.failed_requests === null ? null : Number(row.failed_requests),
    finishedAt: row.finished_at,
    changed: row.changed,
    failureReasons: row.failure_reasons,
    appliedChanges: row.applied_changes,
    rollbackReloadId: row.rollback_reload_id,
    rollbackDispatchedAt: row.rollback_dispatched_at,
    rollbackResult: row.rollback_result,
  };
}

export const ROLLOUT_COLUMNS = [
  'id', 'name', 'spec', 'state', 'stop_reason', 'summary', 'window_id', 'not_before', 'dry_run', 'idempotency_key',
  'created_by', 'created_at', 'updated_at', 'finished_at', 'wake_at',
] as const;

export const STEP_COLUMNS = [
  'host_name', 'batch', 'position', 'state', 'attempt', 'reload_id', 'dispatched_at', 'result', 'outcome', 'failed_requests',
  'finished_at', 'changed', 'failure_reasons', 'rollback_reload_id', 'rollback_dispatched_at', 'rollback_result',
] as const;
