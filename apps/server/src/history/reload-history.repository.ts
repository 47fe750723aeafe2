// Reload history as the dashboard asks for it: newest first, by host, outcome and time.
import type { ProbeFigures } from '@hitless/api-contract';
import type { Sql } from '../database/sql-client';
import { toReloadResultFields, type ReloadResultFields, type ReloadResultFieldsRow } from '../results/reload-result-record';

export interface HistoryFilter {
  host?: string;
  outcome?: string;
  since?: Date;
  until?: Date;
  /** Keyset: strictly older than this (finished_at, reload_id). */
  before?: { finishedAt: Date; reloadId: string };
  limit: number;
}

export interface HistoryEntry extends ReloadResultFields {
  deliveries: number;
  /** The agent's probe figures as stored with its result (proto3 JSON). */
  probe: ProbeFigures | null;
}

interface Row extends ReloadResultFieldsRow {
  deliveries: number;
  probe: ProbeFigures | null;
}

export class ReloadHistoryRepository {
  constructor(private readonly sql: Sql) {}

  async list(filter: HistoryFilter): Promise<HistoryEntry[]> {
    const sql = this.sql;
    // Results without a finish time (an agent that died mid-reload) sort as oldest.
    // The indexes of migration 003 are on this very expression; the time bounds are
    // repeated on it (implied by the finished_at ones) so an index scan starts at the range.
    const finished = sql`coalesce(finished_at, 'epoch'::timestamptz)`;
    const rows = await sql<Row[]>`
      SELECT reload_id, host_name, outcome, strategy, failed_requests, started_at, finished_at, deliveries, result->'probe' AS probe
      FROM reload_results
      WHERE true
        ${filter.host ? sql`AND host_name = ${filter.host}` : sql``}
        ${filter.outcome ? sql`AND outcome = ${filter.outcome}` : sql``}
        ${filter.since ? sql`AND finished_at >= ${filter.since} AND ${finished} >= ${filter.since}` : sql``}
        ${filter.until ? sql`AND finished_at < ${filter.until} AND ${finished} < ${filter.until}` : sql``}
        ${filter.before ? sql`AND (${finished}, reload_id) < (${filter.before.finishedAt}, ${filter.before.reloadId})` : sql``}
      ORDER BY ${finished} DESC, reload_id DESC LIMIT ${filter.limit}`;
    return rows.map((row) => ({ ...toReloadResultFields(row), deliveries: row.deliveries, probe: row.probe }));
  }
}
