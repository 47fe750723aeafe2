import { windowSpec } from './window-flags';

describe('windowSpec', () => {
  it('builds recurring and one-off windows', () => {
    expect(windowSpec({ cron: '0 2 * * 2,4', duration: '120', timeZone: 'Europe/Berlin' })).toEqual({ kind: 'recurring', cron: '0 2 * * 2,4', durationMinutes: 120, timeZone: 'Europe/Berlin' });
    expect(windowSpec({ start: '2026-12-01T02:00:00Z', end: '2026-12-01T04:00:00Z' })).toEqual({ kind: 'one-off', start: '2026-12-01T02:00:00Z', end: '2026-12-01T04:00:00Z' });
  });

  it('refuses a mixture or missing pieces', () => {
    expect(() => windowSpec({})).toThrow(/either --cron/);
    expect(() => windowSpec({ cron: '0 2 * * *', start: 'x' })).toThrow(/either --cron/);
    expect(() => windowSpec({ cron: '0 2 * * *', duration: '60' })).toThrow(/--time-zone/);
    expect(() => windowSpec({ start: 'x' })).toThrow(/both --start and --end/);
    expect(() => windowSpec({ cron: '0 2 * * *', duration: 'an hour', timeZone: 'UTC' })).toThrow(/whole minutes/);
  });
});
