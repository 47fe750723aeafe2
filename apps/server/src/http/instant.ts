// A point in time as the API takes it: ISO 8601 with an offset, within the years
// Postgres and JavaScript both store exactly (a year 0 or 10000 is a typo, not a query).
import { z } from 'zod';

export const instantSchema = z
  .string()
  .datetime({ offset: true, message: 'must be an ISO 8601 date-time with an offset, e.g. 2026-11-26T02:00:00Z' })
  .transform((text) => new Date(text))
  .refine((date) => date.getUTCFullYear() >= 1 && date.getUTCFullYear() <= 9999, 'must be between the years 1 and 9999');
