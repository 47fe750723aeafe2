// Parses a standard 5-field cron expression into the sets of values each
// field allows. cron-parser does the grammar; we only admit the portable
// subset (numbers, names, '*', ',', '-', '/'), because its extensions (L, W,
// #, ?, H) mean different things in different crons and an operator's window
// must mean exactly one thing.
import { CronExpressionParser } from 'cron-parser';
import type { CronExpression } from 'cron-parser';

export interface CronSchedule {
  readonly minutes: readonly number[];
  readonly hours: readonly number[];
  readonly daysOfMonth: ReadonlySet<number>;
  readonly months: ReadonlySet<number>;
  /** 0 = Sunday ... 6 = Saturday (7 is folded into 0). */
  readonly daysOfWeek: ReadonlySet<number>;
  /**
   * Classic cron: when both day fields are restricted a day matches if
   * EITHER matches; when one is '*', only the other counts.
   */
  readonly dayMatch: 'both-restricted' | 'month-day-only' | 'week-day-only' | 'any';
}

/** Why an expression was refused, for a field issue. */
export class CronSyntaxError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CronSyntaxError';
  }
}

const FIELD_NAMES = ['minute', 'hour', 'day of month', 'month', 'day of week'] as const;
const MONTHS = 'jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec';
const DAYS = 'sun|mon|tue|wed|thu|fri|sat';
const FIELD_PATTERNS: readonly RegExp[] = [
  /^[0-9*,/-]+$/,
  /^[0-9*,/-]+$/,
  /^[0-9*,/-]+$/,
  new RegExp(`^(?:[0-9*,/-]|${MONTHS})+$`, 'i'),
  new RegExp(`^(?:[0-9*,/-]|${DAYS})+$`, 'i'),
];

export function parseCron(expression: string): CronSchedule {
  if (typeof expression !== 'string') throw new CronSyntaxError('must be a string');
  const fields = expression.trim().split(/[ \t]+/);
  if (expression.trim() === '' || fields.length !== 5) {
    throw new CronSyntaxError(`needs 5 fields (minute hour day-of-month month day-of-week), got ${expression.trim() === '' ? 0 : fields.length}`);
  }
  fields.forEach((field, i) => {
    if (!FIELD_PATTERNS[i].test(field)) throw new CronSyntaxError(`${FIELD_NAMES[i]} field '${JSON.stringify(field).slice(1, -1)}' has characters outside digits, names, '*', ',', '-' and '/'`);
  });
  const f = parseFields(fields.join(' '));
  const numbers = (values: readonly (number | string)[]) => values.filter((v): v is number => typeof v === 'number');
  const domStar = fields[2].startsWith('*');
  const dowStar = fields[4].startsWith('*');
  return {
    minutes: numbers(f.minute.values),
    hours: numbers(f.hour.values),
    daysOfMonth: new Set(numbers(f.dayOfMonth.values)),
    months: new Set(numbers(f.month.values)),
    daysOfWeek: new Set(numbers(f.dayOfWeek.values).map((day) => day % 7)),
    dayMatch: domStar && dowStar ? 'any' : domStar ? 'week-day-only' : dowStar ? 'month-day-only' : 'both-restricted',
  };
}

function parseFields(expression: string): CronExpression['fields'] {
  try {
    return CronExpressionParser.parse(expression).fields;
  } catch (error) {
    // cron-parser reports every grammar problem (range, step, impossible date) as a plain Error.
    throw new CronSyntaxError(error instanceof Error ? error.message : String(error));
  }
}

/** Does the local calendar day (month 1-12, weekday 0 = Sunday) match the day fields? */
export function cronMatchesDay(schedule: CronSchedule, month: number, dayOfMonth: number, weekday: number): boolean {
  if (!schedule.months.has(month)) return false;
  const dom = schedule.daysOfMonth.has(dayOfMonth);
  const dow = schedule.daysOfWeek.has(weekday);
  switch (schedule.dayMatch) {
    case 'any':
      return true;
    case 'month-day-only':
      return dom;
    case 'week-day-only':
      return dow;
    case 'both-restricted':
      return dom || dow;
  }
}
