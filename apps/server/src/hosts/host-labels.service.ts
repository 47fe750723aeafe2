// An operator's labels on a host, written with their audit line in one transaction.
import type { AuditActor } from '../audit/audit-actor';
import type { AuditRepository } from '../audit/audit.repository';
import type { Transactions } from '../database/transactions';
import { NotFoundError } from '../errors/domain-errors';
import type { HostDirectoryRepository } from './host-directory.repository';
import type { Labels } from '@hitless/api-contract';

export class HostLabelsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly hosts: HostDirectoryRepository,
    private readonly audit: AuditRepository,
  ) {}

  async set(name: string, labels: Labels, by: AuditActor): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.hosts.setLabels(tx, name, labels))) throw new NotFoundError(`host '${name}'`);
      await this.audit.record(tx, { ...by, action: 'host.labels.set', target: name, details: { labels } });
    });
  }
}
