// Points in time as the API carries them: ISO 8601 text with an offset.
import { z } from 'zod';

/** The years 1-9999, which Postgres and JavaScript both hold exactly. */
export const inInstantRange = (date: Date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;
export const INSTANT_RANGE_RULE = 'must be between the years 1 and 9999';

/**
 * A point in time from a request (a query parameter, a JSON body) as a Date, within
 * the years 1-9999 that Postgres and JavaScript both hold exactly (a year 0 is a
 * typo that Postgres refuses; a window in 1 BC opens never).
 */
export const isoInstantSchema = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone offset, e.g. 2026-11-26T02:00:00Z' })
  .transform((text) => new Date(text))
  .refine(inInstantRange, INSTANT_RANGE_RULE);

/**
 * A point in time in an answer. The server hands over a Date (or text it already has);
 * JSON carries ISO 8601 text, which is what a client reads and what a response is checked
 * against. So the input side (a controller's return type) is Date | string, the output
 * side (a client's type) is string.
 */
export const instantText = z
  .union([z.date(), z.string().datetime({ offset: true })])
  .transform((value) => (value instanceof Date ? value.toISOString() : value));
