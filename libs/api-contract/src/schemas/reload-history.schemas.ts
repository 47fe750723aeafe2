// GET /reloads: the history's filters and one entry.
import { z } from 'zod';
import { RELOAD_OUTCOMES } from '../vocabulary/reload-outcomes';
import { cursorSchema, limitSchema, pageSchema } from '../values/cursor';
import { hostNameSchema } from '../values/host-name';
import { instantText, isoInstantSchema } from '../values/instant';
import { reloadIdSchema } from '../values/reload-id';
import { probeFiguresSchema } from './reload-result.schemas';

export const reloadHistoryQuerySchema = z
  .object({
    limit: limitSchema,
    // The last row's (finished_at, reload_id).
    cursor: cursorSchema(z.tuple([isoInstantSchema, reloadIdSchema])).optional(),
    host: hostNameSchema.optional(),
    outcome: z.enum(RELOAD_OUTCOMES).optional(),
    since: isoInstantSchema.optional(),
    until: isoInstantSchema.optional(),
  })
  .strict();

export const reloadEntrySchema = z
  .object({
    reloadId: z.string(),
    hostName: z.string(),
    outcome: z.string(),
    strategy: z.string(),
    failedRequests: z.number(),
    startedAt: instantText.nullable(),
    finishedAt: instantText.nullable(),
    deliveries: z.number().int(),
    probe: probeFiguresSchema.nullable(),
  })
  .strict();

export const reloadPageSchema = pageSchema(reloadEntrySchema);
