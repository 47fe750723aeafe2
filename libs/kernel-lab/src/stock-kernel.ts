// Finds the stock kernel that linux-image-amd64 installed: its image in /boot and
// its modules, which the VM reads from the host's root over 9p.
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface StockKernel {
  version: string;
  image: string;
  modulesDir: string;
}

/** Orders "6.1.0-9-amd64" before "6.1.0-56-amd64": numeric parts compare as numbers. */
export function compareKernelVersions(a: string, b: string): number {
  const parts = (v: string) => v.split(/[.-]/).map((p) => (/^\d+$/.test(p) ? Number(p) : p));
  const left = parts(a);
  const right = parts(b);
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const x = left[i] ?? -1;
    const y = right[i] ?? -1;
    if (x === y) continue;
    if (typeof x === 'number' && typeof y === 'number') return x - y;
    return String(x) < String(y) ? -1 : 1;
  }
  return 0;
}

/** The newest kernel that has both an image and modules. */
export async function findStockKernel(bootDir = '/boot', modulesRoot = '/lib/modules'): Promise<StockKernel> {
  const images = (await readdir(bootDir)).filter((name) => name.startsWith('vmlinuz-')).map((name) => name.slice('vmlinuz-'.length));
  const withModules = new Set(await readdir(modulesRoot));
  const usable = images.filter((version) => withModules.has(version)).sort(compareKernelVersions);
  const version = usable[usable.length - 1];
  if (!version) throw new Error(`no kernel in ${bootDir} has modules in ${modulesRoot} (is linux-image-amd64 installed?)`);
  return { version, image: join(bootDir, `vmlinuz-${version}`), modulesDir: join(modulesRoot, version) };
}

/** Path (relative to the modules dir) of each module, from modules.dep, in the order asked. */
export async function modulePaths(kernel: StockKernel, names: readonly string[]): Promise<string[]> {
  const dep = await readFile(join(kernel.modulesDir, 'modules.dep'), 'utf8');
  const byName = new Map<string, string>();
  for (const line of dep.split('\n')) {
    const path = line.split(':')[0];
    const file = path.split('/').pop() ?? '';
    byName.set(file.replace(/\.ko(\.(xz|zst|gz))?$/, '').replace(/-/g, '_'), path);
  }
  return names.map((name) => {
    const path = byName.get(name.replace(/-/g, '_'));
    if (!path) throw new Error(`kernel ${kernel.version} has no module ${name}`);
    // busybox insmod in the initramfs loads plain .ko files only.
    if (!path.endsWith('.ko')) throw new Error(`module ${name} of kernel ${kernel.version} is compressed (${path}); the lab's insmod needs .ko`);
    return path;
  });
}
