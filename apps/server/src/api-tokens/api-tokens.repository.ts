// API tokens: a random secret shown once, only its SHA-256 stored. Names are
// unique (also among revoked tokens), a token may expire, and its last use is
// written at most once a minute: a busy script must not turn every request
// into a row update.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role, Principal } from '../auth/roles';
import { systemClock, type Clock } from '../clock/clock';
import type { Sql, Tx } from '../database/sql-client';
import { ConflictError } from '../errors/domain-errors';

export interface ApiTokenRecord {
  id: string;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

/** Who presented a secret, or why it does not count. */
export type Authentication = { ok: true; principal: Principal } | { ok: false; reason: 'unknown' | 'expired' };

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const TOKEN_PREFIX = 'hlt_';
/** last_used_at is this coarse: written only when the stored value is older. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** What the database keeps of a secret, and what the flood guard remembers of one that passed. */
export function tokenFingerprint(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toRecord(row: TokenRow): ApiTokenRecord {
  return {
    id: row.id,
    name: row.name,
    role: row.role,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at,
    revokedAt: row.revoked_at,
    lastUsedAt: row.last_used_at,
  };
}

export class ApiTokensRepository {
  constructor(
    private readonly sql: Sql,
    private readonly clock: Clock = systemClock,
  ) {}

  /** Throws ConflictError when the name is taken, by a live token or a revoked one. */
  async create(tx: Tx | Sql, name: string, role: Role, createdBy: string, expiresAt?: Date): Promise<{ token: string; record: ApiTokenRecord }> {
    const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
    const [row] = await tx<TokenRow[]>`
      INSERT INTO api_tokens (id, name, role, token_hash, created_by, expires_at)
      VALUES (${randomUUID()}, ${name}, ${role}, ${tokenFingerprint(token)}, ${createdBy}, ${expiresAt ?? null})
      ON CONFLICT (name) DO NOTHING
      RETURNING id, name, role, created_by, created_at, expires_at, revoked_at, last_used_at`;
    if (!row) throw new ConflictError(`an API token named '${name}' exists already (names are never reused, also after revocation)`, { field: 'name' });
    return { token, record: toRecord(row) };
  }

  /** The principal for a presented secret; a revoked token is as unknown as one never issued. */
  async authenticate(secret: string): Promise<Authentication> {
    if (!secret.startsWith(TOKEN_PREFIX)) return { ok: false, reason: 'unknown' };
    const now = this.clock.now();
    // One round trip: the lookup, and the last-use write only when the stored one is a minute old.
    const [row] = await this.sql<{ id: string; name: string; role: Role; expires_at: Date | null }[]>`
      WITH found AS (
        SELECT id, name, role, expires_at, last_used_at FROM api_tokens WHERE token_hash = ${tokenFingerprint(secret)} AND revoked_at IS NULL
      ), touched AS (
        UPDATE api_tokens t SET last_used_at = ${now}
        FROM found
        WHERE t.id = found.id
          AND (found.expires_at IS NULL OR found.expires_at > ${now})
          AND (found.last_used_at IS NULL OR found.last_used_at <= ${new Date(now.getTime() - LAST_USED_RESOLUTION_MS)})
        RETURNING t.id
      )
      SELECT id, name, role, expires_at FROM found`;
    if (!row) return { ok: false, reason: 'unknown' };
    if (row.expires_at && row.expires_at.getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
    return { ok: true, principal: { tokenId: row.id, name: row.name, role: row.role } };
  }

  async list(): Promise<ApiTokenRecord[]> {
    const rows = await this.sql<TokenRow[]>`
      SELECT id, name, role, created_by, created_at, expires_at, revoked_at, last_used_at FROM api_tokens ORDER BY created_at, id`;
    return rows.map(toRecord);
  }

  /** False when there is no such live token. */
  async revoke(tx: Tx | Sql, id: string): Promise<boolean> {
    const rows = await tx`UPDATE api_tokens SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL RETURNING id`;
    return rows.length === 1;
  }
}
