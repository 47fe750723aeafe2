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

export type RecordOutcome = 'stored' | 'duplicate' | 'conflict';

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
   * 'duplicate': this host already reported this id (the first report stands).
   * 'conflict': another host owns this id; nothing is written.
   */
  async record(entry: NewResult): Promise<RecordOutcome> {
    const [row] = await this.sql<{ inserted: boolean }[]>`
      INSERT INTO reload_results (reload_id, host_name, outcome, strategy, failed_requests, started_at, finished_at, result)
      VALUES (${entry.reloadId}, ${entry.hostName}, ${entry.outcome}, ${entry.strategy}, ${entry.failedRequests},
              ${entry.startedAt}, ${entry.finishedAt}, ${this.sql.json(entry.result as Parameters<Sql['json']>[0])})
      ON CONFLICT (reload_id) DO UPDATE SET deliveries = reload_results.deliveries + 1
        WHERE reload_results.host_name = excluded.host_name
      RETURNING (xmax = 0) AS inserted`;
    if (!row) return 'conflict';
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
