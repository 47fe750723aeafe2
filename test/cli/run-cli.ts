// Runs the real `hitless` CLI as a child process through @hitless/process and
// returns what a script sees: the exit code, stdout and stderr.
import { join } from 'node:path';
import { shellCommand } from '@hitless/kernel-lab';
import { SystemProcessRunner } from '@hitless/process';

const ROOT = join(__dirname, '../..');
const MAIN = join(ROOT, 'apps/cli/src/main.ts');
const EVERY_EXIT_CODE = [0, 1, 2, 3, 4, 5, 6, 7];

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
  /** stdout's lines, each parsed as JSON (for --output json). */
  json<T = Record<string, unknown>>(): T[];
}

export type CliRunner = (args: readonly string[], env?: Record<string, string>) => Promise<CliRun>;

/** As CliRunner, with the CLI on a terminal whose keyboard types `typed`; `output` is all the terminal showed. */
export type TerminalRunner = (args: readonly string[], typed: string) => Promise<{ code: number; output: string }>;

/**
 * The CLI on a pseudo-terminal: script(1) (util-linux, on every Debian) runs it with
 * stdin, stdout and stderr on a new terminal and forwards its own stdin as typing.
 * script takes one command line, so every word is single-quoted by shellCommand.
 */
export function terminalRunner(home: string, baseEnv: Record<string, string> = {}): TerminalRunner {
  const runner = new SystemProcessRunner();
  return async (args, typed) => {
    const command = shellCommand([process.execPath, '--import', 'tsx', MAIN, ...args]);
    const result = await runner.run('script', ['--quiet', '--return', '--echo', 'never', '--command', command, '/dev/null'], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', SHELL: '/bin/sh', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), HITLESS_SERVER: '', HITLESS_TOKEN: '', ...baseEnv },
      input: typed,
      okExitCodes: EVERY_EXIT_CODE,
      timeoutMs: 90_000,
    });
    return { code: result.exitCode, output: result.stdout };
  };
}

/** `env` is the whole CLI-relevant environment: HOME points at `home` so no operator's config file leaks in. */
export function cliRunner(home: string, baseEnv: Record<string, string> = {}): CliRunner {
  const runner = new SystemProcessRunner();
  return async (args, env = {}) => {
    const result = await runner.run(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, XDG_CONFIG_HOME: join(home, '.config'), HITLESS_SERVER: '', HITLESS_TOKEN: '', ...baseEnv, ...env },
      okExitCodes: EVERY_EXIT_CODE,
      timeoutMs: 90_000,
    });
    return {
      code: result.exitCode,
      stdout: result.stdout,
      stderr: result.stderr,
      json: <T>() => result.stdout.split('\n').filter((line) => line.trim() !== '').map((line) => JSON.parse(line) as T),
    };
  };
}
