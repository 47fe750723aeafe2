// Runs one of the scenarios in ./inside in the kernel lab (Debian's stock
// kernel, which has sch_plug) and returns the result it printed. Preparing the
// lab (packages, initramfs) happens once per test file.
import { join } from 'node:path';
import { describeSoftLockup, kernelLabUnavailable, KernelLabResult, prepareKernelLab, PreparedKernelLab, runInKernelLab, SoftLockup } from '@hitless/kernel-lab';
import { RESULT_PREFIX } from './inside/inside-output';

export type ScenarioName = 'hold-scenario' | 'load-scenario' | 'crash-scenario';

/** Cold start (apt-get, initramfs build) included. */
export const PREPARE_TIMEOUT_MS = 10 * 60_000;

let prepared: Promise<PreparedKernelLab | string> | undefined;

/**
 * The prepared lab, or the one-line reason QEMU cannot run here at all. Under CI that reason is a
 * failure, not a skip: the lab's packages are ours to install, so a plug test that quietly passed
 * there would prove nothing.
 */
export function kernelLab(): Promise<PreparedKernelLab | string> {
  prepared ??= kernelLabUnavailable().then(async (reason) => {
    if (reason && process.env.CI) throw new Error(`${reason} (CI is set: the plug tests must run, not skip)`);
    return reason ?? prepareKernelLab();
  });
  return prepared;
}

export function scenarioCommand(name: ScenarioName, args: readonly string[] = []): string[] {
  // node with tsx's loader: the VM runs the checkout's TypeScript as it is, read-only.
  return ['node', '--import', 'tsx', join('test', 'plug', 'inside', `${name}.ts`), ...args];
}

export function scenarioResult<T>(run: KernelLabResult): T {
  const line = run.stdout.split('\n').reverse().find((l) => l.startsWith(RESULT_PREFIX));
  if (run.exitCode !== 0 || !line) {
    throw new Error(`scenario failed in the kernel lab (exit ${run.exitCode}):\n${run.stderr.slice(-4000)}\n--- stdout ---\n${run.stdout.slice(-2000)}\n--- console ---\n${run.console.slice(-2000)}`);
  }
  return JSON.parse(line.slice(RESULT_PREFIX.length)) as T;
}

export interface ScenarioRun<T> {
  result: T;
  /** Guest CPU stalls the VM reported and recovered from (TCG on a busy host; see soft-lockups.ts). */
  softLockups: SoftLockup[];
}

/**
 * Runs the scenario in one boot. A guest CPU that stays stuck (a hang) ends the boot with its
 * backtrace; stalls it recovered from are returned and printed, since they explain slow figures.
 */
export async function runScenarioInLab<T>(lab: PreparedKernelLab, name: ScenarioName, timeoutMs: number, args: readonly string[] = []): Promise<ScenarioRun<T>> {
  const run = await runInKernelLab(lab, { command: scenarioCommand(name, args), cwd: join(__dirname, '..', '..'), timeoutMs });
  const result = scenarioResult<T>(run);
  if (run.softLockups.length) {
    console.warn(`kernel lab: the guest reported ${run.softLockups.length} CPU stall(s) in ${name} and recovered: ${run.softLockups.map(describeSoftLockup).join('; ')}`);
  }
  return { result, softLockups: run.softLockups };
}
