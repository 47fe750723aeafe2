// The Debian packages the kernel lab needs, installed on first use so that a
// fresh CI machine can run the lab tests without a separate setup step.
import type { ProcessRunner } from '@hitless/process';

/** QEMU, Debian's stock kernel (which has sch_plug), the initramfs shell, and a C load generator. */
export const KERNEL_LAB_PACKAGES = ['qemu-system-x86', 'linux-image-amd64', 'busybox-static', 'wrk'] as const;

const INSTALL_TIMEOUT_MS = 10 * 60_000;

async function isInstalled(runner: ProcessRunner, name: string): Promise<boolean> {
  const result = await runner.run('dpkg-query', ['-W', '-f=${Status}', name], { okExitCodes: [0, 1] });
  return result.exitCode === 0 && result.stdout.includes('install ok installed');
}

/** Installs whatever is missing; returns the names it installed (empty when all were there). */
export async function ensureKernelLabPackages(runner: ProcessRunner, packages: readonly string[] = KERNEL_LAB_PACKAGES): Promise<string[]> {
  const missing: string[] = [];
  for (const name of packages) if (!(await isInstalled(runner, name))) missing.push(name);
  if (missing.length === 0) return [];
  // INITRD=No: the lab boots with its own small initramfs; building Debian's (tens of
  // seconds) for a kernel this machine never boots would only waste the first run.
  const env = { ...stringEnv(), DEBIAN_FRONTEND: 'noninteractive', INITRD: 'No' };
  await runner.run('apt-get', ['update', '-qq'], { env, timeoutMs: INSTALL_TIMEOUT_MS });
  await runner.run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], { env, timeoutMs: INSTALL_TIMEOUT_MS });
  return missing;
}

function stringEnv(): Record<string, string> {
  return Object.fromEntries(Object.entries(process.env).filter((pair): pair is [string, string] => pair[1] !== undefined));
}
