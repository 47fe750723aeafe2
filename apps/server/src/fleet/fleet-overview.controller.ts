// GET /api/v1/overview: the dashboard's fleet summary in one call.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { overviewQuerySchema, type Served } from '@hitless/api-contract';
import { RequireRole } from '../auth/require-role.decorator';
import { parseInput } from '../errors/zod-problems';
import { FleetOverviewRepository } from './fleet-overview.repository';

@Controller('overview')
export class FleetOverviewController {
  constructor(@Inject(FleetOverviewRepository) private readonly fleet: FleetOverviewRepository) {}

  @Get()
  @RequireRole('viewer')
  get(@Query() query: unknown): Promise<Served<'getOverview'>> {
    const q = parseInput(overviewQuerySchema, query, 'query');
    return this.fleet.overview(new Date(Date.now() - q.hours * 3_600_000));
  }
}
