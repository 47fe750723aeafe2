// Enumerates the opening instants of a recurring window in time order, one
// local calendar day at a time, so daylight-saving handling lives in one
// place (localToInstant) instead of in minute arithmetic.
import type { IANAZone } from 'luxon';
import type { CronSchedule } from './cron-schedule';
import { cronMatchesDay } from './cron-schedule';
import { dayResolver, instantToLocalDate } from './zoned-time';

/** How far ahead to look before deciding a schedule never fires (covers Feb 29 across a skipped leap year). */
export const SEARCH_HORIZON_DAYS = 9 * 366;

/** Opening instants (ms) >= fromMs, ascending, each once, for at most `maxDays` local days. */
export function* openingsFrom(schedule: CronSchedule, tz: IANAZone, fromMs: number, maxDays = SEARCH_HORIZON_DAYS): Generator<number> {
  // Start a day early: a gap-shifted or first-occurrence time of the previous local day may fall after fromMs.
  const start = instantToLocalDate(fromMs, tz);
  const cursor = new Date(Date.UTC(start.year, start.month - 1, start.day - 1));
  let last = -Infinity;
  for (let i = 0; i <= maxDays + 1; i++) {
    const year = cursor.getUTCFullYear();
    const month = cursor.getUTCMonth() + 1;
    const day = cursor.getUTCDate();
    if (cronMatchesDay(schedule, month, day, cursor.getUTCDay())) {
      const resolve = dayResolver(year, month, day, tz);
      const instants: number[] = [];
      for (const hour of schedule.hours) {
        for (const minute of schedule.minutes) instants.push(resolve(hour, minute));
      }
      // Gap shifting can reorder or merge wall times (02:30 -> 03:30 after 03:00), so sort and dedupe.
      instants.sort((a, b) => a - b);
      for (const instant of instants) {
        if (instant >= fromMs && instant > last) {
          last = instant;
          yield instant;
        }
      }
    }
    cursor.setUTCDate(cursor.getUTCDate() + 1);
  }
}
