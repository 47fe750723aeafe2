// GET /api/v1/hosts, GET /api/v1/hosts/:name and PUT /api/v1/hosts/:name/labels.
import { Body, Controller, Get, Inject, Param, Put, Query } from '@nestjs/common';
import { hostNameSchema, listHostsQuerySchema, setLabelsBodySchema, type Served } from '@hitless/api-contract';
import { CurrentPrincipal } from '../auth/principal.decorator';
import { RequireRole } from '../auth/require-role.decorator';
import { auditActor, type Principal } from '../auth/roles';
import { NotFoundError } from '../errors/domain-errors';
import { parseInput } from '../errors/zod-problems';
import { pageOf } from '../http/pagination';
import { HostDirectoryRepository } from './host-directory.repository';
import { HostLabelsService } from './host-labels.service';

@Controller('hosts')
export class HostsController {
  constructor(
    @Inject(HostDirectoryRepository) private readonly hosts: HostDirectoryRepository,
    @Inject(HostLabelsService) private readonly labels: HostLabelsService,
  ) {}

  @Get()
  @RequireRole('viewer')
  async list(@Query() query: unknown): Promise<Served<'listHosts'>> {
    const q = parseInput(listHostsQuerySchema, query, 'query');
    const rows = await this.hosts.list({ labels: q.label, online: q.online, after: q.cursor?.[0], limit: q.limit + 1 });
    return pageOf(rows, q.limit, (host) => [host.name]);
  }

  @Get(':name')
  @RequireRole('viewer')
  async find(@Param('name') name: string): Promise<Served<'getHost'>> {
    const checked = parseInput(hostNameSchema, name, 'name');
    const host = await this.hosts.find(checked);
    if (!host) throw new NotFoundError(`host '${checked}'`);
    return host;
  }

  @Put(':name/labels')
  @RequireRole('operator')
  async setLabels(@Param('name') name: string, @Body() body: unknown, @CurrentPrincipal() principal: Principal): Promise<Served<'setHostLabels'>> {
    const checked = parseInput(hostNameSchema, name, 'name');
    const { labels } = parseInput(setLabelsBodySchema, body);
    await this.labels.set(checked, labels, auditActor(principal));
    return { name: checked, labels };
  }
}
