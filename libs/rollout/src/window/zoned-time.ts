// Wall-clock time in an IANA zone -> instant, with the daylight-saving rules
// this product documents:
// - a wall time that does not exist (spring forward) is read with the offset
//   in force just before the gap, i.e. moved forward by the gap's length:
//   02:30 Europe/Berlin on the spring-forward day is 03:30 CEST (01:30 UTC);
// - a wall time that occurs twice (fall back) means its first occurrence:
//   01:30 America/New_York on the fall-back day is 01:30 EDT (05:30 UTC).
// This matches Temporal's 'compatible' disambiguation and classic cron's
// "run once" behaviour. Luxon is used only for the zone's UTC offsets.
import { IANAZone } from 'luxon';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

export function isValidTimeZone(name: string): boolean {
  return IANAZone.isValidZone(name);
}

export function zone(name: string): IANAZone {
  const z = IANAZone.create(name);
  if (!z.isValid) throw new Error(`unknown time zone '${name}'`);
  return z;
}

export interface LocalDateTime {
  readonly year: number;
  /** 1-12 */
  readonly month: number;
  readonly day: number;
  readonly hour: number;
  readonly minute: number;
}

/** Milliseconds since the epoch of the instant a wall-clock time denotes in `tz`. */
export function localToInstant(local: LocalDateTime, tz: IANAZone): number {
  const wall = Date.UTC(local.year, local.month - 1, local.day, local.hour, local.minute);
  // Offsets a day either side bracket any single transition near this wall time.
  const before = tz.offset(wall - DAY);
  const after = tz.offset(wall + DAY);
  const candidates = [before, after]
    .map((offset) => wall - offset * MINUTE)
    .filter((instant) => tz.offset(instant) * MINUTE === wall - instant)
    .sort((a, b) => a - b);
  if (candidates.length > 0) return candidates[0];
  // In the gap: keep the pre-transition offset, which lands after the gap.
  return wall - before * MINUTE;
}

/**
 * A resolver for the wall times of one local day. Most days have a single
 * UTC offset from start to end; for them the instant is plain arithmetic,
 * which keeps an every-minute schedule cheap. Days with a transition go
 * through localToInstant.
 */
export function dayResolver(year: number, month: number, day: number, tz: IANAZone): (hour: number, minute: number) => number {
  const midnight = Date.UTC(year, month - 1, day);
  // Offsets lie within +-14 h, so these two instants bracket the whole local day.
  const early = tz.offset(midnight - 14 * 60 * MINUTE);
  const late = tz.offset(midnight + DAY + 14 * 60 * MINUTE);
  if (early === late) return (hour, minute) => midnight + (hour * 60 + minute - early) * MINUTE;
  return (hour, minute) => localToInstant({ year, month, day, hour, minute }, tz);
}

/** The local calendar date (and weekday, 0 = Sunday) of an instant in `tz`. */
export function instantToLocalDate(instant: number, tz: IANAZone): { year: number; month: number; day: number } {
  const shifted = new Date(instant + tz.offset(instant) * MINUTE);
  return { year: shifted.getUTCFullYear(), month: shifted.getUTCMonth() + 1, day: shifted.getUTCDate() };
}
