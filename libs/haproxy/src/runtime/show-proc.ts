import { RuntimeParseError } from './runtime-parse-error';
import { parseUptime } from './uptime';

/** One process line of the master CLI's `show proc`. */
export interface ProcEntry {
  pid: number;
  /**
   * For the master: reloads since it started. For a worker: how many reloads
   * it has lived through (0 for the current worker right after it started).
   */
  reloads: number;
  /** As printed, e.g. `0d00h15m05s`. */
  uptime: string;
  uptimeSec?: number;
  version: string;
  /** Only printed by releases before 2.5 (`<relative PID>` column; `[was: N]` for old workers). */
  relativePid?: number;
}

export interface MasterEntry extends ProcEntry {
  /**
   * From `<reloads>` printed as `N [failed: M]` (2.5+). In 2.6.12 this counts
   * failed reloads since the last successful one: it goes back to 0 when a
   * reload succeeds. Absent on releases that do not print it.
   */
  failedReloads?: number;
}

/** A `program` section's process; its `<type>` column holds the program name. */
export interface ProgramEntry {
  pid: number;
  name: string;
  reloads: number;
  uptime: string;
  uptimeSec?: number;
}

export interface ShowProc {
  master: MasterEntry;
  workers: ProcEntry[];
  /** Workers still finishing their connections after a reload (`# old workers`). */
  oldWorkers: ProcEntry[];
  programs: ProgramEntry[];
  oldPrograms: ProgramEntry[];
}

type Section = 'master' | 'workers' | 'old workers' | 'programs' | 'old programs';
const SECTIONS: readonly Section[] = ['workers', 'old workers', 'programs', 'old programs'];

// A row is whitespace-separated, but bracketed notes ("[failed: 0]",
// "[was: 1]") contain a space and must stay one token.
const TOKEN = /\[[^\]]*\]|\S+/g;
const FAILED = /^\[failed:\s*(\d+)\]$/;
const WAS = /^\[was:\s*(\d+)\]$/;

function int(text: string | undefined, what: string, output: string): number {
  if (text === undefined || !/^-?\d+$/.test(text)) throw new RuntimeParseError(`show proc: ${what} is not a number (${text})`, output);
  return Number(text);
}

/** Parses `show proc` as printed by the master CLI of HAProxy 2.0 through 3.x. */
export function parseShowProc(output: string): ShowProc {
  const lines = output.split('\n').map((line) => line.trimEnd());
  const headerLine = lines.find((line) => line.startsWith('#') && line.includes('<PID>'));
  if (!headerLine) throw new RuntimeParseError('show proc: no "#<PID> ..." header line', output);
  // Columns are named between angle brackets; "<relative PID>" has a space.
  const columns = [...headerLine.matchAll(/<([^>]+)>/g)].map((match) => match[1]);
  const col = (name: string) => columns.indexOf(name);
  if (col('PID') < 0 || col('type') < 0 || col('reloads') < 0) throw new RuntimeParseError('show proc: header lacks PID/type/reloads', output);

  let section: Section = 'master';
  let master: MasterEntry | undefined;
  const result: Omit<ShowProc, 'master'> = { workers: [], oldWorkers: [], programs: [], oldPrograms: [] };

  for (const line of lines) {
    if (line === '' || line === headerLine) continue;
    if (line.startsWith('#')) {
      const name = line.slice(1).trim() as Section;
      if (!SECTIONS.includes(name)) throw new RuntimeParseError(`show proc: unknown section "${line}"`, output);
      section = name;
      continue;
    }
    let failedReloads: number | undefined;
    const tokens = (line.match(TOKEN) ?? []).filter((token) => {
      const failed = FAILED.exec(token);
      if (failed) failedReloads = Number(failed[1]);
      return !failed;
    });
    const at = (name: string) => (col(name) >= 0 ? tokens[col(name)] : undefined);
    const uptime = at('uptime') ?? '';
    const common = {
      pid: int(at('PID'), 'PID', output),
      reloads: int(at('reloads'), 'reloads', output),
      uptime,
      uptimeSec: parseUptime(uptime),
    };
    if (section === 'programs' || section === 'old programs') {
      result[section === 'programs' ? 'programs' : 'oldPrograms'].push({ ...common, name: at('type') ?? '' });
      continue;
    }
    const entry: ProcEntry = { ...common, version: at('version') ?? '' };
    const relative = at('relative PID');
    if (relative !== undefined) {
      const was = WAS.exec(relative);
      entry.relativePid = was ? Number(was[1]) : int(relative, 'relative PID', output);
    }
    if (section === 'master') {
      if (at('type') !== 'master') throw new RuntimeParseError(`show proc: expected the master line, got "${line}"`, output);
      master = failedReloads === undefined ? entry : { ...entry, failedReloads };
    } else {
      result[section === 'workers' ? 'workers' : 'oldWorkers'].push(entry);
    }
  }
  if (!master) throw new RuntimeParseError('show proc: no master line', output);
  return { master, ...result };
}
