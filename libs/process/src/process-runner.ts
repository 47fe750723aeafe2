// The one module that starts child processes. Always an argument array, never
// a shell string; every command is logged with its working directory; a
// cancelled or timed-out command is killed with its whole process group. A
// command can run with fewer privileges (another user, a memory limit): the
// logged argument array then shows the prlimit/setpriv wrappers that do it.
import execa from 'execa';
import type { Logger } from 'pino';
import { silentLogger } from '@hitless/log';
import { CommandError } from './command-error';

export interface RunOptions {
  cwd?: string;
  /** Run inside this network namespace (`ip netns exec NAME ...`). */
  netns?: string;
  input?: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /**
   * Run as this user and group (setpriv: real, effective and saved ids; no
   * supplementary groups; no-new-privs, so no setuid binary can take them back).
   */
  runAs?: { uid: number; gid: number };
  /** Limit the address space of the command (prlimit --as), so a runaway allocation fails instead of eating the host's memory. */
  maxMemoryBytes?: number;
}

export interface RunResult {
  command: string;
  args: string[];
  exitCode: number;
  stdout: string;
  stderr: string;
}

export interface SpawnOptions extends Omit<RunOptions, 'input' | 'timeoutMs'> {
  /** Where the process writes; default: ignored. */
  stdio?: 'ignore' | 'pipe' | 'inherit';
}

export interface RunningProcess {
  readonly pid: number;
  readonly command: string;
  readonly args: readonly string[];
  /** Resolves with the exit code (or the signal's name) when the process ends. */
  readonly exited: Promise<number | string>;
  output(): { stdout: string; stderr: string };
  /** Signals the process group, then waits for the process to end (SIGKILL after graceMs). */
  stop(signal?: NodeJS.Signals, graceMs?: number): Promise<void>;
}

export interface ProcessRunner {
  /** Runs to completion; throws CommandError unless the exit code is 0 (or listed in okExitCodes). */
  run(command: string, args: readonly string[], options?: RunOptions & { okExitCodes?: number[] }): Promise<RunResult>;
  /** Starts a long-running process (a daemon in the foreground, a load generator). */
  spawn(command: string, args: readonly string[], options?: SpawnOptions): RunningProcess;
}

/** The argument array actually executed: the command inside its privilege, limit and namespace wrappers. */
function wrapped(command: string, args: readonly string[], options: Pick<RunOptions, 'netns' | 'runAs' | 'maxMemoryBytes'>): [string, string[]] {
  let argv = [command, ...args];
  if (options.runAs) {
    const { uid, gid } = options.runAs;
    if (!Number.isSafeInteger(uid) || !Number.isSafeInteger(gid) || uid < 0 || gid < 0) throw new Error(`runAs needs numeric ids, got uid ${uid} gid ${gid}`);
    argv = ['setpriv', `--reuid=${uid}`, `--regid=${gid}`, '--clear-groups', '--no-new-privs', '--', ...argv];
  }
  if (options.maxMemoryBytes !== undefined) {
    if (!Number.isSafeInteger(options.maxMemoryBytes) || options.maxMemoryBytes <= 0) throw new Error(`maxMemoryBytes must be a positive integer, got ${options.maxMemoryBytes}`);
    argv = ['prlimit', `--as=${options.maxMemoryBytes}`, '--', ...argv];
  }
  // The namespace is entered first, as root: `ip netns exec` needs the privileges the wrappers inside it drop.
  if (options.netns) argv = ['ip', 'netns', 'exec', options.netns, ...argv];
  return [argv[0], argv.slice(1)];
}

function killGroup(pid: number | undefined, signal: NodeJS.Signals): void {
  if (!pid) return;
  try {
    process.kill(-pid, signal);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export class SystemProcessRunner implements ProcessRunner {
  constructor(private readonly log: Logger = silentLogger) {}

  async run(command: string, args: readonly string[], options: RunOptions & { okExitCodes?: number[] } = {}): Promise<RunResult> {
    const [file, argv] = wrapped(command, args, options);
    this.log.debug({ command: file, args: argv, cwd: options.cwd ?? process.cwd() }, 'run');
    if (options.signal?.aborted) throw new CommandError(command, args, null, '', '', 'aborted');
    const child = execa(file, argv, {
      cwd: options.cwd,
      input: options.input,
      env: options.env,
      reject: false,
      detached: true,
      stripFinalNewline: false,
    });
    const onAbort = () => killGroup(child.pid, 'SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    // The whole group, not only the direct child: a wrapper (ip netns exec, prlimit, setpriv) execs in place,
    // but anything the command forked would otherwise outlive the timeout and keep its pipes open.
    let timedOut = false;
    const timer = options.timeoutMs === undefined ? undefined : setTimeout(() => {
      timedOut = true;
      killGroup(child.pid, 'SIGKILL');
    }, options.timeoutMs);
    try {
      const result = await child;
      if (timedOut) throw new CommandError(command, args, null, result.stdout, result.stderr, 'timeout');
      if (options.signal?.aborted) throw new CommandError(command, args, null, result.stdout, result.stderr, 'aborted');
      const code = result.exitCode;
      if (result.signal) throw new CommandError(command, args, null, result.stdout, result.stderr, 'exit', result.signal);
      if (code === undefined && result.failed) {
        const why = (result as { message?: string }).message ?? `cannot start ${file}`;
        throw new CommandError(command, args, null, result.stdout, result.stderr || why, 'spawn');
      }
      const okCodes = options.okExitCodes ?? [0];
      if (!okCodes.includes(code)) throw new CommandError(command, args, code, result.stdout, result.stderr, 'exit');
      return { command, args: [...args], exitCode: code, stdout: result.stdout, stderr: result.stderr };
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  spawn(command: string, args: readonly string[], options: SpawnOptions = {}): RunningProcess {
    const [file, argv] = wrapped(command, args, options);
    this.log.debug({ command: file, args: argv, cwd: options.cwd ?? process.cwd() }, 'spawn');
    const stdio = options.stdio ?? 'ignore';
    const child = execa(file, argv, {
      cwd: options.cwd,
      env: options.env,
      reject: false,
      detached: true,
      stdio,
      buffer: stdio === 'pipe',
    });
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited: Promise<number | string> = new Promise((resolve) => {
      child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
      child.on('error', () => resolve('spawn-error'));
    });
    // The caller sees failures through `exited`; never as an unhandled rejection.
    child.catch(() => undefined);
    const onAbort = () => killGroup(child.pid, 'SIGKILL');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    let ended = false;
    void exited.then(() => {
      ended = true;
      options.signal?.removeEventListener('abort', onAbort);
    });
    if (child.pid === undefined) throw new CommandError(command, args, null, '', `cannot start ${file}`, 'spawn');
    const pid = child.pid;
    return {
      pid,
      command,
      args,
      exited,
      output: () => ({ stdout, stderr }),
      async stop(signal: NodeJS.Signals = 'SIGTERM', graceMs = 5000) {
        if (ended) return;
        killGroup(pid, signal);
        const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), graceMs);
        await exited;
        clearTimeout(timer);
      },
    };
  }
}
