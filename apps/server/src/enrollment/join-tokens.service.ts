// Issuing join tokens, with the audit line in the same transaction: for the API
// (an admin's token) and hitless-server's own `join-token` command.
import { assertHostName } from '@hitless/pki';
import type { AuditActor } from '../audit/audit-actor';
import type { AuditRepository } from '../audit/audit.repository';
import type { Transactions } from '../database/transactions';
import type { JoinTokensRepository } from './join-tokens.repository';

export interface IssuedJoinToken {
  hostName: string;
  token: string;
  expiresAt: Date;
}

export class JoinTokensService {
  constructor(
    private readonly transactions: Transactions,
    private readonly tokens: JoinTokensRepository,
    private readonly audit: AuditRepository,
  ) {}

  /** Throws InvalidHostNameError for a name no certificate may carry. */
  issue(hostName: string, ttlMs: number, by: AuditActor): Promise<IssuedJoinToken> {
    const checked = assertHostName(hostName);
    return this.transactions.run(async (tx) => {
      const issued = await this.tokens.issue(checked, ttlMs, tx);
      await this.audit.record(tx, { ...by, action: 'join-token.create', target: checked, details: { expiresAt: issued.expiresAt.toISOString() } });
      return { hostName: checked, ...issued };
    });
  }
}
