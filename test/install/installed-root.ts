// Commands inside an installed Debian root, as its own programs run them:
// chroot, the root's PATH, optionally inside a network namespace, and for the
// Hitless daemons under the sandbox of their own installed systemd unit.
import { join } from 'node:path';
import { SystemProcessRunner, type RunResult, type RunningProcess } from '@hitless/process';

const runner = new SystemProcessRunner();
const SANDBOX = join(__dirname, 'unit-sandbox.sh');

/** A login-less service environment, as systemd gives one: nothing of the test process leaks in. */
export const SERVICE_ENV = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', LANG: 'C.UTF-8', HOME: '/root' };

export interface InstalledRoot {
  dir: string;
  run(args: string[], options?: { netns?: string; env?: Record<string, string>; timeoutMs?: number; okExitCodes?: number[] }): Promise<RunResult>;
  /** Starts `command` under the restrictions of the root's installed UNIT (unit-sandbox.sh says which). */
  startService(unit: string, command: string[], options: { netns: string; env?: Record<string, string> }): RunningProcess;
  /** Starts a long-running program in the root, unconfined (HAProxy, as root from its own unit). */
  start(command: string[], options: { netns: string }): RunningProcess;
}

export function installedRoot(dir: string): InstalledRoot {
  return {
    dir,
    run: (args, options = {}) =>
      runner.run('chroot', [dir, ...args], { netns: options.netns, env: { ...SERVICE_ENV, ...options.env }, timeoutMs: options.timeoutMs ?? 120_000, okExitCodes: options.okExitCodes }),
    startService: (unit, command, options) =>
      runner.spawn('unshare', ['--mount', '--propagation', 'private', 'bash', SANDBOX, dir, `/usr/lib/systemd/system/${unit}`, '--', ...command], {
        netns: options.netns,
        stdio: 'pipe',
        env: { ...SERVICE_ENV, ...options.env },
      }),
    start: (command, options) => runner.spawn('chroot', [dir, ...command], { netns: options.netns, stdio: 'pipe', env: SERVICE_ENV }),
  };
}

/** An EnvironmentFile= as systemd reads it: KEY=VALUE lines, comments and blank lines skipped. */
export function parseEnvironmentFile(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (match && !line.trimStart().startsWith('#')) env[match[1]] = match[2].replace(/^"(.*)"$/, '$1');
  }
  return env;
}
