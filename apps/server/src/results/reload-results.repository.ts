// Reload results as agents report them: stored once per reload id however often
// an agent's outbox delivers the same one, and only for ids the server sent to
// that host (an agent speaks for its own reloads, never for another's).
import type { Sql } from '../database/sql-client';

export type RecordOutcome = 'stored' | 'duplicate' | 'not-dispatched' | 'conflict' | 'not-current-certificate';

export interface NewResult {
  reloadId: string;
  hostName: string;
  outcome: string;
  strategy: string;
  failedRequests: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  result: Record<string, unknown>;
}

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
  async record(entry: NewResult, certSerial: string): Promise<RecordOutcome> {
    const [row] = await this.sql<{ current: boolean; dispatched: boolean; inserted: boolean | null }[]>`
      WITH current AS (SELECT 1 FROM hosts WHERE name = ${entry.hostName} AND cert_serial = ${certSerial}),
      dispatched AS (SELECT 1 FROM step_dispatches WHERE reload_id = ${entry.reloadId} AND host_name = ${entry.hostName} LIMIT 1),
      written AS (
        INSERT INTO reload_results (reload_id, host_name, outcome, strategy, failed_requests, started_at, finished_at, result)
        SELECT ${entry.reloadId}, ${entry.hostName}, ${entry.outcome}, ${entry.strategy}, ${entry.failedRequests},
               ${entry.startedAt}::timestamptz, ${entry.finishedAt}::timestamptz, ${this.sql.json(entry.result as Parameters<Sql['json']>[0])}
        WHERE EXISTS (SELECT 1 FROM current) AND EXISTS (SELECT 1 FROM dispatched)
        ON CONFLICT (reload_id) DO UPDATE SET deliveries = reload_results.deliveries + 1
          WHERE reload_results.host_name = excluded.host_name
        RETURNING (xmax = 0) AS inserted)
      SELECT EXISTS (SELECT 1 FROM current) AS current, EXISTS (SELECT 1 FROM dispatched) AS dispatched, (SELECT inserted FROM written) AS inserted`;
    if (!row.current) return 'not-current-certificate';
    if (!row.dispatched) return 'not-dispatched';
    if (row.inserted === null) return 'conflict';
    return row.inserted ? 'stored' : 'duplicate';
  }
}
