// The agent-facing server for a test suite, in this process, on a loopback port,
// with its own state dir; restartable on the same port for outage tests.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@hitless/log';
import { parseServerConfig } from '../../../apps/server/src/config/server-config';
import { composeGateway, type RunningGateway } from '../../../apps/server/src/compose';

export interface TestServer {
  current: RunningGateway;
  address: string;
  stateDir: string;
  /** The CA certificate as a file, as an operator hands it to agents. */
  caFile: string;
  stop(): Promise<void>;
  restart(): Promise<void>;
  close(): Promise<void>;
}

export async function startTestServer(databaseUrl: string): Promise<TestServer> {
  const stateDir = await mkdtemp(join(tmpdir(), 'hitless-server-'));
  const start = (port: number) =>
    composeGateway(parseServerConfig({ listen: `127.0.0.1:${port}`, stateDir, databaseUrl, heartbeatSeconds: 1 }, {}), silentLogger);
  let running: RunningGateway | undefined = await start(0);
  const port = running.port;
  const caFile = join(stateDir, 'ca-for-agents.crt');
  await writeFile(caFile, running.tls.caCertPem);
  const handle: TestServer = {
    current: running,
    address: `127.0.0.1:${port}`,
    stateDir,
    caFile,
    stop: async () => {
      await running?.stop(1000);
      running = undefined;
    },
    restart: async () => {
      running = await start(port);
      handle.current = running;
    },
    close: async () => {
      await running?.stop(1000);
      running = undefined;
      await rm(stateDir, { recursive: true, force: true });
    },
  };
  return handle;
}
