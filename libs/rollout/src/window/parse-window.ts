// Validates a maintenance window from untrusted input. Every failing field is
// reported, including a cron expression or time zone we cannot use.
import { z } from 'zod';
import { RolloutInputError } from '../errors/rollout-input-error';
import { zodIssues } from '../errors/zod-issues';
import { instantSchema } from '../spec/instant-schema';
import { CronSyntaxError, parseCron } from './cron-schedule';
import type { MaintenanceWindow } from './window-types';
import { isValidTimeZone } from './zoned-time';

/** Longest single occurrence: a week. Longer "windows" are an always-open policy, not a window. */
export const MAX_WINDOW_MINUTES = 7 * 24 * 60;

const cronSchema = z.string().superRefine((expression, ctx) => {
  try {
    parseCron(expression);
  } catch (error) {
    if (!(error instanceof CronSyntaxError)) throw error;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: error.message });
  }
});

const timeZoneSchema = z.string().refine((name) => /^[A-Za-z0-9_+/-]{1,64}$/.test(name) && isValidTimeZone(name), {
  message: 'must be an IANA time zone name, e.g. Europe/Berlin',
});

/** Exported for the server's OpenAPI document; callers validate with parseMaintenanceWindow. */
export const windowSchema = z.discriminatedUnion('kind', [
  z
    .object({
      kind: z.literal('recurring'),
      cron: cronSchema,
      durationMinutes: z.number().int().min(1).max(MAX_WINDOW_MINUTES),
      timeZone: timeZoneSchema,
    })
    .strict(),
  z
    .object({ kind: z.literal('one-off'), start: instantSchema, end: instantSchema })
    .strict(),
]).superRefine((window, ctx) => {
  if (window.kind === 'one-off' && window.end.getTime() <= window.start.getTime()) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, path: ['end'], message: 'must be after start' });
  }
});

export function parseMaintenanceWindow(input: unknown): MaintenanceWindow {
  const result = windowSchema.safeParse(input);
  if (!result.success) throw new RolloutInputError(zodIssues(result.error));
  return result.data;
}
