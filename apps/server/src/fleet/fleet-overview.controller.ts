// GET /api/v1/overview: the dashboard's fleet summary in one call.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequireRole } from '../auth/require-role.decorator';
import { parseInput } from '../errors/zod-problems';
import { FleetOverviewRepository, type FleetOverview } from './fleet-overview.repository';

export const overviewQuerySchema = z
  .object({
    // How far back the reload totals reach.
    hours: z.coerce.number().int().min(1).max(24 * 90).default(24),
  })
  .strict();

@Controller('overview')
export class FleetOverviewController {
  constructor(@Inject(FleetOverviewRepository) private readonly fleet: FleetOverviewRepository) {}

  @Get()
  @RequireRole('viewer')
  get(@Query() query: unknown): Promise<FleetOverview> {
    const q = parseInput(overviewQuerySchema, query, 'query');
    return this.fleet.overview(new Date(Date.now() - q.hours * 3_600_000));
  }
}
