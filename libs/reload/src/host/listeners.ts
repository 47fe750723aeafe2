// Which processes hold which listening TCP sockets, read with `ss` inside the
// host's namespace. A reload has really taken over when no old process listens.
import type { ProcessRunner } from '@hitless/process';

export interface ListeningSocket {
  local: string;
  port: number;
  pids: number[];
}

export function parseSsListeners(output: string): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of output.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5 || fields[0] !== 'LISTEN') continue;
    const local = fields[3];
    const port = Number(local.slice(local.lastIndexOf(':') + 1));
    const pids = [...line.matchAll(/pid=(\d+)/g)].map((m) => Number(m[1]));
    sockets.push({ local, port, pids });
  }
  return sockets;
}

export async function listListeners(runner: ProcessRunner, netns?: string): Promise<ListeningSocket[]> {
  const result = await runner.run('ss', ['-H', '-l', '-t', '-n', '-p'], { netns });
  return parseSsListeners(result.stdout);
}

/** Waits until none of `oldPids` holds a listening socket any more. Returns false on timeout. */
export async function waitForOldListenersGone(runner: ProcessRunner, oldPids: number[], netns: string | undefined, timeoutMs: number): Promise<boolean> {
  const old = new Set(oldPids);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const sockets = await listListeners(runner, netns);
    if (!sockets.some((s) => s.pids.some((pid) => old.has(pid)))) return true;
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
}
