// Runs one command inside Debian's stock kernel under QEMU and returns what it
// printed and its exit status. Every boot is bounded in time: QEMU is killed
// when the deadline passes or the caller aborts, and the outbox is removed.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { CommandError, ProcessRunner, SystemProcessRunner } from '@hitless/process';
import { ensureInitramfs } from './initramfs';
import { STAGE2_NAME, stage2Script } from './init-scripts';
import { ensureKernelLabPackages } from './lab-packages';
import { QEMU_BINARY, qemuArgs } from './qemu-args';
import { describeSoftLockup, findSoftLockups, longestSoftLockup, SoftLockup } from './soft-lockups';
import { findStockKernel, StockKernel } from './stock-kernel';

/**
 * A guest CPU reported stuck this long is hung, not slow: the kernel repeats its soft-lockup
 * report with a growing duration while a stall lasts, and stalls of the emulator itself (TCG on
 * a busy host) were seen to end well before this. The VM is then stopped with the report.
 */
export const GUEST_HUNG_AFTER_S = 150;
const CONSOLE_CHECK_MS = 2000;

export interface PreparedKernelLab {
  kernel: StockKernel;
  initramfs: string;
  /** What this preparation had to do: packages installed, initramfs built. */
  installed: string[];
  builtInitramfs: boolean;
  qemuVersion: string;
}

export interface KernelLabCommand {
  command: readonly string[];
  /** Inside the VM; default: this process's working directory (the checkout is visible at the same path). */
  cwd?: string;
  env?: Record<string, string>;
  /** The whole boot, command and power-off; QEMU is killed after it. */
  timeoutMs: number;
  signal?: AbortSignal;
  memoryMb?: number;
  cpus?: number;
}

export interface KernelLabResult {
  exitCode: number;
  stdout: string;
  stderr: string;
  /** The VM's serial console (kernel messages, init's own lines). */
  console: string;
  kernel: string;
  wallMs: number;
  /** Soft-lockup reports the guest made and recovered from (see soft-lockups.ts). */
  softLockups: SoftLockup[];
}

/** The VM ended without the command's exit status: a failed boot, a timeout, an abort. */
export class KernelLabError extends Error {
  override name = 'KernelLabError';
  /** `commandStderr`: what the command had written to its stderr when the VM ended (its progress, if it reports any). */
  constructor(message: string, readonly console: string, readonly commandStderr = '') {
    super(`${message}\n--- command stderr (last lines) ---\n${commandStderr.split('\n').slice(-10).join('\n')}\n--- VM console (last lines) ---\n${console.split('\n').slice(-30).join('\n')}`);
  }
}

/** Packages, kernel, initramfs: everything a boot needs, done once per process and cached on disk. */
export async function prepareKernelLab(runner: ProcessRunner = new SystemProcessRunner()): Promise<PreparedKernelLab> {
  const installed = await ensureKernelLabPackages(runner);
  const version = await runner.run(QEMU_BINARY, ['--version']);
  const kernel = await findStockKernel();
  const initramfs = await ensureInitramfs(kernel);
  return { kernel, initramfs: initramfs.path, installed, builtInitramfs: initramfs.built, qemuVersion: version.stdout.split('\n')[0] };
}

/**
 * Why the lab cannot run on this machine, in one line, or undefined when it can.
 * Only a QEMU that cannot start at all counts: any later failure is a test failure.
 */
export async function kernelLabUnavailable(runner: ProcessRunner = new SystemProcessRunner()): Promise<string | undefined> {
  try {
    await ensureKernelLabPackages(runner);
    await runner.run(QEMU_BINARY, ['--version']);
    return undefined;
  } catch (error) {
    const text = error instanceof CommandError ? error.message : (error as Error).message;
    return `kernel lab unavailable: ${text.split('\n')[0]}`;
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

async function readOptional(path: string): Promise<string | undefined> {
  return readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined;
    throw error;
  });
}

export async function runInKernelLab(lab: PreparedKernelLab, run: KernelLabCommand, runner: ProcessRunner = new SystemProcessRunner()): Promise<KernelLabResult> {
  const started = performance.now();
  const outbox = await mkdtemp(join(tmpdir(), 'hitless-kernel-lab-'));
  try {
    const cwd = run.cwd ?? process.cwd();
    await writeFile(join(outbox, STAGE2_NAME), stage2Script({ command: run.command, cwd, env: run.env ?? {} }));
    const qemu = runner.spawn(
      QEMU_BINARY,
      qemuArgs({ kernelImage: lab.kernel.image, initramfs: lab.initramfs, outboxDir: outbox, projectDir: cwd, memoryMb: run.memoryMb ?? 1536, cpus: run.cpus ?? 2 }),
      { stdio: 'pipe', signal: run.signal },
    );
    // The runner starts QEMU in its own process group, which would outlive a test run
    // that exits early (a jest timeout, --forceExit): kill it on the way out as well.
    const killOnExit = () => killGroup(qemu.pid);
    process.once('exit', killOnExit);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void qemu.stop('SIGKILL');
    }, run.timeoutMs);
    let hung: SoftLockup | undefined;
    const hangCheck = setInterval(() => {
      const longest = longestSoftLockup(findSoftLockups(qemu.output().stdout));
      if (longest && longest.stuckS >= GUEST_HUNG_AFTER_S) {
        hung = longest;
        void qemu.stop('SIGKILL');
      }
    }, CONSOLE_CHECK_MS);
    let ended: number | string;
    try {
      ended = await qemu.exited;
    } finally {
      clearTimeout(timer);
      clearInterval(hangCheck);
      // Whatever happened above (an exception, an abort), no QEMU outlives this call.
      await qemu.stop('SIGKILL');
      process.removeListener('exit', killOnExit);
    }
    const consoleText = qemu.output().stdout + qemu.output().stderr;
    const commandStderr = (await readOptional(join(outbox, 'stderr'))) ?? '';
    if (hung) throw new KernelLabError(`the guest hung: ${describeSoftLockup(hung)}; QEMU killed`, consoleText, commandStderr);
    if (timedOut) throw new KernelLabError(`the kernel lab did not finish within ${run.timeoutMs} ms: QEMU killed`, consoleText, commandStderr);
    if (run.signal?.aborted) throw new KernelLabError('the kernel lab run was aborted: QEMU killed', consoleText, commandStderr);
    const status = await readOptional(join(outbox, 'status'));
    if (status === undefined) throw new KernelLabError(`QEMU ended (${ended}) before the command reported an exit status`, consoleText, commandStderr);
    return {
      exitCode: Number(status.trim()),
      stdout: (await readOptional(join(outbox, 'stdout'))) ?? '',
      stderr: commandStderr,
      console: consoleText,
      kernel: lab.kernel.version,
      wallMs: performance.now() - started,
      softLockups: findSoftLockups(consoleText),
    };
  } finally {
    await rm(outbox, { recursive: true, force: true });
  }
}
