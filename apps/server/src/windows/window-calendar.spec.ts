import { parseMaintenanceWindow } from '@hitless/rollout';
import { openPeriods } from './window-calendar';

const iso = (periods: { start: Date; end: Date }[]) => periods.map((p) => [p.start.toISOString(), p.end.toISOString()]);

describe('openPeriods', () => {
  it('lists Tuesday and Thursday nights in Berlin across the switch to summer time', () => {
    const window = parseMaintenanceWindow({ kind: 'recurring', cron: '0 2 * * 2,4', durationMinutes: 120, timeZone: 'Europe/Berlin' });
    // 2026-03-29 is the spring-forward Sunday in Europe.
    const periods = openPeriods(window, new Date('2026-03-23T00:00:00Z'), new Date('2026-04-03T00:00:00Z'));
    expect(iso(periods)).toEqual([
      ['2026-03-24T01:00:00.000Z', '2026-03-24T03:00:00.000Z'],
      ['2026-03-26T01:00:00.000Z', '2026-03-26T03:00:00.000Z'],
      ['2026-03-31T00:00:00.000Z', '2026-03-31T02:00:00.000Z'],
      ['2026-04-02T00:00:00.000Z', '2026-04-02T02:00:00.000Z'],
    ]);
  });

  it('shows a period already open at the start whole, and a one-off window once', () => {
    const recurring = parseMaintenanceWindow({ kind: 'recurring', cron: '0 2 * * *', durationMinutes: 60, timeZone: 'UTC' });
    expect(iso(openPeriods(recurring, new Date('2026-05-01T02:30:00Z'), new Date('2026-05-02T00:00:00Z')))).toEqual([['2026-05-01T02:00:00.000Z', '2026-05-01T03:00:00.000Z']]);
    const oneOff = parseMaintenanceWindow({ kind: 'one-off', start: '2026-05-03T10:00:00Z', end: '2026-05-03T12:00:00Z' });
    expect(iso(openPeriods(oneOff, new Date('2026-05-01T00:00:00Z'), new Date('2026-05-10T00:00:00Z')))).toEqual([['2026-05-03T10:00:00.000Z', '2026-05-03T12:00:00.000Z']]);
    expect(openPeriods(oneOff, new Date('2026-05-04T00:00:00Z'), new Date('2026-05-10T00:00:00Z'))).toEqual([]);
  });
});
