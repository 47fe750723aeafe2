// Test helper: a ProcReader over a described process table.
import type { ProcReader } from './proc-reader';

export interface FakeProcess {
  pid: number;
  ppid: number;
  cmd: string;
  exe?: string;
  cwd?: string;
}

export function fakeProc(processes: readonly FakeProcess[]): ProcReader {
  const find = (pid: number) => processes.find((proc) => proc.pid === pid);
  return {
    listPids: async () => processes.map((proc) => proc.pid),
    readCmdline: async (pid) => {
      const cmd = find(pid)?.cmd;
      return cmd ? cmd.split(' ') : undefined;
    },
    readPpid: async (pid) => find(pid)?.ppid,
    readExe: async (pid) => find(pid)?.exe,
    readCwd: async (pid) => find(pid)?.cwd ?? '/',
  };
}
