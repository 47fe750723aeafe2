// The open periods of maintenance windows between two instants: what the
// dashboard's calendar draws. Window arithmetic (cron in a time zone, daylight
// saving) stays @hitless/rollout's; this only walks it forward.
import { windowStatus, type MaintenanceWindow } from '@hitless/rollout';

export interface OpenPeriod {
  start: Date;
  end: Date;
}

// A window that opens every minute for a minute must not make one request huge.
const MAX_PERIODS = 500;

export function openPeriods(window: MaintenanceWindow, from: Date, to: Date): OpenPeriod[] {
  const periods: OpenPeriod[] = [];
  let t = from.getTime();
  while (t < to.getTime() && periods.length < MAX_PERIODS) {
    const status = windowStatus(window, new Date(t));
    if (status.inside) {
      const end = status.closesAt.getTime();
      // A period already open at `from` began earlier; the calendar shows it whole.
      const start = window.kind === 'one-off' ? window.start.getTime() : end - window.durationMinutes * 60_000;
      periods.push({ start: new Date(start), end: new Date(end) });
      if (end <= t) break;
      t = end;
    } else {
      if (status.opensAt === null) break;
      t = status.opensAt.getTime();
    }
  }
  return periods.filter((p) => p.start.getTime() < to.getTime());
}
