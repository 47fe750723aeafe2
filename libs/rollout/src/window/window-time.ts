// Window arithmetic on instants. Overlapping or touching occurrences of a
// recurring window form one open period: the window closes only when none of
// them covers the instant any more.
import type { CronSchedule } from './cron-schedule';
import { parseCron } from './cron-schedule';
import { openingsFrom } from './recurring-occurrences';
import type { MaintenanceWindow, RecurringWindow, WindowStatus } from './window-types';
import { zone } from './zoned-time';

const MINUTE = 60_000;
/**
 * A window whose occurrences chain into one open period longer than this is
 * reported as closing at the limit; the scheduler looks again then and finds
 * it still open. Keeps a `* * * * *` window from enumerating a year of minutes.
 */
export const MAX_OPEN_PERIOD_DAYS = 8;

export function windowStatus(window: MaintenanceWindow, now: Date): WindowStatus {
  const t = now.getTime();
  if (window.kind === 'one-off') {
    if (t >= window.start.getTime() && t < window.end.getTime()) return { inside: true, closesAt: new Date(window.end.getTime()) };
    return { inside: false, opensAt: t < window.start.getTime() ? new Date(window.start.getTime()) : null };
  }
  const recurring = prepare(window);
  const period = openPeriodAt(recurring, t);
  if (period) return { inside: true, closesAt: new Date(period.end) };
  const next = openingsFrom(recurring.schedule, recurring.tz, t).next();
  return { inside: false, opensAt: next.done ? null : new Date(next.value) };
}

export function isInsideWindow(window: MaintenanceWindow, now: Date): boolean {
  return windowStatus(window, now).inside;
}

/** When the open period containing `now` closes; null when the window is closed at `now`. */
export function currentWindowEnd(window: MaintenanceWindow, now: Date): Date | null {
  const status = windowStatus(window, now);
  return status.inside ? status.closesAt : null;
}

/**
 * The next instant at which the closed window opens. When `now` is inside an
 * open period (including one that opens exactly at `now`), that is the
 * opening after the period closes. Null when the window never opens again.
 */
export function nextWindowOpening(window: MaintenanceWindow, now: Date): Date | null {
  const status = windowStatus(window, now);
  if (!status.inside) return status.opensAt;
  if (window.kind === 'one-off') return null;
  const recurring = prepare(window);
  const next = openingsFrom(recurring.schedule, recurring.tz, status.closesAt.getTime() + 1).next();
  return next.done ? null : new Date(next.value);
}

interface PreparedWindow {
  readonly schedule: CronSchedule;
  readonly tz: ReturnType<typeof zone>;
  readonly durationMs: number;
}

function prepare(window: RecurringWindow): PreparedWindow {
  return { schedule: parseCron(window.cron), tz: zone(window.timeZone), durationMs: window.durationMinutes * MINUTE };
}

/** The merged open period covering `t`, if any. */
function openPeriodAt(window: PreparedWindow, t: number): { start: number; end: number } | null {
  const limit = t + MAX_OPEN_PERIOD_DAYS * 24 * 60 * MINUTE;
  // Only an opening in (t - duration, t] can cover t; later ones may extend the period.
  const openings = openingsFrom(window.schedule, window.tz, t - window.durationMs + 1, MAX_OPEN_PERIOD_DAYS + Math.ceil(window.durationMs / (24 * 60 * MINUTE)) + 1);
  const first = openings.next();
  if (first.done || first.value > t) return null;
  let end = first.value + window.durationMs;
  for (const opening of openings) {
    if (opening > end || end >= limit) break;
    end = Math.max(end, opening + window.durationMs);
  }
  // A single occurrence is at most a week, so only a chain can reach the limit.
  return { start: first.value, end: Math.min(end, limit) };
}
