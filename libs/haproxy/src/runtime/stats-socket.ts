import { CliQueries } from './cli-queries';
import type { RuntimeQueries, ServerAdminCommand } from './runtime-queries';
import { sendCommand, type SendCommandOptions } from './send-command';
import type { HaproxyInfo } from './show-info';
import type { ServersState } from './show-servers-state';
import type { StatRow } from './show-stat';

/** A worker's `stats socket` (one process; after a reload it belongs to the new worker). */
export class StatsSocket implements RuntimeQueries {
  private readonly queries: CliQueries;

  constructor(
    readonly socketPath: string,
    private readonly options: SendCommandOptions = {},
  ) {
    this.queries = new CliQueries({
      socketPath,
      send: (command) => this.command(command),
      label: (command) => command,
    });
  }

  /** Any command (or explicit list of commands); returns HAProxy's raw answer. */
  command(command: string | readonly string[]): Promise<string> {
    return sendCommand(this.socketPath, command, this.options);
  }

  showInfo(): Promise<HaproxyInfo> {
    return this.queries.showInfo();
  }

  showStat(): Promise<StatRow[]> {
    return this.queries.showStat();
  }

  showServersState(backend?: string): Promise<ServersState> {
    return this.queries.showServersState(backend);
  }

  setServerWeight(backend: string, server: string, weight: number): Promise<void> {
    return this.queries.setServerWeight(backend, server, weight);
  }

  setServerState(backend: string, server: string, state: ServerAdminCommand): Promise<void> {
    return this.queries.setServerState(backend, server, state);
  }
}
