// A point in time as the API takes it: an ISO 8601 string with an offset, within
// the years 1-9999 that Postgres and JavaScript both hold exactly (a year 0 is a
// typo that Postgres refuses; a window in 1 BC opens never).
import { z } from 'zod';

const inRange = (date: Date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999;
const RANGE = 'must be between the years 1 and 9999';

/** A string from a request (a query parameter, a JSON body) as a Date. */
export const isoInstantSchema = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with a time zone offset, e.g. 2026-11-26T02:00:00Z' })
  .transform((text) => new Date(text))
  .refine(inRange, RANGE);

/** The same, or a Date already parsed (a spec parsed again before it was ever serialised). */
export const instantSchema = z.union([z.date().refine(inRange, RANGE), isoInstantSchema]);
