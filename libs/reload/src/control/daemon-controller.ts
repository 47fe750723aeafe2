// Legacy daemon HAProxy (`-D -p pidfile`): a reload starts a new process that
// tells the old ones to finish (`-sf`). With `-x <stats socket>` the new process
// receives the listening sockets (seamless); without it, it binds its own
// beside the old ones through SO_REUSEPORT, and the kernel may reset
// connections queued on a closing old socket: the race the guards cover.
import { readFile } from 'node:fs/promises';
import { RuntimeQueries, StatsSocket } from '@hitless/haproxy';
import { CommandError, isProcessAlive, ProcessRunner } from '@hitless/process';
import type { HaproxyController, RestartOutcome } from './haproxy-controller';

export interface DaemonControllerOptions {
  binary: string;
  pidFile: string;
  configFiles: string[];
  /** A stats socket with `expose-fd listeners`, when the config has one. */
  socketTransferVia?: string;
  /** Any admin stats socket of the config, for server states. */
  statsSocket?: string;
  netns?: string;
}

export class DaemonController implements HaproxyController {
  readonly mode = 'daemon' as const;
  readonly transfersSockets: boolean;

  constructor(
    private readonly options: DaemonControllerOptions,
    private readonly runner: ProcessRunner,
  ) {
    this.transfersSockets = options.socketTransferVia !== undefined;
  }

  async currentPids(): Promise<number[]> {
    const text = await readFile(this.options.pidFile, 'utf8');
    return text.split(/\s+/).map(Number).filter((pid) => pid > 0 && isProcessAlive(pid));
  }

  runtime(): RuntimeQueries | undefined {
    return this.options.statsSocket ? new StatsSocket(this.options.statsSocket) : undefined;
  }

  async restart(options: { transferSockets: boolean; timeoutMs: number }): Promise<RestartOutcome> {
    const oldPids = await this.currentPids();
    const args = ['-D', '-p', this.options.pidFile, ...this.options.configFiles.flatMap((f) => ['-f', f])];
    // Sockets can only be taken from a running old process; with none left, start fresh.
    if (options.transferSockets && oldPids.length > 0) {
      if (!this.options.socketTransferVia) throw new Error('socket transfer needs a stats socket with expose-fd listeners');
      args.push('-x', this.options.socketTransferVia);
    }
    if (oldPids.length) args.push('-sf', ...oldPids.map(String));
    try {
      await this.runner.run(this.options.binary, args, { netns: this.options.netns, timeoutMs: options.timeoutMs });
    } catch (error) {
      if (!(error instanceof CommandError)) throw error;
      return { ok: false, oldPids, newPids: oldPids, detail: error.brief, output: (error.stdout + error.stderr).trim() };
    }
    const newPids = (await this.currentPids()).filter((pid) => !oldPids.includes(pid));
    if (newPids.length === 0) return { ok: false, oldPids, newPids, detail: 'haproxy exited 0 but the pid file names no new running process', output: '' };
    return { ok: true, oldPids, newPids, detail: '', output: '' };
  }
}
