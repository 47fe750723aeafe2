import { CliQueries } from './cli-queries';
import { parseMasterReloadAnswer, type MasterReloadAnswer } from './master-reload-answer';
import { RuntimeApiError } from './runtime-api-error';
import { RuntimeParseError } from './runtime-parse-error';
import type { RuntimeQueries } from './runtime-queries';
import { sendCommand, type SendCommandOptions } from './send-command';
import { parseShowProc, type ShowProc } from './show-proc';

export interface MasterCliOptions extends SendCommandOptions {
  /** Deadline for `reload`; from 2.7 it answers only once the new worker is up or failed. Default 60 s. */
  reloadTimeoutMs?: number;
}

const DEFAULT_RELOAD_TIMEOUT_MS = 60_000;

/** The master process's CLI (`-S <socket>`) of a master-worker HAProxy. */
export class MasterCli {
  /** The current worker's runtime API, reached through the master (`@1 ...`). */
  readonly worker: RuntimeQueries;

  constructor(
    readonly socketPath: string,
    private readonly options: MasterCliOptions = {},
  ) {
    this.worker = new CliQueries({
      socketPath,
      send: (command) => this.workerCommand(command),
      label: (command) => `@1 ${command}`,
    });
  }

  /** A master command (or explicit list of commands); returns HAProxy's raw answer. */
  command(command: string | readonly string[], timeoutMs = this.options.timeoutMs): Promise<string> {
    return sendCommand(this.socketPath, command, { ...this.options, timeoutMs });
  }

  /**
   * Runs a command in a worker: the current one (`@1`, relative pid 1) by
   * default, or a given process by pid (`@!<pid>`), e.g. an old worker.
   */
  workerCommand(command: string, pid?: number): Promise<string> {
    if (pid !== undefined && (!Number.isInteger(pid) || pid <= 0)) {
      return Promise.reject(new RuntimeApiError(`invalid pid ${pid}`, { socketPath: this.socketPath, command, reason: 'invalid-command' }));
    }
    return this.command(`${pid === undefined ? '@1' : `@!${pid}`} ${command}`);
  }

  async showProc(): Promise<ShowProc> {
    const output = await this.command('show proc');
    return this.parsed('show proc', output, parseShowProc);
  }

  /**
   * Asks the master to reload. On 2.6 and older this returns
   * `{kind: 'asynchronous'}` at once; use awaitReload to learn the result.
   */
  async reload(): Promise<MasterReloadAnswer> {
    const output = await this.command('reload', this.options.reloadTimeoutMs ?? DEFAULT_RELOAD_TIMEOUT_MS);
    return this.parsed('reload', output, parseMasterReloadAnswer);
  }

  private parsed<T>(command: string, output: string, parse: (output: string) => T): T {
    try {
      return parse(output);
    } catch (error) {
      if (!(error instanceof RuntimeParseError)) throw error;
      throw new RuntimeApiError(`unexpected answer: ${error.message}`, {
        socketPath: this.socketPath,
        command,
        reason: 'unexpected-output',
        response: output,
        cause: error,
      });
    }
  }
}
