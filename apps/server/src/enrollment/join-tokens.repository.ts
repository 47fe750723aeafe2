// Join tokens: single use, expiring, bound to one host name. Only their SHA-256
// is stored, and consuming one is a single conditional UPDATE so two agents
// racing with the same token cannot both win.
import { createHash, randomBytes } from 'node:crypto';
import type { Sql, Tx } from '../database/sql-client';

export type TokenRefusal = 'unknown' | 'expired' | 'used' | 'other-host';

export type ConsumeResult = { ok: true } | { ok: false; refusal: TokenRefusal };

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export class JoinTokensRepository {
  constructor(private readonly sql: Sql) {}

  async issue(hostName: string, ttlMs: number, tx: Tx | Sql = this.sql): Promise<{ token: string; expiresAt: Date }> {
    const token = `hjt_${randomBytes(24).toString('base64url')}`;
    const [row] = await tx<{ expires_at: Date }[]>`
      INSERT INTO join_tokens (token_hash, host_name, expires_at)
      VALUES (${hashToken(token)}, ${hostName}, now() + ${ttlMs} * interval '1 millisecond')
      RETURNING expires_at`;
    return { token, expiresAt: row.expires_at };
  }

  /** Marks the token used if it is valid for this host; the caller's transaction decides whether that sticks. */
  async consume(tx: Tx, token: string, hostName: string): Promise<ConsumeResult> {
    const tokenHash = hashToken(token);
    const used = await tx`
      UPDATE join_tokens SET used_at = now()
      WHERE token_hash = ${tokenHash} AND host_name = ${hostName} AND used_at IS NULL AND expires_at > now()
      RETURNING token_hash`;
    if (used.length === 1) return { ok: true };
    const [row] = await tx<{ host_name: string; used: boolean; expired: boolean }[]>`
      SELECT host_name, used_at IS NOT NULL AS used, expires_at <= now() AS expired FROM join_tokens WHERE token_hash = ${tokenHash}`;
    if (!row) return { ok: false, refusal: 'unknown' };
    if (row.used) return { ok: false, refusal: 'used' };
    if (row.expired) return { ok: false, refusal: 'expired' };
    return { ok: false, refusal: 'other-host' };
  }

  async find(token: string): Promise<{ hostName: string; usedAt: Date | null } | undefined> {
    const [row] = await this.sql<{ host_name: string; used_at: Date | null }[]>`
      SELECT host_name, used_at FROM join_tokens WHERE token_hash = ${hashToken(token)}`;
    return row ? { hostName: row.host_name, usedAt: row.used_at } : undefined;
  }
}
