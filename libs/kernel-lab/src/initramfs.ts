// Builds the lab's initramfs (static busybox, the boot modules, stage 1) once per
// kernel and init script, and keeps it in a cache directory for later runs.
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CpioEntry, cpioNewc } from './cpio-newc';
import { BOOT_MODULES, stage1Script } from './init-scripts';
import { modulePaths, StockKernel } from './stock-kernel';

export const DEFAULT_CACHE_DIR = '/var/cache/hitless-kernel-lab';
const BUSYBOX = '/bin/busybox';

export interface Initramfs {
  path: string;
  /** False when it came from the cache. */
  built: boolean;
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

export async function ensureInitramfs(kernel: StockKernel, cacheDir = DEFAULT_CACHE_DIR): Promise<Initramfs> {
  const modules = await modulePaths(kernel, BOOT_MODULES);
  const files = modules.map((path) => basename(path));
  const init = stage1Script(files);
  // Keyed by kernel version and by what goes in, so a changed init script is never served stale.
  const key = createHash('sha256').update(init).update(modules.join('\n')).digest('hex').slice(0, 12);
  const path = join(cacheDir, `initramfs-${kernel.version}-${key}.cpio.gz`);
  if (await exists(path)) return { path, built: false };

  const entries: CpioEntry[] = ['bin', 'dev', 'proc', 'sys', 'newroot', 'modules'].map((dir) => ({ kind: 'directory', path: dir }));
  entries.push({ kind: 'file', path: 'bin/busybox', data: await readFile(BUSYBOX), mode: 0o755 });
  entries.push({ kind: 'file', path: 'init', data: Buffer.from(init), mode: 0o755 });
  for (const [index, module] of modules.entries()) {
    entries.push({ kind: 'file', path: `modules/${files[index]}`, data: await readFile(join(kernel.modulesDir, module)) });
  }
  await mkdir(cacheDir, { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  await writeFile(temp, gzipSync(cpioNewc(entries)));
  await rename(temp, path);
  return { path, built: true };
}
