import { currentWindowEnd, isInsideWindow, MAX_OPEN_PERIOD_DAYS, nextWindowOpening, windowStatus } from './window-time';
import type { MaintenanceWindow } from './window-types';

const at = (iso: string) => new Date(iso);
const recurring = (cron: string, durationMinutes: number, timeZone: string): MaintenanceWindow => ({ kind: 'recurring', cron, durationMinutes, timeZone });

describe('recurring windows', () => {
  const tueThu = recurring('0 2 * * tue,thu', 120, 'Europe/Berlin');

  it('opens Tue and Thu 02:00-04:00 Berlin time, in winter (CET, UTC+1)', () => {
    // Tuesday 2026-11-24 02:30 CET
    expect(windowStatus(tueThu, at('2026-11-24T01:30:00Z'))).toEqual({ inside: true, closesAt: at('2026-11-24T03:00:00Z') });
    // Wednesday: closed until Thursday 02:00 CET
    expect(windowStatus(tueThu, at('2026-11-25T12:13:00Z'))).toEqual({ inside: false, opensAt: at('2026-11-26T01:00:00Z') });
  });

  it('follows the zone into summer time (CEST, UTC+2)', () => {
    expect(nextWindowOpening(tueThu, at('2026-06-01T00:00:00Z'))).toEqual(at('2026-06-02T00:00:00Z'));
  });

  it('treats the opening as inclusive and the close as exclusive', () => {
    expect(isInsideWindow(tueThu, at('2026-11-24T01:00:00Z'))).toBe(true);
    expect(isInsideWindow(tueThu, at('2026-11-24T00:59:59.999Z'))).toBe(false);
    expect(isInsideWindow(tueThu, at('2026-11-24T03:00:00Z'))).toBe(false);
  });

  it('reports the opening after the current period when asked from inside it', () => {
    expect(nextWindowOpening(tueThu, at('2026-11-24T01:30:00Z'))).toEqual(at('2026-11-26T01:00:00Z'));
    expect(currentWindowEnd(tueThu, at('2026-11-25T12:00:00Z'))).toBeNull();
  });

  it('uses classic cron day matching: with both day fields restricted, either one matches', () => {
    const thirteenthOrFriday = recurring('0 0 13 * fri', 60, 'UTC');
    // 2026-11-20 is a Friday, 2026-12-13 a Sunday.
    expect(nextWindowOpening(thirteenthOrFriday, at('2026-11-14T00:00:00Z'))).toEqual(at('2026-11-20T00:00:00Z'));
    expect(nextWindowOpening(thirteenthOrFriday, at('2026-12-12T00:00:01Z'))).toEqual(at('2026-12-13T00:00:00Z'));
  });

  it('finds a window that opens only on February 29th', () => {
    expect(nextWindowOpening(recurring('0 0 29 2 *', 60, 'UTC'), at('2026-03-01T00:00:00Z'))).toEqual(at('2028-02-29T00:00:00Z'));
  });

  it('merges touching occurrences into one open period', () => {
    const twoHours = recurring('0 1,2 * * *', 60, 'UTC');
    expect(currentWindowEnd(twoHours, at('2026-11-25T01:30:00Z'))).toEqual(at('2026-11-25T03:00:00Z'));
    expect(nextWindowOpening(twoHours, at('2026-11-25T01:30:00Z'))).toEqual(at('2026-11-26T01:00:00Z'));
  });

  it('caps the end of a window that never closes instead of searching forever', () => {
    const always = recurring('0 * * * *', 90, 'UTC');
    const now = at('2026-11-25T12:13:00Z');
    expect(currentWindowEnd(always, now)).toEqual(new Date(now.getTime() + MAX_OPEN_PERIOD_DAYS * 24 * 3600 * 1000));
  });
});

describe('daylight-saving transitions', () => {
  // Europe/Berlin springs forward on 2026-03-29: 02:00 CET becomes 03:00 CEST (01:00 UTC).
  it('opens a 02:30 Berlin window on the spring-forward day at 03:30 CEST, the instant 02:30 CET would have been', () => {
    const window = recurring('30 2 * * *', 60, 'Europe/Berlin');
    expect(nextWindowOpening(window, at('2026-03-28T12:00:00Z'))).toEqual(at('2026-03-29T01:30:00Z'));
    expect(currentWindowEnd(window, at('2026-03-29T02:00:00Z'))).toEqual(at('2026-03-29T02:30:00Z'));
    // The day after, 02:30 CEST is 00:30 UTC again.
    expect(nextWindowOpening(window, at('2026-03-29T12:00:00Z'))).toEqual(at('2026-03-30T00:30:00Z'));
  });

  it('opens once when two wall times collapse onto one instant in the gap', () => {
    const window = recurring('0 2,3 * * *', 30, 'Europe/Berlin');
    // 02:00 (missing) and 03:00 CEST are both 01:00 UTC; the next opening is the following day.
    expect(nextWindowOpening(window, at('2026-03-29T00:30:00Z'))).toEqual(at('2026-03-29T01:00:00Z'));
    expect(nextWindowOpening(window, at('2026-03-29T01:00:00.001Z'))).toEqual(at('2026-03-30T00:00:00Z'));
  });

  it('keeps the duration in elapsed time when the clocks jump inside the window', () => {
    const window = recurring('0 1 * * *', 180, 'Europe/Berlin');
    // 01:00 CET = 00:00 UTC; three real hours later it is 05:00 CEST.
    expect(currentWindowEnd(window, at('2026-03-29T00:10:00Z'))).toEqual(at('2026-03-29T03:00:00Z'));
  });

  // America/New_York falls back on 2026-11-01: 02:00 EDT becomes 01:00 EST (06:00 UTC), so 01:30 happens twice.
  it('opens a 01:30 New York window on the fall-back day once, at the first 01:30 (EDT)', () => {
    const window = recurring('30 1 * * *', 60, 'America/New_York');
    expect(nextWindowOpening(window, at('2026-11-01T00:00:00Z'))).toEqual(at('2026-11-01T05:30:00Z'));
    expect(currentWindowEnd(window, at('2026-11-01T05:45:00Z'))).toEqual(at('2026-11-01T06:30:00Z'));
    // The second 01:45 (EST) is outside: the window does not open again at the repeated 01:30.
    expect(isInsideWindow(window, at('2026-11-01T06:45:00Z'))).toBe(false);
    expect(nextWindowOpening(window, at('2026-11-01T06:45:00Z'))).toEqual(at('2026-11-02T06:30:00Z'));
  });

  it('leaves the repeated hour of the fall-back day closed for an hourly window (each wall time opens once)', () => {
    const hourly = recurring('0 * * * *', 60, 'America/New_York');
    // 01:00 EDT (05:00 UTC) opens until 06:00 UTC; the repeated 01:00 EST is not a second opening; 02:00 EST is 07:00 UTC.
    expect(isInsideWindow(hourly, at('2026-11-01T05:30:00Z'))).toBe(true);
    expect(windowStatus(hourly, at('2026-11-01T06:30:00Z'))).toEqual({ inside: false, opensAt: at('2026-11-01T07:00:00Z') });
  });

  it('moves a 02:30 New York window on the spring-forward day to 03:30 EDT', () => {
    const window = recurring('30 2 * * *', 60, 'America/New_York');
    expect(nextWindowOpening(window, at('2026-03-08T00:00:00Z'))).toEqual(at('2026-03-08T07:30:00Z'));
  });

  it('opens a 02:30 Berlin window on the fall-back day at its first occurrence (CEST)', () => {
    const window = recurring('30 2 * * *', 30, 'Europe/Berlin');
    // 2026-10-25: 02:30 CEST is 00:30 UTC, 02:30 CET is 01:30 UTC.
    expect(nextWindowOpening(window, at('2026-10-24T12:00:00Z'))).toEqual(at('2026-10-25T00:30:00Z'));
    expect(isInsideWindow(window, at('2026-10-25T01:40:00Z'))).toBe(false);
    expect(nextWindowOpening(window, at('2026-10-25T01:00:00Z'))).toEqual(at('2026-10-26T01:30:00Z'));
  });
});

describe('one-off windows', () => {
  const once: MaintenanceWindow = { kind: 'one-off', start: at('2026-12-01T22:00:00Z'), end: at('2026-12-02T02:00:00Z') };

  it('is open from start (inclusive) to end (exclusive)', () => {
    expect(windowStatus(once, at('2026-12-01T21:00:00Z'))).toEqual({ inside: false, opensAt: at('2026-12-01T22:00:00Z') });
    expect(windowStatus(once, at('2026-12-01T22:00:00Z'))).toEqual({ inside: true, closesAt: at('2026-12-02T02:00:00Z') });
    expect(isInsideWindow(once, at('2026-12-02T02:00:00Z'))).toBe(false);
  });

  it('never opens again once it has passed', () => {
    expect(nextWindowOpening(once, at('2026-12-03T00:00:00Z'))).toBeNull();
    expect(nextWindowOpening(once, at('2026-12-01T23:00:00Z'))).toBeNull();
  });
});
