// CPU time and memory of another process, read from /proc: what the server
// spent, not what the benchmark around it spent.
import { readFile } from 'node:fs/promises';

// USER_HZ: 100 on every Linux architecture Node runs on (the kernel reports /proc times in it).
const TICKS_PER_SECOND = 100;

/** User + system CPU time in ms, children excluded. */
export async function cpuMs(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // The command name may contain spaces or parentheses: fields are counted after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  return ((utime + stime) * 1000) / TICKS_PER_SECOND;
}

/** Resident memory now and at its peak, in MiB. */
export async function memoryMb(pid: number): Promise<{ rssMb: number; peakMb: number }> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMb: kib('VmRSS') / 1024, peakMb: kib('VmHWM') / 1024 };
}

/** Samples resident memory until stopped; reports the largest sample. */
export function sampleRss(pid: number, everyMs: number): { stop(): number } {
  let max = 0;
  const timer = setInterval(() => {
    memoryMb(pid).then(
      ({ rssMb }) => (max = Math.max(max, rssMb)),
      // A sample missed while the server exits changes no figure.
      () => undefined,
    );
  }, everyMs);
  return {
    stop: () => {
      clearInterval(timer);
      return max;
    },
  };
}
