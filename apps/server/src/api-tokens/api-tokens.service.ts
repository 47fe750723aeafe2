// Creating and revoking API tokens, each with its audit line in the same
// transaction: for the API (an admin's token) and hitless-server's own
// `api-token` command (the first admin token).
import type { AuditActor } from '../audit/audit-actor';
import type { AuditRepository } from '../audit/audit.repository';
import type { Role } from '../auth/roles';
import type { Transactions } from '../database/transactions';
import { NotFoundError } from '../errors/domain-errors';
import type { ApiTokenRecord, ApiTokensRepository } from './api-tokens.repository';

export interface NewApiToken {
  name: string;
  role: Role;
  expiresAt?: Date;
}

export class ApiTokensService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tokens: ApiTokensRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** The secret is in the answer only: it is stored as a hash. */
  create(input: NewApiToken, by: AuditActor): Promise<{ token: string; record: ApiTokenRecord }> {
    return this.transactions.run(async (tx) => {
      const created = await this.tokens.create(tx, input.name, input.role, by.actor, input.expiresAt);
      const details = { name: input.name, role: input.role, expiresAt: input.expiresAt?.toISOString() ?? null };
      await this.audit.record(tx, { ...by, action: 'api-token.create', target: created.record.id, details });
      return created;
    });
  }

  list(): Promise<ApiTokenRecord[]> {
    return this.tokens.list();
  }

  async revoke(id: string, by: AuditActor): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.tokens.revoke(tx, id))) throw new NotFoundError(`live API token '${id}'`);
      await this.audit.record(tx, { ...by, action: 'api-token.revoke', target: id });
    });
  }
}
