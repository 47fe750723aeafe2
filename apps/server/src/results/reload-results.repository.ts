// reload_results: the one record of what agents reported, one row per reload id.
// `record` is the only code that inserts a result (the intake calls it for each
// outbox delivery); everything else reads rows by host and reload id.
import type { reloadResultSchema } from '@hitless/api-contract';
import type { z } from 'zod';
import type { Sql } from '../database/sql-client';
import { resultKey, type NewReloadResult, type ResultKey } from './reload-result-record';

export type RecordOutcome = 'stored' | 'duplicate' | 'not-dispatched' | 'conflict' | 'not-current-certificate';

export interface Recorded {
  outcome: RecordOutcome;
  /** The rollout whose step the reload id was sent for (set when the id was dispatched to the host). */
  rolloutId?: string;
}

/** Which part of a stored result to read: the figures a progress view shows, or all of it. */
export type ResultShape = 'compact' | 'whole';

/** An agent's ReloadResult in proto3 JSON, as stored when its outbox delivered it. */
export type StoredResultJson = z.input<typeof reloadResultSchema>;

export interface StoredResult {
  /** The agent's ReloadResult as proto JSON, cut to `shape`. */
  result: StoredResultJson;
}

type Json = Parameters<Sql['json']>[0];

export class ReloadResultsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Stores the result if `certSerial` is the host's current certificate and the server
   * dispatched this reload id to this host, in one statement (an answer per host reload:
   * the checks used to be round trips of their own).
   * 'duplicate': this host already reported this id (the first report stands).
   * 'not-dispatched': no Reload call with this id went to this host (another host's id,
   *   an id never sent, a local run); nothing is written.
   * 'conflict': another host owns this id; nothing is written.
   * 'not-current-certificate': the certificate was replaced or never issued; nothing is written.
   */
  async record(entry: NewReloadResult, certSerial: string): Promise<Recorded> {
    const [row] = await this.sql<{ current: boolean; rollout_id: string | null; inserted: boolean | null }[]>`
      WITH current AS (SELECT 1 FROM hosts WHERE name = ${entry.hostName} AND cert_serial = ${certSerial}),
      dispatched AS (SELECT rollout_id FROM step_dispatches WHERE reload_id = ${entry.reloadId} AND host_name = ${entry.hostName} LIMIT 1),
      written AS (
        INSERT INTO reload_results (reload_id, host_name, outcome, strategy, failed_requests, started_at, finished_at, result)
        SELECT ${entry.reloadId}, ${entry.hostName}, ${entry.outcome}, ${entry.strategy}, ${entry.failedRequests},
               ${entry.startedAt}::timestamptz, ${entry.finishedAt}::timestamptz, ${this.sql.json(entry.result as Json)}
        WHERE EXISTS (SELECT 1 FROM current) AND EXISTS (SELECT 1 FROM dispatched)
        ON CONFLICT (reload_id) DO UPDATE SET deliveries = reload_results.deliveries + 1
          WHERE reload_results.host_name = excluded.host_name
        RETURNING (xmax = 0) AS inserted)
      SELECT EXISTS (SELECT 1 FROM current) AS current, (SELECT rollout_id FROM dispatched) AS rollout_id, (SELECT inserted FROM written) AS inserted`;
    if (!row.current) return { outcome: 'not-current-certificate' };
    if (row.rollout_id === null) return { outcome: 'not-dispatched' };
    if (row.inserted === null) return { outcome: 'conflict' };
    return { outcome: row.inserted ? 'stored' : 'duplicate', rolloutId: row.rollout_id };
  }

  /**
   * The stored results of these keys, by `resultKey`. 'compact' keeps what a progress view
   * shows: the whole results (summary lines, pids, validation output) of a thousand hosts made
   * a rollout's detail ~2 MB, polled every few seconds by each open dashboard.
   */
  async find(keys: readonly ResultKey[], shape: ResultShape): Promise<Map<string, StoredResult>> {
    if (keys.length === 0) return new Map();
    const sql = this.sql;
    const result =
      shape === 'whole'
        ? sql`r.result`
        : sql`jsonb_strip_nulls(jsonb_build_object('outcome', r.result->'outcome', 'strategy', r.result->'strategy', 'error', r.result->'error', 'phases', r.result->'phases', 'probe', r.result->'probe'))`;
    const rows = await sql<{ host_name: string; reload_id: string; result: StoredResultJson }[]>`
      SELECT r.host_name, r.reload_id, ${result} AS result
      FROM reload_results r JOIN unnest(${keys.map((k) => k.hostName)}::text[], ${keys.map((k) => k.reloadId)}::text[]) AS k(host_name, reload_id)
        ON r.reload_id = k.reload_id AND r.host_name = k.host_name`;
    return new Map(rows.map((row) => [resultKey({ hostName: row.host_name, reloadId: row.reload_id }), { result: row.result }]));
  }
}
