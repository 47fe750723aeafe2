// A throwaway writable view of a cached Debian root: an overlay whose upper
// layer is removed afterwards, with /proc, /sys and /dev mounted inside so that
// programs run in it by chroot behave as on a booted system. close() unmounts
// everything (also after a failure halfway) and removes the upper layer; the
// cached root itself is never written.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CommandError, SystemProcessRunner } from '@hitless/process';

export interface RootOverlay {
  /** The merged root: chroot into this. */
  dir: string;
  close(): Promise<void>;
}

const runner = new SystemProcessRunner();

async function unmount(path: string): Promise<void> {
  try {
    await runner.run('umount', ['--recursive', path], { okExitCodes: [0, 32] });
  } catch (error) {
    // Busy (a process still inside): detach it now; the kernel frees it when the last user goes.
    if (!(error instanceof CommandError)) throw error;
    await runner.run('umount', ['--recursive', '--lazy', path], { okExitCodes: [0, 32] });
  }
}

export async function overlayRoot(lower: string): Promise<RootOverlay> {
  const base = await mkdtemp(join(tmpdir(), 'hitless-install-'));
  const dir = join(base, 'merged');
  const mounted: string[] = [];
  const close = async () => {
    const problems: unknown[] = [];
    for (const path of mounted.splice(0).reverse()) await unmount(path).catch((error: unknown) => problems.push(error));
    await rm(base, { recursive: true, force: true }).catch((error: unknown) => problems.push(error));
    if (problems.length) throw new AggregateError(problems, `cleaning up the overlay ${dir} failed`);
  };
  try {
    for (const sub of ['upper', 'work', 'merged']) await mkdir(join(base, sub));
    await runner.run('mount', ['-t', 'overlay', 'overlay', '-o', `lowerdir=${lower},upperdir=${join(base, 'upper')},workdir=${join(base, 'work')}`, dir]);
    mounted.push(dir);
    await runner.run('mount', ['-t', 'proc', 'proc', join(dir, 'proc')]);
    mounted.push(join(dir, 'proc'));
    await runner.run('mount', ['-t', 'sysfs', 'sysfs', join(dir, 'sys')]);
    mounted.push(join(dir, 'sys'));
    await runner.run('mount', ['--rbind', '/dev', join(dir, 'dev')]);
    mounted.push(join(dir, 'dev'));
    // Unmounting it later must not reach the host's own /dev/pts and /dev/shm.
    await runner.run('mount', ['--make-rslave', join(dir, 'dev')]);
    return { dir, close };
  } catch (error) {
    await close().catch(() => undefined);
    throw error;
  }
}
