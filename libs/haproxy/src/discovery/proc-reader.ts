import { readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** What discovery needs from /proc; injected so tests can describe any process tree. */
export interface ProcReader {
  listPids(): Promise<number[]>;
  /** argv, or undefined when the process is gone or is a zombie (empty cmdline). */
  readCmdline(pid: number): Promise<string[] | undefined>;
  readPpid(pid: number): Promise<number | undefined>;
  /** Target of /proc/PID/exe, or undefined when gone or unreadable. */
  readExe(pid: number): Promise<string | undefined>;
  /** Target of /proc/PID/cwd (relative -f/-p/-S paths are relative to it). */
  readCwd(pid: number): Promise<string | undefined>;
}

// A process can exit between listing /proc and reading its files, and
// without root another user's exe/cwd links are unreadable: both just mean
// "unknown" for that process. Any other error is real and propagates.
const EXPECTED = new Set(['ENOENT', 'ESRCH', 'EACCES', 'EPERM']);

async function orUndefined<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (EXPECTED.has((error as NodeJS.ErrnoException).code ?? '')) return undefined;
    throw error;
  }
}

/** `pid (comm) state ppid ...`: comm may hold spaces and parentheses, so split after the last ')'. */
export function ppidFromStat(stat: string): number | undefined {
  const fields = stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
  const ppid = Number(fields[1]);
  return Number.isInteger(ppid) ? ppid : undefined;
}

export function systemProcReader(root = '/proc'): ProcReader {
  return {
    async listPids() {
      const entries = await readdir(root);
      return entries.filter((name) => /^\d+$/.test(name)).map(Number);
    },
    async readCmdline(pid) {
      const raw = await orUndefined(() => readFile(join(root, String(pid), 'cmdline'), 'utf8'));
      if (!raw) return undefined;
      return raw.replace(/\0$/, '').split('\0');
    },
    async readPpid(pid) {
      const stat = await orUndefined(() => readFile(join(root, String(pid), 'stat'), 'utf8'));
      return stat === undefined ? undefined : ppidFromStat(stat);
    },
    readExe: (pid) => orUndefined(() => readlink(join(root, String(pid), 'exe'))),
    readCwd: (pid) => orUndefined(() => readlink(join(root, String(pid), 'cwd'))),
  };
}
