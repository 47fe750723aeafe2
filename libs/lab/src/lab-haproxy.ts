// HAProxy instances for tests, the demo and benchmarks: a load balancer run the
// way Debian's haproxy.service runs it (master-worker, `-Ws -S master.sock`) or
// as a legacy daemon (`-D -p pidfile`), plus a second HAProxy acting as the
// backend servers (frontends that answer 200 themselves: fast, and never reloaded).
import { chmod, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MasterCli } from '@hitless/haproxy';
import { ProcessRunner, RunningProcess, SystemProcessRunner } from '@hitless/process';

export const HAPROXY_BINARY = '/usr/sbin/haproxy';

export type LabHaproxyMode = 'master-worker' | 'daemon';

export interface LabHaproxy {
  mode: LabHaproxyMode;
  dir: string;
  configPath: string;
  masterSocket: string;
  statsSocket: string;
  pidFile: string;
  netns?: string;
  /** The pids that run the current workers (daemon mode: the pid file's content). */
  workerPids(): Promise<number[]>;
  stop(): Promise<void>;
}

export interface LoadBalancerConfigOptions {
  frontendPort: number;
  backendPorts: number[];
  balance?: string;
  dir: string;
  /** Where the frontend binds; default all addresses. */
  bindAddress?: string;
  /** HAProxy's global maxconn; default 4000. Benchmarks with thousands of idle clients need more. */
  maxconn?: number;
}

/** A config in the shape of the seed: one frontend, one backend `api` with servers web1..N. */
export function loadBalancerConfig(options: LoadBalancerConfigOptions): string {
  const servers = options.backendPorts.map((port, i) => `    server web${i + 1} 127.0.0.1:${port} check inter 500ms`).join('\n');
  return `global
    stats socket ${join(options.dir, 'stats.sock')} mode 600 level admin expose-fd listeners
    pidfile ${join(options.dir, 'haproxy.pid')}
    maxconn ${options.maxconn ?? 4000}
    hard-stop-after 30s

defaults
    mode http
    timeout connect 2s
    timeout client 30s
    timeout server 30s

frontend www
    bind ${options.bindAddress ?? '*'}:${options.frontendPort}
    default_backend api

backend api
    balance ${options.balance ?? 'roundrobin'}
${servers}
`;
}

function backendsConfig(ports: number[]): string {
  const frontends = ports
    .map((port, i) => `frontend web${i + 1}\n    bind 127.0.0.1:${port}\n    http-request return status 200 content-type text/plain string "web${i + 1}\\n"\n`)
    .join('\n');
  return `global\n    maxconn 4000\n\ndefaults\n    mode http\n    timeout connect 2s\n    timeout client 30s\n    timeout server 30s\n\n${frontends}`;
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check().catch(() => false)) return;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function readPids(pidFile: string): Promise<number[]> {
  const text = await readFile(pidFile, 'utf8').catch(() => '');
  return text.split(/\s+/).map(Number).filter((n) => n > 0);
}

export interface StartLabHaproxyOptions {
  mode: LabHaproxyMode;
  config: (dir: string) => string;
  netns?: string;
  runner?: ProcessRunner;
}

export async function startLabHaproxy(options: StartLabHaproxyOptions): Promise<LabHaproxy> {
  const runner = options.runner ?? new SystemProcessRunner();
  const dir = await mkdtemp(join(tmpdir(), 'hitless-lb-'));
  // Like Debian's /etc/haproxy: root's, searchable by all. The agent checks a candidate config
  // beside the live one as HAProxy's unprivileged user, who must be able to reach it.
  await chmod(dir, 0o755);
  const configPath = join(dir, 'haproxy.cfg');
  const masterSocket = join(dir, 'master.sock');
  const statsSocket = join(dir, 'stats.sock');
  const pidFile = join(dir, 'haproxy.pid');
  await writeFile(configPath, options.config(dir));

  let master: RunningProcess | undefined;
  if (options.mode === 'master-worker') {
    master = runner.spawn(HAPROXY_BINARY, ['-Ws', '-S', `${masterSocket},mode,600`, '-f', configPath, '-p', pidFile], {
      netns: options.netns,
      stdio: 'pipe',
    });
    const cli = new MasterCli(masterSocket);
    await waitFor('the HAProxy master and its first worker', async () => (await cli.showProc()).workers.length > 0).catch((error) => {
      throw new Error(`${(error as Error).message}: ${master?.output().stderr ?? ''}`);
    });
  } else {
    await runner.run(HAPROXY_BINARY, ['-D', '-p', pidFile, '-f', configPath], { netns: options.netns });
    await waitFor('the HAProxy pid file', async () => (await readPids(pidFile)).length > 0);
  }

  return {
    mode: options.mode,
    dir,
    configPath,
    masterSocket,
    statsSocket,
    pidFile,
    netns: options.netns,
    workerPids: async () => {
      if (options.mode === 'daemon') return readPids(pidFile);
      return (await new MasterCli(masterSocket).showProc()).workers.map((w) => w.pid);
    },
    stop: async () => {
      if (master) await master.stop('SIGTERM', 5000);
      for (const pid of await readPids(pidFile)) killQuietly(pid);
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** Backend servers web1..N on 127.0.0.1 of the given namespace, answering 200. */
export async function startLabBackends(ports: number[], netns?: string, runner: ProcessRunner = new SystemProcessRunner()): Promise<LabHaproxy> {
  return startLabHaproxy({ mode: 'daemon', config: () => backendsConfig(ports), netns, runner });
}

function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
