// Integration-test helper: runs a real HAProxy in a temp dir, bound only to
// 127.0.0.1, and guarantees it is stopped and the dir removed afterwards.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';
import { MasterCli } from './master-cli';

export const HAPROXY_BINARY = '/usr/sbin/haproxy';

export interface TestHaproxy {
  readonly mode: 'master-worker' | 'daemon';
  readonly dir: string;
  readonly configPath: string;
  readonly masterSocket: string;
  readonly statsSocket: string;
  readonly pidFile: string;
  readonly port: number;
  /** Master pid (master-worker) or daemon pid, once known. */
  mainPid(): number;
  writeConfig(text: string): void;
  config(): string;
  stop(): Promise<void>;
}

/** A port the kernel just handed out on 127.0.0.1 (free at the time of asking). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
}

export function baseConfig(dir: string, port: number): string {
  // The backend's servers point at the frontend itself so any traffic stays on 127.0.0.1.
  return [
    'global',
    `  stats socket ${join(dir, 'stats.sock')} mode 600 level admin expose-fd listeners`,
    'defaults',
    '  mode http',
    '  timeout connect 1s',
    '  timeout client 5s',
    '  timeout server 5s',
    'frontend fe',
    `  bind 127.0.0.1:${port}`,
    '  http-request return status 200',
    'backend be',
    `  server s1 127.0.0.1:${port} weight 10`,
    `  server s2 127.0.0.1:${port} weight 20`,
    '',
  ].join('\n');
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function waitFor<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      // Still starting up; the deadline bounds how long this is tolerated.
      lastError = error;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`, { cause: lastError });
    await sleep(50);
  }
}

function alive(pid: number): boolean {
  // /proc/PID exists for zombies too; a zombie (state Z) counts as gone.
  const stat = `/proc/${pid}/stat`;
  if (!existsSync(stat)) return false;
  return !/^\d+ \(.*\) Z/.test(readFileSync(stat, 'utf8'));
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try {
    process.kill(pid, sig);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}

export async function startTestHaproxy(mode: 'master-worker' | 'daemon'): Promise<TestHaproxy> {
  const runner = new SystemProcessRunner();
  const dir = mkdtempSync(join(tmpdir(), 'hitless-haproxy-'));
  const port = await freePort();
  const configPath = join(dir, 'haproxy.cfg');
  const masterSocket = join(dir, 'master.sock');
  const statsSocket = join(dir, 'stats.sock');
  const pidFile = join(dir, 'haproxy.pid');
  writeFileSync(configPath, baseConfig(dir, port));

  let running: RunningProcess | undefined;
  let pid: number | undefined;
  const readPid = () => {
    if (!existsSync(pidFile)) return undefined;
    const value = Number(readFileSync(pidFile, 'utf8').trim().split(/\s+/)[0]);
    return Number.isInteger(value) && value > 0 ? value : undefined;
  };

  const instance: TestHaproxy = {
    mode,
    dir,
    configPath,
    masterSocket,
    statsSocket,
    pidFile,
    port,
    mainPid: () => {
      if (pid === undefined) throw new Error('HAProxy not started');
      return pid;
    },
    writeConfig: (text) => writeFileSync(configPath, text),
    config: () => readFileSync(configPath, 'utf8'),
    async stop() {
      // Every process of the instance: the main one and whatever it forked.
      const family = pid === undefined ? [] : [pid, ...childrenOf(pid)];
      if (running) await running.stop('SIGTERM', 3000);
      for (const member of family) signal(member, 'SIGTERM');
      const deadline = Date.now() + 5000;
      while (family.some(alive) && Date.now() < deadline) await sleep(50);
      for (const member of family.filter(alive)) signal(member, 'SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    },
  };

  try {
    if (mode === 'master-worker') {
      running = runner.spawn(HAPROXY_BINARY, ['-Ws', '-S', masterSocket, '-f', configPath, '-p', pidFile], { stdio: 'pipe' });
      pid = running.pid;
    } else {
      // -D forks the daemon and the launcher exits at once.
      await runner.run(HAPROXY_BINARY, ['-D', '-p', pidFile, '-f', configPath], { timeoutMs: 10_000 });
      pid = await waitFor('the daemon pid file', async () => readPid());
    }
    await waitFor('the stats socket', async () => (existsSync(statsSocket) ? true : undefined));
    if (mode === 'master-worker') {
      // The stats socket can exist before the master CLI listens (seen on a loaded machine):
      // ready means the master answers and shows its worker.
      const cli = new MasterCli(masterSocket);
      await waitFor('the master CLI and its worker', async () => ((await cli.showProc()).workers.length > 0 ? true : undefined), 30_000);
    }
    return instance;
  } catch (error) {
    await instance.stop();
    const output = running?.output();
    throw new Error(`HAProxy (${mode}) did not start: ${output?.stderr ?? ''}`, { cause: error });
  }
}

/** Direct children of a process, from /proc (enough for a master and its workers). */
export function childrenOf(pid: number): number[] {
  const result: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) result.push(Number(entry));
    } catch (error) {
      // Processes come and go while /proc is listed.
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return result;
}
