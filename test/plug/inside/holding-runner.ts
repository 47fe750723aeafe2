// A process runner that can stop the reload engine at the moment HAProxy is
// about to restart, that is, with the guard engaged, so a test can look at the
// host in that state. Everything else runs for real.
import { ProcessRunner, RunOptions, RunResult, RunningProcess, SpawnOptions, SystemProcessRunner } from '@hitless/process';

export type RestartHook = () => Promise<void>;

export class HoldingRunner implements ProcessRunner {
  private hook?: RestartHook;

  constructor(private readonly inner: ProcessRunner = new SystemProcessRunner()) {}

  /** Runs `hook` once, at the next HAProxy restart (`haproxy ... -sf`), before the restart itself. */
  atNextRestart(hook: RestartHook): void {
    this.hook = hook;
  }

  async run(command: string, args: readonly string[], options?: RunOptions & { okExitCodes?: number[] }): Promise<RunResult> {
    if (this.hook && command.endsWith('haproxy') && args.includes('-sf')) {
      const hook = this.hook;
      this.hook = undefined;
      await hook();
    }
    return this.inner.run(command, args, options);
  }

  spawn(command: string, args: readonly string[], options?: SpawnOptions): RunningProcess {
    return this.inner.spawn(command, args, options);
  }
}
