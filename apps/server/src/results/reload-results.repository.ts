// Reload results as agents report them: stored once per reload id however often
// an agent's outbox delivers the same one.
import type { Sql } from '../database/sql-client';

export interface StoredResult {
  reloadId: string;
  hostName: string;
  outcome: string;
  strategy: string;
  failedRequests: number;
  startedAt: Date | null;
  finishedAt: Date | null;
  result: Record<string, unknown>;
  deliveries: number;
}

export type RecordOutcome = 'stored' | 'duplicate' | 'conflict' | 'not-current-certificate';

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

interface ResultRow {
  reload_id: string;
  host_name: string;
  outcome: string;
  strategy: string;
  failed_requests: number;
  started_at: Date | null;
  finished_at: Date | null;
  result: Record<string, unknown>;
  deliveries: number;
}

export class ReloadResultsRepository {
  constructor(private readonly sql: Sql) {}

  /**
   * Stores the result if `certSerial` is the host's current certificate, in one statement
   * (an answer per host reload: the check used to be a round trip of its own).
   * 'duplicate': this host already reported this id (the first report stands).
   * 'conflict': another host owns this id; nothing is written.
   * 'not-current-certificate': the certificate was replaced or never issued; nothing is written.
   */
  async record(entry: NewResult, certSerial: string): Promise<RecordOutcome> {
    const [row] = await this.sql<{ current: boolean; inserted: boolean | null }[]>`
      WITH current AS (SELECT 1 FROM hosts WHERE name = ${entry.hostName} AND cert_serial = ${certSerial}),
      written AS (
        INSERT INTO reload_results (reload_id, host_name, outcome, strategy, failed_requests, started_at, finished_at, result)
        SELECT ${entry.reloadId}, ${entry.hostName}, ${entry.outcome}, ${entry.strategy}, ${entry.failedRequests},
               ${entry.startedAt}::timestamptz, ${entry.finishedAt}::timestamptz, ${this.sql.json(entry.result as Parameters<Sql['json']>[0])}
        WHERE EXISTS (SELECT 1 FROM current)
        ON CONFLICT (reload_id) DO UPDATE SET deliveries = reload_results.deliveries + 1
          WHERE reload_results.host_name = excluded.host_name
        RETURNING (xmax = 0) AS inserted)
      SELECT EXISTS (SELECT 1 FROM current) AS current, (SELECT inserted FROM written) AS inserted`;
    if (!row.current) return 'not-current-certificate';
    if (row.inserted === null) return 'conflict';
    return row.inserted ? 'stored' : 'duplicate';
  }

  async listForHost(hostName: string): Promise<StoredResult[]> {
    const rows = await this.sql<ResultRow[]>`
      SELECT reload_id, host_name, outcome, strategy, failed_requests, started_at, finished_at, result, deliveries
      FROM reload_results WHERE host_name = ${hostName} ORDER BY finished_at DESC`;
    return rows.map((row) => ({
      reloadId: row.reload_id,
      hostName: row.host_name,
      outcome: row.outcome,
      strategy: row.strategy,
      failedRequests: Number(row.failed_requests),
      startedAt: row.started_at,
      finishedAt: row.finished_at,
      result: row.result,
      deliveries: row.deliveries,
    }));
  }
}
