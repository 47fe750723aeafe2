#!/usr/bin/env node
// hitless-agent: the per-host command. `reload` and `capabilities` use the
// reload engine on this host alone, with no server; `run` starts the daemon.
import { parseArgs } from 'node:util';
import { InvalidChangeError } from '@hitless/haproxy';
import { createLogger } from '@hitless/log';
import { ReloadEngine, ReloadInProgressError, ReloadRequestError } from '@hitless/reload';
import { LOCAL_USAGE, parseLocalCommand, UsageError } from './cli/local-options';
import { formatCapabilities, formatPhaseEvent, formatResult } from './cli/print-result';
import { AgentConfigError, runDaemon } from './daemon';

const USAGE = `usage: hitless-agent <command> [options]

Commands:
  reload         change this host's HAProxy config and reload it without dropping connections
  capabilities   say which reload strategies this host supports, and why
  recover        undo whatever an interrupted reload left engaged, restore last-known-good
  run            start the agent daemon: --config FILE (JSON; HITLESS_AGENT_* variables override it)

${LOCAL_USAGE}`;

/** Exit codes: 0 done, 1 the reload did not go through (rejected, rolled back, failed), 2 bad usage or input, 3 busy. */
async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === '--help' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const log = createLogger({ service: 'hitless-agent', level: process.env.HITLESS_LOG_LEVEL ?? 'warn' });
  switch (command) {
    case 'reload': {
      const options = parseLocalCommand(rest, true);
      const engine = await ReloadEngine.open({ ...options.engine, log });
      const result = await engine.reload(
        { reloadId: options.reloadId, changes: options.changes, strategy: options.strategy, dryRun: options.dryRun },
        options.json ? undefined : (event) => process.stderr.write(`${formatPhaseEvent(event)}\n`),
      );
      process.stdout.write(`${options.json ? JSON.stringify(result, null, 2) : formatResult(result)}\n`);
      return result.outcome === 'succeeded' || result.outcome === 'validated' ? 0 : 1;
    }
    case 'capabilities': {
      const options = parseLocalCommand(rest, false);
      const capabilities = await (await ReloadEngine.open({ ...options.engine, log })).capabilities();
      process.stdout.write(`${options.json ? JSON.stringify(capabilities, null, 2) : formatCapabilities(capabilities)}\n`);
      return 0;
    }
    case 'recover': {
      const options = parseLocalCommand(rest, false);
      const recovered = await new ReloadEngine({ ...options.engine, log }).recover();
      process.stdout.write(recovered ? `${formatResult(recovered)}\n` : 'no interrupted reload; guards left engaged (if any) were released\n');
      return 0;
    }
    case 'run': {
      const { values } = parseArgs({ args: rest, options: { config: { type: 'string' } }, strict: true });
      await runDaemon({ configFile: values.config });
      return 0;
    }
    default:
      throw new UsageError(`unknown command '${command}'`);
  }
}

main(process.argv.slice(2)).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof InvalidChangeError || error instanceof ReloadRequestError || error instanceof AgentConfigError) {
      process.stderr.write(`hitless-agent: ${(error as Error).message}\n${error instanceof UsageError ? "try 'hitless-agent --help'\n" : ''}`);
      process.exitCode = 2;
    } else if (error instanceof ReloadInProgressError) {
      process.stderr.write(`hitless-agent: ${error.message}\n`);
      process.exitCode = 3;
    } else {
      process.stderr.write(`hitless-agent: ${(error as Error).stack ?? String(error)}\n`);
      process.exitCode = 1;
    }
  },
);
