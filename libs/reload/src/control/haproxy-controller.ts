// How a reload reaches HAProxy, by the way it runs on the host.
import type { RuntimeQueries } from '@hitless/haproxy';

export interface RestartOutcome {
  ok: boolean;
  oldPids: number[];
  newPids: number[];
  /** Why the restart failed, or why its outcome is unknown, in our words ('' when ok). */
  detail: string;
  /** What HAProxy itself printed while failing to start ('' when nothing); it may quote the config and files it read. */
  output: string;
}

export interface HaproxyController {
  readonly mode: 'master-worker' | 'daemon';
  /** Whether this host's restart hands the listening sockets over to the new process. */
  readonly transfersSockets: boolean;
  currentPids(): Promise<number[]>;
  /** The current worker's runtime API, when the host offers one. */
  runtime(): RuntimeQueries | undefined;
  /**
   * Starts the new process with the live config and tells the old one to leave.
   * `transferSockets: false` makes the new process bind its own sockets (a daemon's
   * plain `-sf`); a master-worker reload always transfers them.
   */
  restart(options: { transferSockets: boolean; timeoutMs: number }): Promise<RestartOutcome>;
}
