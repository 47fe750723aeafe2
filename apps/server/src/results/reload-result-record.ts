// A reload result as Postgres keeps it: one row per reload id, written once by
// the result intake, read by the scheduler, the rollout views and the history.
// The row's columns and the domain fields are mapped here and nowhere else.

/** The indexed figures of one result; `result` holds the agent's whole ReloadResult (proto JSON). */
export interface ReloadResultFields {
  reloadId: string;
  hostName: string;
  outcome: string;
  strategy: string;
  failedRequests: number;
  startedAt: Date | null;
  finishedAt: Date | null;
}

export interface NewReloadResult extends ReloadResultFields {
  result: Record<string, unknown>;
}

export interface ReloadResultFieldsRow {
  reload_id: string;
  host_name: string;
  outcome: string;
  strategy: string;
  failed_requests: number;
  started_at: Date | null;
  finished_at: Date | null;
}

export function toReloadResultFields(row: ReloadResultFieldsRow): ReloadResultFields {
  return {
    reloadId: row.reload_id,
    hostName: row.host_name,
    outcome: row.outcome,
    strategy: row.strategy,
    failedRequests: Number(row.failed_requests),
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

/** A result is the host's and the id's together: an id alone is only what some agent claimed. */
export interface ResultKey {
  hostName: string;
  reloadId: string;
}

export const resultKey = (key: ResultKey): string => `${key.hostName}\n${key.reloadId}`;
