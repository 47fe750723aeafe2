// One HTTP request whose connection attempt starts while the plug is engaged:
// curl reports whether (and when) its TCP handshake completed, and ss shows the
// socket still waiting for an answer to its SYN meanwhile.
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessRunner, RunningProcess } from '@hitless/process';

export interface HeldRequest {
  /** True while no SYN-ACK came back: the client socket sits in SYN-SENT. */
  waitingForSynAck(): Promise<boolean>;
  /** The HTTP status and the time from start to connection established (curl's own measure). */
  finish(): Promise<{ exitCode: number | string; httpStatus: string; connectMs: number; stderr: string }>;
  stop(): Promise<void>;
}

export function startHeldRequest(runner: ProcessRunner, target: { host: string; port: number; netns?: string }): HeldRequest {
  const curl: RunningProcess = runner.spawn('curl', [
    '-s', '-o', '/dev/null', '-w', '%{http_code} %{time_connect}',
    // The SYN is held, not dropped: curl's own timeout only has to outlast the hold.
    '--connect-timeout', '30', '--max-time', '40',
    `http://${target.host}:${target.port}/`,
  ], { netns: target.netns, stdio: 'pipe' });
  return {
    async waitingForSynAck() {
      const sockets = await runner.run('ss', ['-Htn', 'state', 'syn-sent', 'dst', `${target.host}:${target.port}`], { netns: target.netns });
      return sockets.stdout.trim().length > 0;
    },
    async finish() {
      const exitCode = await curl.exited;
      const [httpStatus = '', connect = '0'] = curl.output().stdout.trim().split(' ');
      return { exitCode, httpStatus, connectMs: Math.round(Number(connect) * 1000), stderr: curl.output().stderr };
    },
    stop: () => curl.stop('SIGKILL'),
  };
}

/** Polls until the check holds, or gives up after `timeoutMs`. */
export async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await sleep(100);
  }
  return check();
}
