import { readFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import { HaproxyDiscoveryError, type DiscoveryHints } from './discovery-error';
import { findInstances, type ProcessSnapshot } from './find-instances';
import type { HaproxyInstance } from './haproxy-instance';
import { systemProcReader, type ProcReader } from './proc-reader';

export interface DiscoveryDeps {
  proc: ProcReader;
  /** Reads a pid file; undefined when it does not exist. */
  readPidFile(path: string): Promise<string | undefined>;
}

export function systemDiscoveryDeps(): DiscoveryDeps {
  return {
    proc: systemProcReader(),
    async readPidFile(path) {
      try {
        return await readFile(path, 'utf8');
      } catch (error) {
        // A hint may name a pid file that is not there (yet): that is "no match", not a failure.
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw error;
      }
    },
  };
}

/** Reads every process that looks like HAProxy (cheap name check first, then the rest). */
export async function snapshotProcesses(proc: ProcReader): Promise<ProcessSnapshot[]> {
  const snapshots: ProcessSnapshot[] = [];
  for (const pid of await proc.listPids()) {
    const argv = await proc.readCmdline(pid);
    if (!argv || argv.length === 0) continue;
    const [ppid, exe, cwd] = await Promise.all([proc.readPpid(pid), proc.readExe(pid), proc.readCwd(pid)]);
    snapshots.push({ pid, ppid, argv, exe, cwd });
  }
  return snapshots;
}

function coversConfig(instance: HaproxyInstance, configPath: string): boolean {
  const wanted = resolve(configPath);
  // `-f` may name a directory of config files.
  return instance.configFiles.some((file) => file === wanted || wanted.startsWith(file.endsWith(sep) ? file : file + sep));
}

async function matchesPidFile(instance: HaproxyInstance, pidFile: string, deps: DiscoveryDeps): Promise<boolean> {
  const wanted = resolve(pidFile);
  if (instance.pidFile === wanted) return true;
  // The process may have been started with a relative or differently spelled
  // path: the pid file's content settles it.
  const content = await deps.readPidFile(wanted);
  if (content === undefined) return false;
  const listed = content.split(/\s+/).filter((word) => /^\d+$/.test(word)).map(Number);
  const main = instance.masterPid !== undefined ? [instance.masterPid] : instance.workerPids;
  return main.some((pid) => listed.includes(pid));
}

/**
 * Finds how HAProxy runs on this host. Several instances may run at once
 * (tests start many), so every hint given must match, and the answer must
 * be exactly one instance.
 */
export async function discoverHaproxy(hints: DiscoveryHints = {}, deps: DiscoveryDeps = systemDiscoveryDeps()): Promise<HaproxyInstance> {
  const all = findInstances(await snapshotProcesses(deps.proc));
  const matching: HaproxyInstance[] = [];
  for (const instance of all) {
    if (hints.configPath !== undefined && !coversConfig(instance, hints.configPath)) continue;
    if (hints.masterSocket !== undefined && instance.masterSocket !== resolve(hints.masterSocket)) continue;
    if (hints.pidFile !== undefined && !(await matchesPidFile(instance, hints.pidFile, deps))) continue;
    matching.push(instance);
  }
  if (matching.length === 1) return matching[0];
  if (matching.length === 0) throw new HaproxyDiscoveryError('not-found', hints, all);
  throw new HaproxyDiscoveryError('ambiguous', hints, matching);
}
