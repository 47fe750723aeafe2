import { RuntimeParseError } from './runtime-parse-error';

/** `show info` of one worker: every field as printed, plus the ones callers rely on, typed. */
export interface HaproxyInfo {
  /** Every `Key: value` line; keys may contain spaces ("Unstoppable Jobs"). */
  readonly fields: Readonly<Record<string, string>>;
  readonly pid: number;
  readonly uptimeSec: number;
  readonly currConns: number;
  readonly cumConns: number;
  readonly version: string;
}

function requiredNumber(fields: Record<string, string>, key: string, output: string): number {
  const value = fields[key];
  if (value === undefined || !/^\d+$/.test(value)) throw new RuntimeParseError(`show info: ${key} missing or not a number`, output);
  return Number(value);
}

export function parseShowInfo(output: string): HaproxyInfo {
  const fields: Record<string, string> = {};
  for (const line of output.split('\n')) {
    const at = line.indexOf(':');
    if (at <= 0) continue;
    fields[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  const version = fields['Version'];
  if (!version) throw new RuntimeParseError('show info: no Version field', output);
  return {
    fields,
    pid: requiredNumber(fields, 'Pid', output),
    uptimeSec: requiredNumber(fields, 'Uptime_sec', output),
    currConns: requiredNumber(fields, 'CurrConns', output),
    cumConns: requiredNumber(fields, 'CumConns', output),
    version,
  };
}
