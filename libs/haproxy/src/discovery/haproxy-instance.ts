import type { HaproxyArgs } from './haproxy-argv';

/** One HAProxy deployment running on this host, as seen from /proc. */
export interface HaproxyInstance {
  mode: 'master-worker' | 'daemon';
  /** The executable (/proc/PID/exe when readable, else argv[0]). */
  binary: string;
  /** Full argv of the master (master-worker) or of the current daemon process. */
  argv: string[];
  /** Absolute config files/directories, in command-line order. */
  configFiles: string[];
  masterPid?: number;
  /** Unix socket of the master CLI (`-S`), when there is one. */
  masterSocket?: string;
  pidFile?: string;
  /** Processes serving new connections: the current worker(s), or the daemon process itself. */
  workerPids: number[];
  /** Processes from before a reload still finishing their connections. */
  oldWorkerPids: number[];
  /** Everything the command line says, parsed. */
  args: HaproxyArgs;
}
