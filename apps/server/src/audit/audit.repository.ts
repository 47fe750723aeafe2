// Who did what, when: one row for every change made through the API or by the scheduler.
import type { Sql, Tx } from '../database/sql-client';

export interface AuditEntry {
  actor: string;
  /** The API token that acted; null for the server itself (the scheduler, `hitless-server api-token`). */
  actorTokenId: string | null;
  action: string;
  target?: string;
  details?: Record<string, unknown>;
}

export interface AuditRecord extends Required<AuditEntry> {
  id: number;
  at: Date;
}

type Json = Parameters<Sql['json']>[0];

export class AuditRepository {
  constructor(private readonly sql: Sql) {}

  /** Written in the caller's transaction, so a change and its audit line commit together. */
  async record(tx: Tx | Sql, entry: AuditEntry): Promise<void> {
    await tx`INSERT INTO audit_log (actor, actor_token_id, action, target, details)
             VALUES (${entry.actor}, ${entry.actorTokenId}, ${entry.action}, ${entry.target ?? null}, ${this.sql.json((entry.details ?? {}) as Json)})`;
  }

  async list(limit: number, beforeId?: number): Promise<AuditRecord[]> {
    const rows = await this.sql<{ id: number; at: Date; actor: string; actorTokenId: string | null; action: string; target: string | null; details: Record<string, unknown> }[]>`
      SELECT id, at, actor, actor_token_id AS "actorTokenId", action, target, details FROM audit_log
      WHERE ${beforeId === undefined ? this.sql`true` : this.sql`id < ${beforeId}`}
      ORDER BY id DESC LIMIT ${limit}`;
    return rows.map((row) => ({ ...row, target: row.target ?? '' }));
  }
}
