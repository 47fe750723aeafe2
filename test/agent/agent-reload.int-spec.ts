// The whole path of a reload: the agent daemon enrols with the server, heartbeats,
// and reloads a real HAProxy in a network namespace with the real engine when the
// server commands it over mTLS gRPC; results land in Postgres exactly once, even
// when the server is away while the reload runs.
import { watch } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { configHash, MAX_CHANGES_PER_RELOAD } from '@hitless/haproxy';
import { createLabHost, loadBalancerConfig, startLabBackends, startLabHaproxy, type LabHaproxy, type LabHost } from '@hitless/lab';
import { silentLogger } from '@hitless/log';
import * as wire from '@hitless/proto';
import { startDaemon, type RunningDaemon } from '../../apps/agent/src/daemon';
import { ensureEnrolled } from '../../apps/agent/src/daemon/enrollment/agent-identity';
import { connectAgent } from '../../apps/server/src/agents/agent-client';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { getInventory, getReloadResult, setBalance, streamReload, validate } from './support/agent-calls';
import { recordDispatch } from './support/dispatch-record';
import { grpcRefusal } from './support/grpc-errors';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

const HOST = 'lb-lab-1';
const FRONTEND_PORT = 8080;
const BACKEND_PORTS = [9001, 9002];

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('agent daemon with the real engine, commanded over mTLS', () => {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  let sql: Sql | undefined;
  let host: LabHost | undefined;
  let backends: LabHaproxy | undefined;
  let lb: LabHaproxy | undefined;
  let daemon: RunningDaemon | undefined;
  let agent: wire.AgentServiceClient | undefined;
  let stateDir = '';

  const rows = (reloadId: string) => sql!<{ outcome: string; deliveries: number }[]>`SELECT outcome, deliveries FROM reload_results WHERE reload_id = ${reloadId}`;
  const liveConfig = () => readFile(lb!.configPath, 'utf8');

  beforeAll(async () => {
    stateDir = await mkdtemp(join(tmpdir(), 'hitless-agent-'));
    db = await startTestDatabase();
    server = await startTestServer(db.url);
    sql = createSql(db.url, { max: 2 });
    host = await createLabHost('agent');
    backends = await startLabBackends(BACKEND_PORTS, host.netns);
    lb = await startLabHaproxy({
      mode: 'master-worker',
      netns: host.netns,
      config: (dir) => loadBalancerConfig({ dir, frontendPort: FRONTEND_PORT, backendPorts: BACKEND_PORTS }),
    });
    const { token } = await server.current.tokens.issue(HOST, 60_000);
    const configFile = join(stateDir, 'agent.json');
    await writeFile(
      configFile,
      JSON.stringify({
        hostName: HOST,
        stateDir: join(stateDir, 'state'),
        listen: '127.0.0.1:0',
        metricsListen: '127.0.0.1:0',
        server: { address: server.address, caFile: server.caFile },
        joinToken: token,
        heartbeatSeconds: 1,
        outboxRetrySeconds: 0.2,
        haproxy: { configPath: lb.configPath, masterSocket: lb.masterSocket, netns: host.netns, probeHost: host.address },
        hooks: { drain: { command: ['/usr/bin/touch', join(stateDir, 'drained')] } },
      }),
    );
    daemon = await startDaemon({ configFile, env: {}, log: silentLogger });
    agent = connectAgent(`127.0.0.1:${daemon.port}`, HOST, server.current.tls);
  });

  afterAll(async () => {
    agent?.close();
    await daemon?.stop(10_000);
    await lb?.stop();
    await backends?.stop();
    await host?.destroy();
    await sql?.end({ timeout: 5 });
    await server?.close();
    await db?.stop();
    if (stateDir) await rm(stateDir, { recursive: true, force: true });
  });

  it('enrols on first start and heartbeats its inventory', async () => {
    const row = await eventually('a heartbeat', async () => {
      const [found] = await sql!<{ haproxy_version: string; haproxy_mode: string; config_hash: string; agent_address: string }[]>`
        SELECT haproxy_version, haproxy_mode, config_hash, agent_address FROM hosts WHERE name = ${HOST} AND last_heartbeat_at IS NOT NULL`;
      return found;
    });
    expect(row.haproxy_version).toMatch(/^2\.6/);
    expect(row.haproxy_mode).toBe('HAPROXY_MODE_MASTER_WORKER');
    expect(row.config_hash).toBe(configHash(await liveConfig()));
    expect(row.agent_address).toBe(`127.0.0.1:${daemon!.port}`);
    expect((await stat(join(stateDir, 'state/tls/agent.key'))).mode & 0o777).toBe(0o600);
  });

  it('answers inventory and validates a change as a dry run, changing nothing and keeping no reload of it', async () => {
    const inventory = await getInventory(agent!);
    expect(inventory?.hostName).toBe(HOST);
    expect(inventory?.strategies.length).toBeGreaterThan(0);
    const workers = await lb!.workerPids();
    const config = await liveConfig();
    const checked = await validate(agent!, setBalance('lab-dry-1', HOST, 'leastconn'));
    expect(checked?.outcome).toBe(wire.Outcome.OUTCOME_VALIDATED);
    expect(checked?.reloadId).toBe('lab-dry-1');
    expect(await liveConfig()).toBe(config);
    expect(await lb!.workerPids()).toEqual(workers);
    expect((await grpcRefusal(getReloadResult(agent!, 'lab-dry-1'))).code).toBe(status.NOT_FOUND);
  });

  it("reports a dispatched dry run's verdict through its outbox, stored once like a reload's result", async () => {
    await recordDispatch(sql!, 'lab-dry-2', HOST);
    const config = await liveConfig();
    const checked = await validate(agent!, setBalance('lab-dry-2', HOST, 'leastconn'));
    expect(checked?.outcome).toBe(wire.Outcome.OUTCOME_VALIDATED);
    expect(await eventually('the stored verdict', async () => (await rows('lab-dry-2'))[0])).toEqual({ outcome: 'validated', deliveries: 1 });
    expect(await liveConfig()).toBe(config);
  });

  it('reloads HAProxy, streams its phases, and the result is stored once in Postgres', async () => {
    const request = { ...setBalance('lab-reload-1', HOST, 'leastconn'), beforeHooks: ['drain'] };
    await recordDispatch(sql!, 'lab-reload-1', HOST);
    const { events, result } = await streamReload(agent!, request);
    expect(result?.outcome).toBe(wire.Outcome.OUTCOME_SUCCEEDED);
    expect(result?.probe?.failed).toBe(0);
    expect(events.map((event) => event.phase)).toEqual(expect.arrayContaining(['hook', 'validate', 'reload']));
    expect(await liveConfig()).toMatch(/balance leastconn/);
    await stat(join(stateDir, 'drained'));
    expect(await eventually('the stored result', async () => (await rows('lab-reload-1'))[0])).toEqual({ outcome: 'succeeded', deliveries: 1 });
    // The server learns the reloaded config's hash: from the report's inventory, or the next 1 s heartbeat
    // (the gateway test checks that a report's inventory alone records it).
    const reloadedHash = configHash(await liveConfig());
    await eventually('the new config hash', async () => ((await sql!`SELECT 1 FROM hosts WHERE name = ${HOST} AND config_hash = ${reloadedHash}`).length ? true : undefined));
  });

  it('answers the same reload id again with the same result, and applies nothing', async () => {
    const workers = await lb!.workerPids();
    const config = await liveConfig();
    const first = await getReloadResult(agent!, 'lab-reload-1');
    const again = await streamReload(agent!, setBalance('lab-reload-1', HOST, 'leastconn'));
    expect(again.result).toEqual(first);
    expect(again.events).toEqual([]);
    expect(await lb!.workerPids()).toEqual(workers);
    expect(await liveConfig()).toBe(config);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await rows('lab-reload-1')).toEqual([{ outcome: 'succeeded', deliveries: 1 }]);
  });

  it('refuses an unknown backend or algorithm with INVALID_ARGUMENT, and nothing changes', async () => {
    const workers = await lb!.workerPids();
    const config = await liveConfig();
    const backend = await grpcRefusal(streamReload(agent!, setBalance('lab-bad-1', HOST, 'roundrobin', 'no-such-backend')));
    expect(backend.code).toBe(status.INVALID_ARGUMENT);
    expect(backend.details).toMatch(/no backend or listen section named 'no-such-backend'/);
    const algorithm = await grpcRefusal(streamReload(agent!, setBalance('lab-bad-2', HOST, 'fastest')));
    expect(algorithm.code).toBe(status.INVALID_ARGUMENT);
    expect(algorithm.details).toMatch(/fastest/);
    const hook = await grpcRefusal(streamReload(agent!, { ...setBalance('lab-bad-3', HOST, 'first'), beforeHooks: ['rm-everything'] }));
    expect(hook.code).toBe(status.INVALID_ARGUMENT);
    const elsewhere = await grpcRefusal(streamReload(agent!, setBalance('lab-bad-4', 'lb-elsewhere', 'first')));
    expect(elsewhere.code).toBe(status.FAILED_PRECONDITION);
    expect(await liveConfig()).toBe(config);
    expect(await lb!.workerPids()).toEqual(workers);
    expect((await grpcRefusal(getReloadResult(agent!, 'lab-bad-1'))).code).toBe(status.NOT_FOUND);
    expect(await sql!`SELECT reload_id FROM reload_results WHERE reload_id LIKE 'lab-bad-%'`).toHaveLength(0);
  });

  // What an operator token could try: make HAProxy open a file, run Lua or read the environment
  // while the agent checks the config. Sent straight to the agent, past the server's own check.
  const fileReads: [string, string, string[]][] = [
    ['a map_ip of /etc/shadow', 'hash', ['src,map_ip(/etc/shadow)']],
    ['a map of /dev/urandom (a read without end)', 'hash', ['map(/dev/urandom)']],
    ['a header mapped through /etc/passwd', 'hash', ['req.hdr(host),map(/etc/passwd)']],
    ['a map_str', 'hash', ['src,map_str(/etc/shadow,x)']],
    ['a map_beg', 'hash', ['req.hdr(host),map_beg(/root/.ssh/id_rsa)']],
    ['a Lua fetch', 'hash', ['lua.anything']],
    ['a Lua converter', 'hash', ['src,lua.exfiltrate']],
    ['env()', 'hash', ['env(HOME)']],
    ['a process-wide variable', 'hash', ['var(proc.secret)']],
    ['a sample fetch inside a header name', 'hash', ['req.hdr(%[env(HOME)])']],
    ['the whole text as the algorithm', 'hash src,map_ip(/etc/shadow)', []],
    ['a header name with %[...]', 'hdr', ['%[env(HOME)]']],
    ['a URL parameter with a path', 'url_param', ['../../etc/passwd']],
  ];

  /** Names of files created or changed beside the live config (where haproxy -c's candidate goes) while `run` runs. */
  async function filesTouchedBy(run: () => Promise<void>): Promise<string[]> {
    const touched: string[] = [];
    const watcher = watch(dirname(lb!.configPath), (_event, name) => touched.push(String(name)));
    try {
      await run();
      await new Promise((resolve) => setTimeout(resolve, 200));
    } finally {
      watcher.close();
    }
    return touched;
  }

  it('sees the candidate a real check writes (so an empty list below means no check ran)', async () => {
    const touched = await filesTouchedBy(async () => {
      expect((await validate(agent!, setBalance('lab-watch-1', HOST, 'leastconn')))?.outcome).toBe(wire.Outcome.OUTCOME_VALIDATED);
    });
    expect(touched).toContainEqual(expect.stringMatching(/lab-watch-1\.dry\.candidate$/));
  });

  it.each(fileReads)('refuses %s with INVALID_ARGUMENT over Reload and Validate, before writing anything or running haproxy -c', async (what, algorithm, args) => {
    const workers = await lb!.workerPids();
    const config = await liveConfig();
    const id = `lab-read-${fileReads.findIndex(([w]) => w === what)}`;
    const touched = await filesTouchedBy(async () => {
      const reload = await grpcRefusal(streamReload(agent!, setBalance(id, HOST, algorithm, 'api', args)));
      const dryRun = await grpcRefusal(validate(agent!, setBalance(`${id}-dry`, HOST, algorithm, 'api', args)));
      for (const refusal of [reload, dryRun]) {
        expect(refusal.code).toBe(status.INVALID_ARGUMENT);
        expect(refusal.details).toMatch(/^changes\[0\]\.balance(\.expression|\.header|\.param|\.algorithm)?: /);
        expect(refusal.details).not.toMatch(/root:|nologin/);
      }
    });
    expect(touched).toEqual([]);
    expect(await liveConfig()).toBe(config);
    expect(await lb!.workerPids()).toEqual(workers);
    expect((await grpcRefusal(getReloadResult(agent!, id))).code).toBe(status.NOT_FOUND);
  });

  it('refuses more changes than one reload applies with INVALID_ARGUMENT', async () => {
    const config = await liveConfig();
    const one = setBalance('lab-many-1', HOST, 'leastconn');
    const request = { ...one, changes: Array.from({ length: MAX_CHANGES_PER_RELOAD + 1 }, () => one.changes[0]) };
    const refusal = await grpcRefusal(streamReload(agent!, request));
    expect(refusal.code).toBe(status.INVALID_ARGUMENT);
    expect(refusal.details).toMatch(/^changes: at most 64 changes/);
    expect(await liveConfig()).toBe(config);
  });

  it('refuses an oversized request, and nothing changes', async () => {
    const config = await liveConfig();
    // This client would send up to 8 MiB; the agent's 1 MiB cap must stop it.
    const big = connectAgent(`127.0.0.1:${daemon!.port}`, HOST, server!.current.tls, 8 * 1024 * 1024);
    try {
      const refusal = await grpcRefusal(streamReload(big, setBalance('lab-big-1', HOST, 'first', 'b'.repeat(2 * 1024 * 1024))));
      expect(refusal.code).toBe(status.RESOURCE_EXHAUSTED);
    } finally {
      big.close();
    }
    expect(await liveConfig()).toBe(config);
  });

  it('rejects a second reload while one runs, naming the one in flight', async () => {
    let started!: () => void;
    const firstEvent = new Promise<void>((resolve) => (started = resolve));
    await recordDispatch(sql!, 'lab-reload-2', HOST);
    const running = streamReload(agent!, setBalance('lab-reload-2', HOST, 'roundrobin'), () => started());
    await firstEvent;
    const refusal = await grpcRefusal(streamReload(agent!, setBalance('lab-reload-3', HOST, 'first')));
    expect(refusal.code).toBe(status.ABORTED);
    expect(refusal.details).toMatch(/lab-reload-2/);
    expect((await running).result?.outcome).toBe(wire.Outcome.OUTCOME_SUCCEEDED);
    expect(await liveConfig()).toMatch(/balance roundrobin/);
  });

  it('refuses a call from an agent certificate: only the server may command agents', async () => {
    const { token } = await server!.current.tokens.issue('lb-other', 60_000);
    const other = await ensureEnrolled({
      hostName: 'lb-other',
      stateDir: join(stateDir, 'other'),
      joinToken: token,
      server: { address: server!.address, serverName: 'hitless-server', caFile: server!.caFile, maxMessageBytes: 1024 * 1024 },
      log: silentLogger,
    });
    const config = await liveConfig();
    const impostor = connectAgent(`127.0.0.1:${daemon!.port}`, HOST, other);
    try {
      const refusal = await grpcRefusal(streamReload(impostor, setBalance('lab-forged-1', HOST, 'first')));
      expect(refusal.code).toBe(status.PERMISSION_DENIED);
    } finally {
      impostor.close();
    }
    expect(await liveConfig()).toBe(config);
  });

  it('keeps the result in the outbox while the server is down, and it arrives later exactly once', async () => {
    await recordDispatch(sql!, 'lab-reload-4', HOST);
    await server!.stop();
    let result;
    try {
      ({ result } = await streamReload(agent!, setBalance('lab-reload-4', HOST, 'leastconn')));
      expect(result?.outcome).toBe(wire.Outcome.OUTCOME_SUCCEEDED);
      expect(await readdir(join(stateDir, 'state/outbox'))).toContain('lab-reload-4.json');
      const metrics = await (await fetch(`http://127.0.0.1:${daemon!.metricsPort}/metrics`)).text();
      expect(metrics).toMatch(/^hitless_agent_outbox_pending 1$/m);
      expect(await rows('lab-reload-4')).toEqual([]);
    } finally {
      await server!.restart();
    }
    expect(await eventually('the late result', async () => (await rows('lab-reload-4'))[0])).toEqual({ outcome: 'succeeded', deliveries: 1 });
    await eventually('an empty outbox', async () => ((await readdir(join(stateDir, 'state/outbox'))).length === 0 ? true : undefined));
  });

  it('sets aside a result the server never dispatched (a reload it did not send), and later results still arrive', async () => {
    // The agent reloads whatever a server-certified caller sends; the gateway takes results only for ids it dispatched.
    const local = await streamReload(agent!, setBalance('lab-undispatched-1', HOST, 'first'));
    expect(local.result?.outcome).toBe(wire.Outcome.OUTCOME_SUCCEEDED);
    await eventually('the refused result set aside', async () =>
      (await readdir(join(stateDir, 'state/outbox-rejected')).catch((): string[] => [])).includes('lab-undispatched-1.json') ? true : undefined,
    );
    await recordDispatch(sql!, 'lab-reload-5', HOST);
    await streamReload(agent!, setBalance('lab-reload-5', HOST, 'leastconn'));
    expect(await eventually('the next result', async () => (await rows('lab-reload-5'))[0])).toEqual({ outcome: 'succeeded', deliveries: 1 });
    expect(await rows('lab-undispatched-1')).toEqual([]);
    await eventually('an empty outbox', async () => ((await readdir(join(stateDir, 'state/outbox'))).length === 0 ? true : undefined));
  });
});
