// The agent process is killed with SIGKILL in the middle of a reload. After a
// restart HAProxy must run one whole config (old or new), serve requests, and
// the interrupted reload's result must reach Postgres exactly once.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { configHash } from '@hitless/haproxy';
import { createLabHost, loadBalancerConfig, startLabBackends, startLabHaproxy, type LabHaproxy, type LabHost } from '@hitless/lab';
import { SystemProcessRunner, type RunningProcess } from '@hitless/process';
import * as wire from '@hitless/proto';
import { outcomeFromWire } from '@hitless/agent-wire';
import { connectAgent } from '../../apps/server/src/agents/agent-client';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { getReloadResult, setBalance, streamReload } from './support/agent-calls';
import { recordDispatch } from './support/dispatch-record';
import { freePort } from '../support/free-port';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

const HOST = 'lb-crash-1';
const ROOT = join(__dirname, '../..');
const BACKEND_PORTS = [9001, 9002];

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('agent killed with SIGKILL during a reload', () => {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  let sql: Sql | undefined;
  let host: LabHost | undefined;
  let backends: LabHaproxy | undefined;
  let lb: LabHaproxy | undefined;
  let agentProcess: RunningProcess | undefined;
  let agent: wire.AgentServiceClient | undefined;
  let dir = '';
  let configFile = '';

  const startAgent = () => {
    agentProcess = new SystemProcessRunner().spawn(process.execPath, ['--import', 'tsx', join(__dirname, 'support/agent-process-main.ts'), configFile], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...(process.env as Record<string, string>), HITLESS_LOG_LEVEL: 'warn' },
    });
  };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hitless-crash-'));
    db = await startTestDatabase();
    server = await startTestServer(db.url);
    sql = createSql(db.url, { max: 2 });
    host = await createLabHost('crash');
    backends = await startLabBackends(BACKEND_PORTS, host.netns);
    lb = await startLabHaproxy({
      mode: 'master-worker',
      netns: host.netns,
      config: (labDir) => loadBalancerConfig({ dir: labDir, frontendPort: 8080, backendPorts: BACKEND_PORTS }),
    });
    const port = await freePort();
    configFile = join(dir, 'agent.json');
    await writeFile(
      configFile,
      JSON.stringify({
        hostName: HOST,
        stateDir: join(dir, 'state'),
        listen: `127.0.0.1:${port}`,
        metricsListen: 'off',
        server: { address: server.address, caFile: server.caFile },
        joinToken: (await server.current.tokens.issue(HOST, 60_000)).token,
        heartbeatSeconds: 1,
        outboxRetrySeconds: 0.2,
        haproxy: { configPath: lb.configPath, masterSocket: lb.masterSocket, netns: host.netns, probeHost: host.address },
      }),
    );
    startAgent();
    agent = connectAgent(`127.0.0.1:${port}`, HOST, server.current.tls);
    await eventually('the agent to enrol and heartbeat', async () => {
      const rows = await sql!`SELECT 1 FROM hosts WHERE name = ${HOST} AND last_heartbeat_at IS NOT NULL`;
      return rows.length ? true : undefined;
    });
  });

  afterAll(async () => {
    agent?.close();
    await agentProcess?.stop('SIGTERM', 10_000);
    await lb?.stop();
    await backends?.stop();
    await host?.destroy();
    await sql?.end({ timeout: 5 });
    await server?.close();
    await db?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('restarts into one whole config and reports the interrupted reload exactly once', async () => {
    const oldHash = configHash(await readFile(lb!.configPath, 'utf8'));
    const request = { ...setBalance('crash-1', HOST, 'leastconn'), probe: { ratePerSecond: 100, client: 0, marginMs: 1000 } };
    await recordDispatch(sql!, 'crash-1', HOST);
    const killed = streamReload(agent!, request, (event) => {
      if (event.phase === 'reload' && agentProcess) void agentProcess.stop('SIGKILL', 0);
    }).then(
      () => 'finished' as const,
      () => 'cut off' as const,
    );
    expect(await killed).toBe('cut off');
    startAgent();

    const stored = await eventually('the interrupted reload in Postgres', async () => {
      const rows = await sql!<{ outcome: string; result: { configHashAfter?: string } }[]>`SELECT outcome, result FROM reload_results WHERE reload_id = 'crash-1'`;
      return rows.length ? rows : undefined;
    });
    expect(stored).toHaveLength(1);
    expect(['rolled-back', 'succeeded']).toContain(stored[0].outcome);

    const liveHash = configHash(await readFile(lb!.configPath, 'utf8'));
    const newHash = configHash((await readFile(lb!.configPath, 'utf8')).replace(/balance \w+/, 'balance leastconn'));
    expect([oldHash, newHash]).toContain(liveHash);
    expect(stored[0].result.configHashAfter).toBe(liveHash);

    const answered = await eventually('the restarted agent', () => getReloadResult(agent!, 'crash-1'));
    expect(outcomeFromWire(answered.outcome)).toBe(stored[0].outcome);
    const response = await fetch(`http://${host!.address}:8080/`);
    expect(response.status).toBe(200);
  });

  it('releases a guard the killed reload had engaged (syn-drop): nothing stays dropped', async () => {
    const runner = new SystemProcessRunner();
    const rules = async () => (await runner.run('iptables-save', [], { netns: host!.netns })).stdout;
    const request = { ...setBalance('crash-2', HOST, 'first'), strategy: wire.Strategy.STRATEGY_SYN_DROP };
    await recordDispatch(sql!, 'crash-2', HOST);
    let engagedWhenKilled = false;
    let killing: Promise<void> | undefined;
    const killed = streamReload(agent!, request, (event) => {
      if (event.phase !== 'reload' || killing) return;
      killing = (async () => {
        engagedWhenKilled = (await rules()).includes('crash-2');
        await agentProcess!.stop('SIGKILL', 0);
      })();
    }).then(
      () => 'finished' as const,
      () => 'cut off' as const,
    );
    expect(await killed).toBe('cut off');
    await killing;
    expect(engagedWhenKilled).toBe(true);
    startAgent();

    await eventually('the interrupted reload in Postgres', async () => {
      const rows = await sql!`SELECT 1 FROM reload_results WHERE reload_id = 'crash-2'`;
      return rows.length === 1 ? true : undefined;
    });
    expect(await rules()).not.toContain('crash-2');
    expect((await fetch(`http://${host!.address}:8080/`)).status).toBe(200);
  });

  it('shuts down cleanly on SIGTERM', async () => {
    const running = agentProcess!;
    await running.stop('SIGTERM', 15_000);
    expect(await running.exited).toBe(0);
  });
});
