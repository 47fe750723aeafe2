import { basename } from 'node:path';
import { parseHaproxyArgv } from './haproxy-argv';
import type { HaproxyInstance } from './haproxy-instance';

/** One process as read from /proc. */
export interface ProcessSnapshot {
  pid: number;
  ppid?: number;
  argv: string[];
  exe?: string;
  cwd?: string;
}

// `haproxy`, or a versioned build such as `haproxy2.6` / `haproxy-3.0`;
// not `haproxy_exporter` or `haproxy-ingress`.
const HAPROXY_NAME = /^haproxy(?:[-.]?\d[\d.]*)?$/;

/** The kernel appends " (deleted)" to exe when the binary was replaced, e.g. by a package upgrade. */
const exePath = (exe: string | undefined) => exe?.replace(/ \(deleted\)$/, '');

export function isHaproxyProcess(proc: ProcessSnapshot): boolean {
  const exe = exePath(proc.exe);
  return (exe !== undefined && HAPROXY_NAME.test(basename(exe))) || (proc.argv.length > 0 && HAPROXY_NAME.test(basename(proc.argv[0])));
}

/**
 * Groups HAProxy processes into instances. A master-worker instance is a
 * root HAProxy process with HAProxy children (also covers `master-worker`
 * set in the config rather than with -W); a worker whose pid appears in a
 * sibling's `-sf`/`-st` is an old one. A daemon instance is a root without
 * children; a daemon named in another daemon's `-sf`/`-st` is the old
 * process of that newer one, not an instance of its own.
 */
export function findInstances(processes: readonly ProcessSnapshot[]): HaproxyInstance[] {
  const haproxy = processes.filter(isHaproxyProcess);
  const pids = new Set(haproxy.map((proc) => proc.pid));
  const roots = haproxy.filter((proc) => proc.ppid === undefined || !pids.has(proc.ppid));
  const childrenOf = (pid: number) => haproxy.filter((proc) => proc.ppid === pid);
  const argsOf = new Map(haproxy.map((proc) => [proc.pid, parseHaproxyArgv(proc.argv, proc.cwd ?? '/')]));
  const stopped = (proc: ProcessSnapshot) => {
    const args = argsOf.get(proc.pid);
    return args ? [...args.softStopPids, ...args.hardStopPids] : [];
  };

  const instances: HaproxyInstance[] = [];
  const daemonRoots = roots.filter((root) => childrenOf(root.pid).length === 0 && !argsOf.get(root.pid)?.masterWorker);
  const supersededDaemons = new Set(daemonRoots.flatMap(stopped).filter((pid) => daemonRoots.some((root) => root.pid === pid)));

  for (const root of roots) {
    const args = argsOf.get(root.pid);
    if (!args) continue;
    const common = {
      binary: exePath(root.exe) ?? root.argv[0],
      argv: [...root.argv],
      configFiles: args.configFiles,
      masterSocket: args.masterSocket,
      pidFile: args.pidFile,
      args,
    };
    const children = childrenOf(root.pid);
    if (children.length > 0 || args.masterWorker) {
      const replaced = new Set(children.flatMap(stopped));
      instances.push({
        ...common,
        mode: 'master-worker',
        masterPid: root.pid,
        workerPids: children.filter((child) => !replaced.has(child.pid)).map((child) => child.pid),
        oldWorkerPids: children.filter((child) => replaced.has(child.pid)).map((child) => child.pid),
      });
    } else if (!supersededDaemons.has(root.pid)) {
      instances.push({
        ...common,
        mode: 'daemon',
        workerPids: [root.pid],
        oldWorkerPids: oldDaemonChain(root.pid, daemonRoots, stopped),
      });
    }
  }
  return instances;
}

/** Old daemons this one replaced, and the ones those replaced, still alive. */
function oldDaemonChain(pid: number, daemons: readonly ProcessSnapshot[], stopped: (proc: ProcessSnapshot) => number[]): number[] {
  const result: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    const next = queue.shift();
    const current = daemons.find((proc) => proc.pid === next);
    if (!current) continue;
    for (const old of stopped(current)) {
      if (old !== pid && !result.includes(old) && daemons.some((proc) => proc.pid === old)) {
        result.push(old);
        queue.push(old);
      }
    }
  }
  return result;
}
