// A throwaway HAProxy in a temp dir, answering every request itself, for tests
// and measurements of the probe against the real thing.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';
import { closedPort } from './local-servers';

export const HAPROXY_BINARY = '/usr/sbin/haproxy';

export interface HaproxyInstance {
  port: number;
  process: RunningProcess;
  stop(): Promise<void>;
}

function renderConfig(port: number): string {
  return [
    'global',
    // HAProxy raises its FD limit to about 2 × maxconn; the test machines allow 20,000.
    '  maxconn 8000',
    'defaults',
    '  mode http',
    '  timeout connect 2s',
    '  timeout client 10s',
    '  timeout server 10s',
    'frontend probe_test',
    `  bind 127.0.0.1:${port}`,
    '  http-request return status 200 content-type text/plain string ok',
    '',
  ].join('\n');
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

async function waitUntilListening(child: RunningProcess, port: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await canConnect(port))) {
    const exited = await Promise.race([child.exited, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 50))]);
    if (exited !== undefined) throw new Error(`haproxy exited (${exited}): ${child.output().stderr}`);
    if (Date.now() > deadline) throw new Error(`haproxy did not listen on ${port} within 10 s: ${child.output().stderr}`);
  }
}

export async function startHaproxy(): Promise<HaproxyInstance> {
  const dir = await mkdtemp(join(tmpdir(), 'hitless-probe-'));
  const port = await closedPort();
  const config = join(dir, 'haproxy.cfg');
  await writeFile(config, renderConfig(port));
  // -db: stay in the foreground so stop() ends it; no master-worker, this is just a target.
  const child = new SystemProcessRunner().spawn(HAPROXY_BINARY, ['-db', '-f', config], { cwd: dir, stdio: 'pipe' });
  try {
    await waitUntilListening(child, port);
  } catch (error) {
    await child.stop('SIGKILL');
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
  return {
    port,
    process: child,
    stop: async () => {
      await child.stop('SIGTERM', 3000);
      await rm(dir, { recursive: true, force: true });
    },
  };
}
