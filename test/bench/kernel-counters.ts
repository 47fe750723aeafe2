// The kernel's own TCP counters in the load balancer's namespace, read before
// and after a run: a SYN dropped on a full or closing listener, a request
// moved by tcp_migrate_req, a reset sent, counted by the kernel whether or not
// a client noticed. Read with `nstat -asz` (absolute values, history neither
// read nor written) run inside the namespace, since /proc/net is per namespace.
import type { ProcessRunner } from '@hitless/process';

/** Our names, each mapped to nstat's. The first five are the ones design.md names; the rest are the resets sent. */
const NSTAT_NAMES = {
  ListenDrops: 'TcpExtListenDrops',
  ListenOverflows: 'TcpExtListenOverflows',
  TCPMigrateReqSuccess: 'TcpExtTCPMigrateReqSuccess',
  TCPMigrateReqFailure: 'TcpExtTCPMigrateReqFailure',
  TCPAbortOnClose: 'TcpExtTCPAbortOnClose',
  TCPAbortOnData: 'TcpExtTCPAbortOnData',
  TCPAbortOnTimeout: 'TcpExtTCPAbortOnTimeout',
  TCPAbortOnLinger: 'TcpExtTCPAbortOnLinger',
  TCPAbortOnMemory: 'TcpExtTCPAbortOnMemory',
  OutRsts: 'TcpOutRsts',
} as const;

export type KernelCounterName = keyof typeof NSTAT_NAMES;
export const KERNEL_COUNTER_NAMES = Object.keys(NSTAT_NAMES) as KernelCounterName[];

/** null: this kernel does not have the counter (TCPMigrateReq* came with Linux 5.14). */
export type KernelCounters = Record<KernelCounterName, number | null>;

/** nstat's plain output: `#kernel`, then `Name value rate` per line. */
export function parseNstat(text: string): Map<string, number> {
  const values = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^([A-Za-z0-9]+)\s+(\d+)\s/.exec(line);
    if (match) values.set(match[1], Number(match[2]));
  }
  return values;
}

export function pickCounters(values: ReadonlyMap<string, number>): KernelCounters {
  const picked = {} as KernelCounters;
  for (const name of KERNEL_COUNTER_NAMES) picked[name] = values.get(NSTAT_NAMES[name]) ?? null;
  return picked;
}

/** after − before per counter; null where either side lacks it. */
export function counterDeltas(before: KernelCounters, after: KernelCounters): KernelCounters {
  const delta = {} as KernelCounters;
  for (const name of KERNEL_COUNTER_NAMES) {
    const [from, to] = [before[name], after[name]];
    delta[name] = from === null || to === null ? null : to - from;
  }
  return delta;
}

export async function readKernelCounters(runner: ProcessRunner, netns: string | undefined): Promise<KernelCounters> {
  const result = await runner.run('nstat', ['-asz'], { netns });
  const values = parseNstat(result.stdout);
  if (values.size === 0) throw new Error(`nstat printed no counters: ${result.stdout.slice(0, 200)}`);
  return pickCounters(values);
}

/** The counters a reader looks at first, in a short form for a table cell; `-` for a counter the kernel lacks. */
export function shortCounter(value: number | null): string {
  return value === null ? '-' : String(value);
}
