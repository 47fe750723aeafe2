// `windows create` flags as the window body the server validates.
import { UsageError } from './cli-errors';

export interface WindowFlags {
  cron?: string;
  duration?: string;
  timeZone?: string;
  start?: string;
  end?: string;
}

export function windowSpec(flags: WindowFlags): Record<string, unknown> {
  const recurring = flags.cron !== undefined || flags.duration !== undefined || flags.timeZone !== undefined;
  const oneOff = flags.start !== undefined || flags.end !== undefined;
  if (recurring === oneOff) throw new UsageError('windows create needs either --cron, --duration and --time-zone, or --start and --end');
  if (oneOff) {
    if (flags.start === undefined || flags.end === undefined) throw new UsageError('a one-off window needs both --start and --end (ISO 8601 with an offset)');
    return { kind: 'one-off', start: flags.start, end: flags.end };
  }
  if (flags.cron === undefined || flags.duration === undefined || flags.timeZone === undefined) {
    throw new UsageError('a recurring window needs --cron, --duration MINUTES and --time-zone');
  }
  if (!/^\d+$/.test(flags.duration)) throw new UsageError(`--duration takes whole minutes, got '${flags.duration}'`);
  return { kind: 'recurring', cron: flags.cron, durationMinutes: Number(flags.duration), timeZone: flags.timeZone };
}
