// Maintenance windows and their calendar.
import { z } from 'zod';
import { instantText, isoInstantSchema } from '../values/instant';

export const windowIdSchema = z.string().uuid();

/**
 * `window` is checked by the server with @hitless/rollout's window rules (cron syntax, IANA
 * time zones: libraries a browser does not load); the OpenAPI document describes it in full.
 */
export const createWindowBodySchema = z
  .object({
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]{0,62}$/, 'letters, digits, spaces, ".", "_", "-"; at most 63'),
    window: z.unknown(),
  })
  .strict();

const windowFields = {
  id: z.string(),
  name: z.string(),
  spec: z.record(z.unknown()),
  createdBy: z.string(),
  createdAt: instantText,
};

export const maintenanceWindowRecordSchema = z.object(windowFields).strict();

export const windowListSchema = z.object({ items: z.array(maintenanceWindowRecordSchema) }).strict();

export const calendarQuerySchema = z
  .object({
    days: z.coerce.number().int().min(1).max(62).default(14),
    from: isoInstantSchema.optional(),
  })
  .strict();

export const openPeriodSchema = z.object({ start: instantText, end: instantText }).strict();

export const windowCalendarSchema = z
  .object({
    from: instantText,
    to: instantText,
    windows: z.array(z.object({ ...windowFields, periods: z.array(openPeriodSchema) }).strict()),
  })
  .strict();
