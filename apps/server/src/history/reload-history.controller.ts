// GET /api/v1/reloads: paginated reload history filtered by host, outcome and time.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { z } from 'zod';
import { RequireRole } from '../auth/require-role.decorator';
import { parseInput } from '../errors/zod-problems';
import { decodeCursor, limitSchema, pageOf, type Page } from '../http/pagination';
import { ReloadHistoryRepository, type HistoryEntry } from './reload-history.repository';

const OUTCOMES = ['succeeded', 'validated', 'rejected', 'rolled-back', 'failed'] as const;

export const querySchema = z
  .object({
    limit: limitSchema,
    cursor: z.string().optional(),
    host: z.string().min(1).max(253).optional(),
    outcome: z.enum(OUTCOMES).optional(),
    since: z.string().datetime({ offset: true }).transform((t) => new Date(t)).optional(),
    until: z.string().datetime({ offset: true }).transform((t) => new Date(t)).optional(),
  })
  .strict();

@Controller('reloads')
export class ReloadHistoryController {
  constructor(@Inject(ReloadHistoryRepository) private readonly history: ReloadHistoryRepository) {}

  @Get()
  @RequireRole('viewer')
  async list(@Query() query: unknown): Promise<Page<HistoryEntry>> {
    const q = parseInput(querySchema, query, 'query');
    const cursor = decodeCursor(q.cursor, 2);
    const rows = await this.history.list({
      host: q.host,
      outcome: q.outcome,
      since: q.since,
      until: q.until,
      before: cursor ? { finishedAt: new Date(cursor[0]), reloadId: String(cursor[1]) } : undefined,
      limit: q.limit + 1,
    });
    return pageOf(rows, q.limit, (row) => [(row.finishedAt ?? new Date(0)).toISOString(), row.reloadId]);
  }
}
