// GET /api/v1/hosts, GET /api/v1/hosts/:name and PUT /api/v1/hosts/:name/labels.
import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { z } from 'zod';
import { AuditRepository } from '../audit/audit.repository';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { auditActor, type Principal } from '../auth/roles';
import { NotFoundError } from '../errors/domain-errors';
import { parseInput } from '../errors/zod-problems';
import { SQL } from '../http/tokens';
import { cursorSchema, limitSchema, pageOf, type Page } from '../http/pagination';
import type { Sql } from '../database/sql-client';
import { HostDirectoryRepository, type HostDetail, type HostSummary } from './host-directory.repository';
import { labelQuerySchema, labelsSchema } from './host-labels';
import { hostNameSchema } from './host-name-schema';

export const listQuerySchema = z
  .object({
    limit: limitSchema,
    // The last host's name.
    cursor: cursorSchema(z.tuple([hostNameSchema])).optional(),
    label: labelQuerySchema.optional(),
    online: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  })
  .strict();

export const labelsBodySchema = z.object({ labels: labelsSchema }).strict();

@Controller('hosts')
export class HostsController {
  constructor(
    @Inject(HostDirectoryRepository) private readonly hosts: HostDirectoryRepository,
    @Inject(AuditRepository) private readonly audit: AuditRepository,
    @Inject(SQL) private readonly sql: Sql,
  ) {}

  @Get()
  @RequireRole('viewer')
  async list(@Query() query: unknown): Promise<Page<HostSummary>> {
    const q = parseInput(listQuerySchema, query, 'query');
    const rows = await this.hosts.list({ labels: q.label, online: q.online, after: q.cursor?.[0], limit: q.limit + 1 });
    return pageOf(rows, q.limit, (host) => [host.name]);
  }

  @Get(':name')
  @RequireRole('viewer')
  async find(@Param('name') name: string): Promise<HostDetail> {
    const checked = parseInput(hostNameSchema, name, 'name');
    const host = await this.hosts.find(checked);
    if (!host) throw new NotFoundError(`host '${checked}'`);
    return host;
  }

  @Put(':name/labels')
  @RequireRole('operator')
  async setLabels(@Param('name') name: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<{ name: string; labels: Record<string, string> }> {
    const checked = parseInput(hostNameSchema, name, 'name');
    const { labels } = parseInput(labelsBodySchema, body);
    await this.sql.begin(async (tx) => {
      if (!(await this.hosts.setLabels(tx, checked, labels))) throw new NotFoundError(`host '${checked}'`);
      await this.audit.record(tx, { ...auditActor(principal), action: 'host.labels.set', target: checked, details: { labels } });
    });
    return { name: checked, labels };
  }
}
