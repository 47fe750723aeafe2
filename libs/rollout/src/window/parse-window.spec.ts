import { RolloutInputError } from '../errors/rollout-input-error';
import { parseMaintenanceWindow } from './parse-window';

function issuesOf(input: unknown): { path: string; message: string }[] {
  try {
    parseMaintenanceWindow(input);
  } catch (error) {
    if (error instanceof RolloutInputError) return [...error.issues];
    throw error;
  }
  throw new Error('expected the window to be rejected');
}

const good = { kind: 'recurring', cron: '0 2 * * tue,thu', durationMinutes: 120, timeZone: 'Europe/Berlin' };

describe('parseMaintenanceWindow', () => {
  it('accepts a recurring window and a one-off window', () => {
    expect(parseMaintenanceWindow(good)).toEqual(good);
    expect(parseMaintenanceWindow({ kind: 'one-off', start: '2026-12-01T22:00:00Z', end: '2026-12-02T02:00:00+01:00' })).toEqual({
      kind: 'one-off',
      start: new Date('2026-12-01T22:00:00Z'),
      end: new Date('2026-12-02T01:00:00Z'),
    });
  });

  it.each([
    ['four fields', '0 2 * *'],
    ['six fields (seconds)', '0 0 2 * * *'],
    ['an empty expression', ''],
    ['a minute out of range', '61 2 * * *'],
    ['an hour out of range', '0 24 * * *'],
    ['a step of zero', '0 */0 * * *'],
    ['the nonstandard L', '0 2 L * *'],
    ['the nonstandard #', '0 2 * * mon#2'],
    ['the nonstandard ?', '0 2 ? * *'],
    ['the nonstandard H', 'H 2 * * *'],
    ['a macro', '@daily'],
    ['a newline', '0 2 * * *\n0 3 * * *'],
    ['a day that never exists', '0 0 31 2 *'],
    ['letters in the minute field', 'a b c d e'],
  ])('rejects a cron expression with %s at field "cron"', (_name, cron) => {
    const issues = issuesOf({ ...good, cron });
    expect(issues.map((issue) => issue.path)).toEqual(['cron']);
  });

  it.each([['Mars/Olympus'], ['Europe/Berlin\n'], [''], ['CEST+1']])('rejects time zone %j at field "timeZone"', (timeZone) => {
    expect(issuesOf({ ...good, timeZone }).map((issue) => issue.path)).toEqual(['timeZone']);
  });

  it.each([[0], [-5], [1.5], [7 * 24 * 60 + 1]])('rejects duration %j at field "durationMinutes"', (durationMinutes) => {
    expect(issuesOf({ ...good, durationMinutes }).map((issue) => issue.path)).toEqual(['durationMinutes']);
  });

  it('lists every failing field at once', () => {
    const paths = issuesOf({ kind: 'recurring', cron: '0 2 * *', durationMinutes: 0, timeZone: 'Nowhere/City', extra: 1 }).map((issue) => issue.path);
    expect(paths.sort()).toEqual(['cron', 'durationMinutes', 'extra', 'timeZone']);
  });

  it('rejects a one-off window that ends before it starts, and dates without an offset', () => {
    expect(issuesOf({ kind: 'one-off', start: '2026-12-02T02:00:00Z', end: '2026-12-01T22:00:00Z' }).map((i) => i.path)).toEqual(['end']);
    expect(issuesOf({ kind: 'one-off', start: '2026-12-01 22:00', end: '2026-12-02T02:00:00Z' }).map((i) => i.path)).toEqual(['start']);
  });

  it('rejects a year outside 1-9999 (Postgres has no year 0)', () => {
    expect(issuesOf({ kind: 'one-off', start: '0000-01-01T00:00:00Z', end: '2026-12-02T02:00:00Z' }).map((i) => i.path)).toEqual(['start']);
    expect(issuesOf({ kind: 'one-off', start: '0001-01-01T00:30:00+01:00', end: '2026-12-02T02:00:00Z' }).map((i) => i.path)).toEqual(['start']);
  });

  it('rejects an unknown kind', () => {
    expect(issuesOf({ kind: 'weekly' }).map((issue) => issue.path)).toEqual(['kind']);
  });
});
