// GET /api/v1/reloads: paginated reload history filtered by host, outcome and time.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { reloadHistoryQuerySchema, type Served } from '@hitless/api-contract';
import { RequireRole } from '../auth/require-role.decorator';
import { parseInput } from '../errors/zod-problems';
import { pageOf } from '../http/pagination';
import { ReloadHistoryRepository } from './reload-history.repository';

@Controller('reloads')
export class ReloadHistoryController {
  constructor(@Inject(ReloadHistoryRepository) private readonly history: ReloadHistoryRepository) {}

  @Get()
  @RequireRole('viewer')
  async list(@Query() query: unknown): Promise<Served<'listReloads'>> {
    const q = parseInput(reloadHistoryQuerySchema, query, 'query');
    const rows = await this.history.list({
      host: q.host,
      outcome: q.outcome,
      since: q.since,
      until: q.until,
      before: q.cursor ? { finishedAt: q.cursor[0], reloadId: q.cursor[1] } : undefined,
      limit: q.limit + 1,
    });
    return pageOf(rows, q.limit, (row) => [(row.finishedAt ?? new Date(0)).toISOString(), row.reloadId]);
  }
}
