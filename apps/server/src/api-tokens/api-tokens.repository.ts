// API tokens: a random secret shown once, only its SHA-256 stored.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { Role, Principal } from '../auth/roles';
import type { Sql, Tx } from '../database/sql-client';

export interface ApiTokenRecord {
  id: string;
  name: string;
  role: Role;
  createdBy: string;
  createdAt: Date;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
}

interface TokenRow {
  id: string;
  name: string;
  role: Role;
  created_by: string;
  created_at: Date;
  revoked_at: Date | null;
  last_used_at: Date | null;
}

const TOKEN_PREFIX = 'hlt_';

function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

function toRecord(row: TokenRow): ApiTokenRecord {
  return { id: row.id, name: row.name, role: row.role, createdBy: row.created_by, createdAt: row.created_at, revokedAt: row.revoked_at, lastUsedAt: row.last_used_at };
}

export class ApiTokensRepository {
  constructor(private readonly sql: Sql) {}

  async create(tx: Tx | Sql, name: string, role: Role, createdBy: string): Promise<{ token: string; record: ApiTokenRecord }> {
    const token = `${TOKEN_PREFIX}${randomBytes(24).toString('base64url')}`;
    const [row] = await tx<TokenRow[]>`
      INSERT INTO api_tokens (id, name, role, token_hash, created_by) VALUES (${randomUUID()}, ${name}, ${role}, ${hashSecret(token)}, ${createdBy})
      RETURNING id, name, role, created_by, created_at, revoked_at, last_used_at`;
    return { token, record: toRecord(row) };
  }

  /** The principal for a presented secret, or undefined when it is unknown or revoked. */
  async authenticate(secret: string): Promise<Principal | undefined> {
    if (!secret.startsWith(TOKEN_PREFIX)) return undefined;
    const [row] = await this.sql<{ id: string; name: string; role: Role }[]>`
      UPDATE api_tokens SET last_used_at = now() WHERE token_hash = ${hashSecret(secret)} AND revoked_at IS NULL
      RETURNING id, name, role`;
    return row ? { tokenId: row.id, name: row.name, role: row.role } : undefined;
  }

  async list(): Promise<ApiTokenRecord[]> {
    const rows = await this.sql<TokenRow[]>`SELECT id, name, role, created_by, created_at, revoked_at, last_used_at FROM api_tokens ORDER BY created_at, id`;
    return rows.map(toRecord);
  }

  /** False when there is no such live token. */
  async revoke(tx: Tx | Sql, id: string): Promise<boolean> {
    const rows = await tx`UPDATE api_tokens SET revoked_at = now() WHERE id = ${id} AND revoked_at IS NULL RETURNING id`;
    return rows.length === 1;
  }
}
