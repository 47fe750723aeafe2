import { objectNameProblem } from './object-names';
import type { RuntimeQueries, ServerAdminCommand } from './runtime-queries';
import { RuntimeApiError } from './runtime-api-error';
import { RuntimeParseError } from './runtime-parse-error';
import { parseShowInfo, type HaproxyInfo } from './show-info';
import { parseServersState, type ServersState } from './show-servers-state';
import { parseShowStat, type StatRow } from './show-stat';

/** Sends one command to a worker and returns its answer; `label` is how the command appears in errors. */
export interface WorkerChannel {
  readonly socketPath: string;
  send(command: string): Promise<string>;
  label(command: string): string;
}

const MAX_WEIGHT = 256;
const STATES: readonly ServerAdminCommand[] = ['ready', 'drain', 'maint'];

/** RuntimeQueries over any channel that reaches a worker's CLI. */
export class CliQueries implements RuntimeQueries {
  constructor(private readonly channel: WorkerChannel) {}

  showInfo(): Promise<HaproxyInfo> {
    return this.query('show info', parseShowInfo);
  }

  showStat(): Promise<StatRow[]> {
    return this.query('show stat', parseShowStat);
  }

  async showServersState(backend?: string): Promise<ServersState> {
    if (backend !== undefined) this.checkName('backend', backend, 'show servers state');
    return this.query(backend === undefined ? 'show servers state' : `show servers state ${backend}`, parseServersState);
  }

  async setServerWeight(backend: string, server: string, weight: number): Promise<void> {
    const command = `set server ${backend}/${server} weight ${weight}`;
    this.checkName('backend', backend, command);
    this.checkName('server', server, command);
    if (!Number.isInteger(weight) || weight < 0 || weight > MAX_WEIGHT) {
      throw this.invalid(`weight must be an integer 0..${MAX_WEIGHT}, got ${weight}`, command);
    }
    await this.action(command);
  }

  async setServerState(backend: string, server: string, state: ServerAdminCommand): Promise<void> {
    const command = `set server ${backend}/${server} state ${state}`;
    this.checkName('backend', backend, command);
    this.checkName('server', server, command);
    if (!STATES.includes(state)) throw this.invalid(`state must be one of ${STATES.join(', ')}`, command);
    await this.action(command);
  }

  private async query<T>(command: string, parse: (output: string) => T): Promise<T> {
    const output = await this.channel.send(command);
    try {
      return parse(output);
    } catch (error) {
      if (!(error instanceof RuntimeParseError)) throw error;
      // Errors come back as plain text ("Can't find backend.", "Unknown command ...").
      throw new RuntimeApiError(`unexpected answer: ${error.message}`, {
        socketPath: this.channel.socketPath,
        command: this.channel.label(command),
        reason: 'unexpected-output',
        response: output,
        cause: error,
      });
    }
  }

  /** `set ...` commands print only an empty line on success; any text is HAProxy saying no. */
  private async action(command: string): Promise<void> {
    const output = await this.channel.send(command);
    const text = output.trim();
    if (text !== '') {
      throw new RuntimeApiError(`HAProxy rejected the command: ${text.split('\n')[0]}`, {
        socketPath: this.channel.socketPath,
        command: this.channel.label(command),
        reason: 'rejected',
        response: output,
      });
    }
  }

  private checkName(kind: 'backend' | 'server', name: string, command: string): void {
    const problem = objectNameProblem(kind, name);
    if (problem) throw this.invalid(problem, command);
  }

  private invalid(message: string, command: string): RuntimeApiError {
    return new RuntimeApiError(message, { socketPath: this.channel.socketPath, command: this.channel.label(command), reason: 'invalid-command' });
  }
}
