// Finds processes by an environment variable they inherited: the way to tell,
// after a command has exited, whether anything it started (however deep, and
// however detached into its own process group) is still running.
import { readdir, readFile } from 'node:fs/promises';

export async function processesWithEnv(name: string, value: string): Promise<{ pid: number; command: string }[]> {
  const needle = `${name}=${value}`;
  const found: { pid: number; command: string }[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const read = (file: string) =>
      readFile(`/proc/${entry}/${file}`, 'utf8').catch((error: NodeJS.ErrnoException) => {
        // ENOENT/ESRCH: the process ended between listing and reading, so it is not left over.
        // EACCES: a process root may not inspect (the sandbox's init); nothing we started is one.
        if (error.code === 'ENOENT' || error.code === 'ESRCH' || error.code === 'EACCES') return '';
        throw error;
      });
    if (!(await read('environ')).split('\0').includes(needle)) continue;
    found.push({ pid: Number(entry), command: (await read('cmdline')).split('\0').join(' ').trim() });
  }
  return found;
}
