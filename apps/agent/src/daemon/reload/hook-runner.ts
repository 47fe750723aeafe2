// Runs named hooks from the agent's own configuration. A request only names
// them; the commands come from the config file, never from the wire.
import { InvalidChangeError } from '@hitless/haproxy';
import type { ProcessRunner } from '@hitless/process';
import type { HookDefinition } from '../config/agent-config';

export class HookRunner {
  constructor(
    private readonly hooks: Record<string, HookDefinition>,
    private readonly runner: ProcessRunner,
  ) {}

  /** Refuses unknown names before anything runs. */
  check(names: readonly string[], field: string): void {
    names.forEach((name, i) => {
      if (!Object.prototype.hasOwnProperty.call(this.hooks, name)) {
        throw new InvalidChangeError(`${field}[${i}]`, `no hook named '${name.slice(0, 40)}' in this agent's configuration`);
      }
    });
  }

  /** Runs the hooks in order; the first failure stops the rest and is thrown (a CommandError with its output). */
  async run(names: readonly string[], env: Record<string, string>): Promise<void> {
    for (const name of names) {
      const hook = this.hooks[name];
      await this.runner.run(hook.command[0], hook.command.slice(1), { timeoutMs: hook.timeoutMs, env });
    }
  }
}
