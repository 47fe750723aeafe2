// The whole server (`main.ts run`: gateway, REST API, scheduler) as a process of
// its own, so a test can SIGKILL it mid-rollout and start it again on the same
// ports with the same state dir and database.
import { mkdtemp, rm, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';
import { freePort } from './free-port';

const ROOT = join(__dirname, '../..');

export interface ServerProcessOptions {
  databaseUrl: string;
  replicaName: string;
  /** Shared with another replica: both then use one CA. */
  stateDir?: string;
  extra?: Record<string, unknown>;
  /** Extra node flags before the script (e.g. --cpu-prof for a benchmark's profile). */
  nodeArgs?: string[];
  /** Serve the REST API over HTTPS with a certificate from the server's own CA (caFile is then what clients trust). */
  https?: boolean;
}

export interface ServerProcess {
  grpcAddress: string;
  /** http:// or, with the https option, https:// (trust caFile). */
  httpUrl: string;
  stateDir: string;
  /** The server's CA: agents trust it, and HTTPS clients when the https option is on. */
  caFile: string;
  start(): Promise<void>;
  kill(): Promise<void>;
  stop(): Promise<void>;
  /** Everything the process wrote to stderr (its JSON log), across restarts. */
  logs(): string;
  /** The running server's process id (benchmarks read its CPU time and memory from /proc). */
  pid(): number | undefined;
  close(): Promise<void>;
}

export async function createServerProcess(options: ServerProcessOptions): Promise<ServerProcess> {
  const ownsStateDir = options.stateDir === undefined;
  const stateDir = options.stateDir ?? (await mkdtemp(join(tmpdir(), 'hitless-srv-')));
  const grpcPort = await freePort();
  const httpPort = await freePort();
  const configFile = join(stateDir, `server-${options.replicaName}.json`);
  await writeFile(
    configFile,
    JSON.stringify({
      stateDir,
      databaseUrl: options.databaseUrl,
      listen: `127.0.0.1:${grpcPort}`,
      httpListen: `127.0.0.1:${httpPort}`,
      replicaName: options.replicaName,
      heartbeatSeconds: 1,
      schedulerTickMs: 200,
      leaseTtlMs: 3000,
      logLevel: 'info',
      ...(options.https ? { httpTls: { source: 'ca' } } : {}),
      ...options.extra,
    }),
  );
  const caFile = join(stateDir, 'pki/ca.crt');
  let child: RunningProcess | undefined;
  let logs = '';
  const collect = () => {
    if (child) logs += child.output().stderr;
  };
  const handle: ServerProcess = {
    grpcAddress: `127.0.0.1:${grpcPort}`,
    httpUrl: `${options.https ? 'https' : 'http'}://127.0.0.1:${httpPort}`,
    stateDir,
    caFile,
    start: async () => {
      const started = new SystemProcessRunner().spawn(process.execPath, [...(options.nodeArgs ?? []), '--import', 'tsx', join(ROOT, 'apps/server/src/main.ts'), 'run', '--config', configFile], {
        cwd: ROOT,
        stdio: 'pipe',
        env: { ...(process.env as Record<string, string>), DATABASE_URL: options.databaseUrl },
      });
      child = started;
      const deadline = Date.now() + 60_000;
      while (!started.output().stdout.includes('"httpPort"')) {
        const exited = await Promise.race([started.exited, new Promise((resolve) => setTimeout(() => resolve(undefined), 100))]);
        if (exited !== undefined || Date.now() > deadline) {
          await started.stop('SIGKILL', 5000);
          throw new Error(`server ${options.replicaName} did not start: ${started.output().stderr.slice(-3000)}`);
        }
      }
    },
    kill: async () => {
      await child?.stop('SIGKILL', 5000);
      collect();
      child = undefined;
    },
    stop: async () => {
      await child?.stop('SIGTERM', 15_000);
      collect();
      child = undefined;
    },
    logs: () => logs + (child?.output().stderr ?? ''),
    pid: () => child?.pid,
    close: async () => {
      await handle.stop();
      if (ownsStateDir) await rm(stateDir, { recursive: true, force: true });
    },
  };
  await handle.start();
  // The CA exists once the first start has created it.
  await readFile(caFile);
  return handle;
}
