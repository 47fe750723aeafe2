// Maintenance windows: validated by @hitless/rollout, stored, audited.
import { randomUUID } from 'node:crypto';
import { parseMaintenanceWindow, RolloutInputError } from '@hitless/rollout';
import type { AuditRepository } from '../audit/audit.repository';
import { actorOf, auditActor, type Principal } from '../auth/roles';
import type { Transactions } from '../database/transactions';
import { BadInputError, ConflictError, NotFoundError } from '../errors/domain-errors';
import type { WindowRecord, WindowsRepository } from './windows.repository';

export class WindowsService {
  constructor(
    private readonly transactions: Transactions,
    private readonly windows: WindowsRepository,
    private readonly audit: AuditRepository,
  ) {}

  async create(name: string, spec: unknown, principal: Principal): Promise<WindowRecord> {
    try {
      parseMaintenanceWindow(spec);
    } catch (error) {
      // The lib names fields relative to the window; the body nests it under `window`.
      if (error instanceof RolloutInputError) throw new BadInputError(error.issues.map((i) => ({ field: i.path ? `window.${i.path}` : 'window', message: i.message })));
      throw error;
    }
    return this.transactions.run(async (tx) => {
      const created = await this.windows.insert(tx, randomUUID(), name, spec as Record<string, unknown>, actorOf(principal));
      if (!created) throw new ConflictError(`a maintenance window named '${name}' exists`);
      await this.audit.record(tx, { ...auditActor(principal), action: 'window.create', target: created.id, details: { name, spec } });
      return created;
    });
  }

  list(): Promise<WindowRecord[]> {
    return this.windows.list();
  }

  async delete(id: string, principal: Principal): Promise<void> {
    await this.transactions.run(async (tx) => {
      if (!(await this.windows.delete(tx, id))) throw new NotFoundError(`maintenance window '${id}'`);
      await this.audit.record(tx, { ...auditActor(principal), action: 'window.delete', target: id });
    });
  }
}
