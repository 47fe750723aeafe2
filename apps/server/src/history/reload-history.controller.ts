// GET /api/v1/reloads: paginated reload history filtered by host, outcome and time.
import { Controller, Get, Inject, Query } from '@nestjs/common';
import { InvalidChangeError } from '@hitless/haproxy';
import { assertReloadId } from '@hitless/agent-wire';
import { isoInstantSchema } from '@hitless/rollout';
import { z } from 'zod';
import { RequireRole } from '../auth/require-role.decorator';
import { parseInput } from '../errors/zod-problems';
import { hostNameSchema } from '../hosts/host-name-schema';
import { cursorSchema, limitSchema, pageOf, type Page } from '../http/pagination';
import { ReloadHistoryRepository, type HistoryEntry } from './reload-history.repository';

const OUTCOMES = ['succeeded', 'validated', 'rejected', 'rolled-back', 'failed'] as const;

/** A reload id as the result intake accepts it (so every stored one). */
const reloadIdSchema = z.string().refine((id) => {
  try {
    return assertReloadId(id) === id;
  } catch (error) {
    if (error instanceof InvalidChangeError) return false;
    throw error;
  }
}, 'is not a reload id');

export const querySchema = z
  .object({
    limit: limitSchema,
    // The last row's (finished_at, reload_id).
    cursor: cursorSchema(z.tuple([isoInstantSchema, reloadIdSchema])).optional(),
    host: hostNameSchema.optional(),
    outcome: z.enum(OUTCOMES).optional(),
    since: isoInstantSchema.optional(),
    until: isoInstantSchema.optional(),
  })
  .strict();

@Controller('reloads')
export class ReloadHistoryController {
  constructor(@Inject(ReloadHistoryRepository) private readonly history: ReloadHistoryRepository) {}

  @Get()
  @RequireRole('viewer')
  async list(@Query() query: unknown): Promise<Page<HistoryEntry>> {
    const q = parseInput(querySchema, query, 'query');
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
