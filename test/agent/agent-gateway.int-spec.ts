// The server's agent gateway over real TLS sockets with real Postgres: enrollment
// and its refusals, heartbeats, result intake, and each fault an agent or an
// attacker can cause. Every refusal must leave the database as it was.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { silentLogger } from '@hitless/log';
import { CertificateAuthority, createCertificateAuthority, createCsr } from '@hitless/pki';
import * as wire from '@hitless/proto';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { ensureEnrolled, type AgentIdentity } from '../../apps/agent/src/daemon/enrollment/agent-identity';
import { GatewayClient } from '../../apps/agent/src/daemon/gateway/gateway-client';
import { OutboxSender } from '../../apps/agent/src/daemon/outbox/outbox-sender';
import { deliverTo } from '../../apps/agent/src/daemon/outbox/report-delivery';
import { ResultFileStore } from '../../apps/agent/src/daemon/storage/result-file-store';
import { recordDispatch } from './support/dispatch-record';
import { grpcRefusal } from './support/grpc-errors';
import { startTestDatabase, type TestDatabase } from '../support/test-database';
import { startTestServer, type TestServer } from './support/test-server';

const MAX_MESSAGE_BYTES = 1024 * 1024;

function inventory(hostName: string): wire.Inventory {
  return {
    hostName,
    haproxyVersion: '2.6.12',
    haproxyMode: wire.HaproxyMode.HAPROXY_MODE_MASTER_WORKER,
    kernel: '6.18.0',
    strategies: [{ strategy: wire.Strategy.STRATEGY_SEAMLESS, available: true, reason: 'master-worker' }],
    preferredStrategy: wire.Strategy.STRATEGY_SEAMLESS,
    preferredReason: 'best available',
    configHash: 'a'.repeat(64),
    agentVersion: '0.1.0',
    agentAddress: '127.0.0.1:7444',
    reloadInFlight: '',
  };
}

function result(reloadId: string, hostName: string): wire.ReloadResult {
  return wire.ReloadResult.fromPartial({
    reloadId,
    hostName,
    outcome: wire.Outcome.OUTCOME_SUCCEEDED,
    strategy: wire.Strategy.STRATEGY_SEAMLESS,
    summary: ['backend api: balance roundrobin -> leastconn (line 12)'],
    probe: { requests: 100, failed: 0, errors: {}, p50Ms: 1, p99Ms: 2, maxMs: 3, durationMs: 900 },
    startedAt: '2026-11-25T12:00:00.000Z',
    finishedAt: '2026-11-25T12:00:01.000Z',
  });
}

describe('agent gateway (mTLS gRPC + Postgres)', () => {
  let db: TestDatabase | undefined;
  let server: TestServer | undefined;
  let sql: Sql | undefined;
  let workDir: string;
  const clients: GatewayClient[] = [];

  const target = (maxMessageBytes = MAX_MESSAGE_BYTES) => ({
    address: server!.address,
    serverName: 'hitless-server',
    caCertPem: server!.current.tls.caCertPem,
    maxMessageBytes,
  });
  const client = (identity?: AgentIdentity | { keyPem: string; certPem: string }, maxMessageBytes?: number) => {
    const created = new GatewayClient(target(maxMessageBytes), identity);
    clients.push(created);
    return created;
  };
  const enroll = (hostName: string, joinToken: string) =>
    ensureEnrolled({
      hostName,
      stateDir: join(workDir, `${hostName}-${Math.random().toString(36).slice(2)}`),
      joinToken,
      server: { address: server!.address, serverName: 'hitless-server', caFile: server!.caFile, maxMessageBytes: MAX_MESSAGE_BYTES },
      log: silentLogger,
    });
  const hostRows = (name: string) => sql!<{ cert_serial: string; last_heartbeat_at: Date | null }[]>`SELECT cert_serial, last_heartbeat_at FROM hosts WHERE name = ${name}`;
  const resultRows = (reloadId: string) => sql!<{ host_name: string; deliveries: number }[]>`SELECT host_name, deliveries FROM reload_results WHERE reload_id = ${reloadId}`;
  const wholeHostRow = (name: string) => sql!`SELECT * FROM hosts WHERE name = ${name}`;
  const rowCounts = () => sql!`SELECT (SELECT count(*)::int FROM hosts) AS hosts, (SELECT count(*)::int FROM reload_results) AS results`;
  const dispatched = (reloadId: string, ...hostNames: string[]) => recordDispatch(sql!, reloadId, ...hostNames);
  const tokenUsed = async (token: string) => (await server!.current.tokens.find(token))?.usedAt !== null;

  beforeAll(async () => {
    workDir = await mkdtemp(join(tmpdir(), 'hitless-gateway-test-'));
    db = await startTestDatabase();
    server = await startTestServer(db.url);
    sql = createSql(db.url, { max: 2 });
  });

  afterAll(async () => {
    clients.forEach((each) => each.close());
    await sql?.end({ timeout: 5 });
    await server?.close();
    await db?.stop();
    await rm(workDir, { recursive: true, force: true });
  });

  it('enrolls with a join token, heartbeats, and stores a result exactly once however often it is sent', async () => {
    const { token } = await server!.current.tokens.issue('lb-1', 60_000);
    const identity = await enroll('lb-1', token);
    const agent = client(identity);

    const beat = await agent.heartbeat({ inventory: inventory('lb-1') });
    expect(beat.nextHeartbeatSeconds).toBe(1);
    const [host] = await hostRows('lb-1');
    expect(host.last_heartbeat_at).not.toBeNull();

    await dispatched('reload-1', 'lb-1');
    const first = await agent.reportResult({ result: result('reload-1', 'lb-1') });
    const again = await agent.reportResult({ result: result('reload-1', 'lb-1') });
    expect([first.duplicate, again.duplicate]).toEqual([false, true]);
    expect(await resultRows('reload-1')).toEqual([{ host_name: 'lb-1', deliveries: 2 }]);
  });

  it('keeps the agent key private on disk', async () => {
    const { token } = await server!.current.tokens.issue('lb-key', 60_000);
    const stateDir = join(workDir, 'key-check');
    await ensureEnrolled({
      hostName: 'lb-key',
      stateDir,
      joinToken: token,
      server: { address: server!.address, serverName: 'hitless-server', caFile: server!.caFile, maxMessageBytes: MAX_MESSAGE_BYTES },
      log: silentLogger,
    });
    expect((await stat(join(stateDir, 'tls/agent.key'))).mode & 0o777).toBe(0o600);
  });

  it('refuses an expired join token, and nothing changes', async () => {
    const { token } = await server!.current.tokens.issue('lb-expired', 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const refusal = await grpcRefusal(enroll('lb-expired', token));
    expect(refusal).toEqual({ code: status.UNAUTHENTICATED, details: 'join token expired' });
    expect(await hostRows('lb-expired')).toEqual([]);
    expect(await tokenUsed(token)).toBe(false);
  });

  it('refuses a join token used once already, and the first certificate stays the current one', async () => {
    const { token } = await server!.current.tokens.issue('lb-reused', 60_000);
    await enroll('lb-reused', token);
    const before = await hostRows('lb-reused');
    const refusal = await grpcRefusal(enroll('lb-reused', token));
    expect(refusal).toEqual({ code: status.UNAUTHENTICATED, details: 'join token already used' });
    expect(await hostRows('lb-reused')).toEqual(before);
  });

  it('refuses a join token bound to another host name, and the token stays usable by its host', async () => {
    const { token } = await server!.current.tokens.issue('lb-owner', 60_000);
    const refusal = await grpcRefusal(enroll('lb-thief', token));
    expect(refusal).toEqual({ code: status.PERMISSION_DENIED, details: 'join token was issued for another host name' });
    expect(await hostRows('lb-thief')).toEqual([]);
    expect(await tokenUsed(token)).toBe(false);
    await enroll('lb-owner', token);
    expect(await hostRows('lb-owner')).toHaveLength(1);
  });

  it("refuses to enrol a host under the server's own name, which agents trust as the server", async () => {
    const { token } = await server!.current.tokens.issue('hitless-server', 60_000);
    const refusal = await grpcRefusal(enroll('hitless-server', token));
    expect(refusal.code).toBe(status.INVALID_ARGUMENT);
    expect(await hostRows('hitless-server')).toEqual([]);
    expect(await tokenUsed(token)).toBe(false);
  });

  it('refuses a client certificate from another CA, for every method but Enroll', async () => {
    const foreignCa = await CertificateAuthority.load(await createCertificateAuthority('Not Hitless'));
    const { csrPem, keyPem } = await createCsr('lb-1');
    const foreign = await foreignCa.signCsr(csrPem, { name: 'lb-1', role: 'agent' });
    const impostor = client({ keyPem, certPem: foreign.certPem });
    const before = await hostRows('lb-1');

    // TLS verifies the chain (grpc-js hands over only verified peer certificates), and the
    // guard checks it again; either way the caller is unauthenticated.
    expect(await grpcRefusal(impostor.heartbeat({ inventory: inventory('lb-1') }))).toEqual({
      code: status.UNAUTHENTICATED,
      details: 'no client certificate issued by this CA',
    });
    expect((await grpcRefusal(impostor.reportResult({ result: result('forged-1', 'lb-1') }))).code).toBe(status.UNAUTHENTICATED);
    expect(await hostRows('lb-1')).toEqual(before);
    expect(await resultRows('forged-1')).toEqual([]);
  });

  it('refuses a valid agent reporting or heartbeating for another host', async () => {
    const a = await enroll('lb-a', (await server!.current.tokens.issue('lb-a', 60_000)).token);
    await enroll('lb-b', (await server!.current.tokens.issue('lb-b', 60_000)).token);
    const agentA = client(a);
    const before = await hostRows('lb-b');

    const report = await grpcRefusal(agentA.reportResult({ result: result('other-1', 'lb-b') }));
    expect(report).toEqual({ code: status.PERMISSION_DENIED, details: "certificate of 'lb-a' may not send a result for 'lb-b'" });
    const beat = await grpcRefusal(agentA.heartbeat({ inventory: inventory('lb-b') }));
    expect(beat.code).toBe(status.PERMISSION_DENIED);
    expect(await resultRows('other-1')).toEqual([]);
    expect(await hostRows('lb-b')).toEqual(before);
  });

  it('records the inventory a report carries as the host\'s heartbeat, with the result', async () => {
    const identity = await enroll('lb-inv', (await server!.current.tokens.issue('lb-inv', 60_000)).token);
    const agent = client(identity);
    await agent.heartbeat({ inventory: inventory('lb-inv') });
    const [before] = await sql!<{ last_heartbeat_at: Date }[]>`SELECT last_heartbeat_at FROM hosts WHERE name = 'lb-inv'`;

    const reloaded = { ...inventory('lb-inv'), configHash: 'b'.repeat(64) };
    await dispatched('inv-1', 'lb-inv');
    expect((await agent.reportResult({ result: result('inv-1', 'lb-inv'), inventory: reloaded })).duplicate).toBe(false);
    const [after] = await sql!<{ config_hash: string; last_heartbeat_at: Date; inventory: { configHash: string } }[]>`
      SELECT config_hash, last_heartbeat_at, inventory FROM hosts WHERE name = 'lb-inv'`;
    expect(after.config_hash).toBe('b'.repeat(64));
    expect(after.inventory.configHash).toBe('b'.repeat(64));
    expect(after.last_heartbeat_at.getTime()).toBeGreaterThan(before.last_heartbeat_at.getTime());
    expect(await resultRows('inv-1')).toEqual([{ host_name: 'lb-inv', deliveries: 1 }]);
  });

  it('refuses a report whose inventory speaks for another host, and stores neither', async () => {
    const g = await enroll('lb-g', (await server!.current.tokens.issue('lb-g', 60_000)).token);
    await enroll('lb-h', (await server!.current.tokens.issue('lb-h', 60_000)).token);
    const agentG = client(g);
    await agentG.heartbeat({ inventory: inventory('lb-g') });
    const hostsGH = () => sql!`SELECT name, cert_serial, config_hash, last_heartbeat_at, inventory FROM hosts WHERE name IN ('lb-g', 'lb-h') ORDER BY name`;
    const before = await hostsGH();

    const refusal = await grpcRefusal(agentG.reportResult({ result: result('inv-other-1', 'lb-g'), inventory: { ...inventory('lb-h'), configHash: 'f'.repeat(64) } }));
    expect(refusal).toEqual({ code: status.PERMISSION_DENIED, details: "certificate of 'lb-g' may not send an inventory for 'lb-h'" });
    expect(await resultRows('inv-other-1')).toEqual([]);
    expect(await hostsGH()).toEqual(before);
  });

  it('refuses a reload id another host already reported, were it ever sent to two hosts', async () => {
    const c = await enroll('lb-c', (await server!.current.tokens.issue('lb-c', 60_000)).token);
    const d = await enroll('lb-d', (await server!.current.tokens.issue('lb-d', 60_000)).token);
    // The scheduler derives ids from the host name and never sends one to two hosts; if it did, the first report stands.
    await dispatched('shared-1', 'lb-c', 'lb-d');
    await client(c).reportResult({ result: result('shared-1', 'lb-c') });
    const refusal = await grpcRefusal(client(d).reportResult({ result: result('shared-1', 'lb-d') }));
    expect(refusal.code).toBe(status.ALREADY_EXISTS);
    expect(await resultRows('shared-1')).toEqual([{ host_name: 'lb-c', deliveries: 1 }]);
  });

  it('refuses results and heartbeats signed by a host certificate that a re-enrolment replaced, and stores nothing', async () => {
    const old = await enroll('lb-r', (await server!.current.tokens.issue('lb-r', 60_000)).token);
    const replaced = client(old);
    await replaced.heartbeat({ inventory: inventory('lb-r') });
    const [{ cert_serial: oldSerial }] = await hostRows('lb-r');
    const renewed = await enroll('lb-r', (await server!.current.tokens.issue('lb-r', 60_000)).token);
    await dispatched('replaced-1', 'lb-r');
    const before = await hostRows('lb-r');
    expect(before[0].cert_serial).not.toBe(oldSerial);

    const report = await grpcRefusal(replaced.reportResult({ result: result('replaced-1', 'lb-r') }));
    expect(report).toEqual({ code: status.UNAUTHENTICATED, details: `certificate ${oldSerial} is not the current one of 'lb-r'` });
    expect((await grpcRefusal(replaced.heartbeat({ inventory: inventory('lb-r') }))).code).toBe(status.UNAUTHENTICATED);
    expect(await resultRows('replaced-1')).toEqual([]);
    expect(await hostRows('lb-r')).toEqual(before);
    // The current certificate still reports.
    expect((await client(renewed).reportResult({ result: result('replaced-1', 'lb-r') })).duplicate).toBe(false);
  });

  it('refuses an oversized message, and stores nothing', async () => {
    const e = await enroll('lb-e', (await server!.current.tokens.issue('lb-e', 60_000)).token);
    // This client would send up to 8 MiB; the server's 1 MiB cap must stop it.
    const big = client(e, 8 * MAX_MESSAGE_BYTES);
    const huge = { ...result('huge-1', 'lb-e'), summary: ['x'.repeat(2 * MAX_MESSAGE_BYTES)] };
    const refusal = await grpcRefusal(big.reportResult({ result: huge }));
    expect(refusal.code).toBe(status.RESOURCE_EXHAUSTED);
    expect(await resultRows('huge-1')).toEqual([]);
  });

  it('keeps a result in the outbox while the server is down, and stores it exactly once when it is back', async () => {
    const f = await enroll('lb-f', (await server!.current.tokens.issue('lb-f', 60_000)).token);
    const outbox = await new ResultFileStore(join(workDir, 'outbox-f')).init();
    const agent = client(f);
    const sender = new OutboxSender(outbox, async (r) => void (await agent.reportResult({ result: r })), 100, silentLogger);
    await dispatched('late-1', 'lb-f');
    await server!.stop();
    try {
      await outbox.put(result('late-1', 'lb-f'));
      sender.start();
      const deadline = Date.now() + 10_000;
      while (sender.failures < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(sender.failures).toBeGreaterThanOrEqual(2);
      expect(await sender.pending()).toBe(1);
      expect(await resultRows('late-1')).toEqual([]);
    } finally {
      await server!.restart();
    }
    const deadline = Date.now() + 20_000;
    while ((await sender.pending()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    await sender.stop();
    expect(await resultRows('late-1')).toEqual([{ host_name: 'lb-f', deliveries: 1 }]);
  });

  it('refuses a heartbeat or report whose agent address is anything but host:port, and stores nothing', async () => {
    const agent = client(await enroll('lb-addr', (await server!.current.tokens.issue('lb-addr', 60_000)).token));
    await agent.heartbeat({ inventory: inventory('lb-addr') });
    await dispatched('addr-1', 'lb-addr');
    const before = await wholeHostRow('lb-addr');
    const counts = await rowCounts();
    const bad = [
      'unix:/run/x.sock:1',
      'unix:1',
      'dns:evil:443',
      'ipv4:127.0.0.1:1',
      'http://a:1',
      'a:0',
      'a:65536',
      '[::1',
      '[fe80::1%eth0]:1',
      `${'a'.repeat(4096)}:1`,
      'a\u0000b:1',
      'a:1/x',
    ];
    for (const agentAddress of bad) {
      const beat = await grpcRefusal(agent.heartbeat({ inventory: { ...inventory('lb-addr'), agentAddress } }));
      expect({ agentAddress, ...beat }).toEqual({ agentAddress, code: status.INVALID_ARGUMENT, details: expect.stringMatching(/^inventory\.agent_address: must be host:port/) });
      const report = await grpcRefusal(agent.reportResult({ result: result('addr-1', 'lb-addr'), inventory: { ...inventory('lb-addr'), agentAddress } }));
      expect({ agentAddress, code: report.code }).toEqual({ agentAddress, code: status.INVALID_ARGUMENT });
    }
    expect(await wholeHostRow('lb-addr')).toEqual(before);
    expect(await rowCounts()).toEqual(counts);
    expect(await resultRows('addr-1')).toEqual([]);
    // IP literals of both families and DNS names pass.
    for (const agentAddress of ['10.1.2.3:7444', '[2001:db8::7]:7444', 'lb-addr.eu.example.net:7444']) {
      await agent.heartbeat({ inventory: { ...inventory('lb-addr'), agentAddress } });
      expect((await sql!`SELECT agent_address FROM hosts WHERE name = 'lb-addr'`)[0].agent_address).toBe(agentAddress);
    }
  });

  it('refuses an oversized or odd inventory, in a heartbeat or with a report, and stores nothing', async () => {
    const agent = client(await enroll('lb-inv-limits', (await server!.current.tokens.issue('lb-inv-limits', 60_000)).token));
    await agent.heartbeat({ inventory: inventory('lb-inv-limits') });
    await dispatched('limits-1', 'lb-inv-limits');
    const before = await wholeHostRow('lb-inv-limits');
    const counts = await rowCounts();
    const base = inventory('lb-inv-limits');
    const odd: [string, Partial<wire.Inventory>][] = [
      ['inventory.kernel', { kernel: 'k'.repeat(4096) }],
      ['inventory.kernel', { kernel: '6.1\u0000' }],
      ['inventory.haproxy_version', { haproxyVersion: '2.6\n  lua-load /tmp/x' }],
      ['inventory.agent_version', { agentVersion: '0.1.0 %{env(HOME)}' }],
      ['inventory.config_hash', { configHash: 'x'.repeat(100_000) }],
      ['inventory.reload_in_flight', { reloadInFlight: '../../etc/passwd' }],
      ['inventory.preferred_reason', { preferredReason: 'r'.repeat(10_000) }],
      ['inventory.preferred_reason', { preferredReason: 'ok\u2028forged log line' }],
      ['inventory.strategies[0].reason', { strategies: [{ strategy: wire.Strategy.STRATEGY_SEAMLESS, available: true, reason: '\u001b[2Jcleared' }] }],
      ['inventory.strategies', { strategies: Array.from({ length: 5000 }, () => ({ strategy: wire.Strategy.STRATEGY_NAIVE, available: true, reason: 'x' })) }],
    ];
    for (const [field, over] of odd) {
      const beat = await grpcRefusal(agent.heartbeat({ inventory: { ...base, ...over } }));
      expect({ field, code: beat.code, at: beat.details.split(':')[0] }).toEqual({ field, code: status.INVALID_ARGUMENT, at: field });
      const report = await grpcRefusal(agent.reportResult({ result: result('limits-1', 'lb-inv-limits'), inventory: { ...base, ...over } }));
      expect({ field, code: report.code }).toEqual({ field, code: status.INVALID_ARGUMENT });
    }
    expect(await wholeHostRow('lb-inv-limits')).toEqual(before);
    expect(await rowCounts()).toEqual(counts);
  });

  it('refuses a result for a reload id never dispatched, or dispatched to another host, and stores nothing', async () => {
    const k = client(await enroll('lb-k', (await server!.current.tokens.issue('lb-k', 60_000)).token));
    const m = client(await enroll('lb-m', (await server!.current.tokens.issue('lb-m', 60_000)).token));
    await k.heartbeat({ inventory: inventory('lb-k') });
    await dispatched('for-m-1', 'lb-m');
    const hostK = await wholeHostRow('lb-k');
    const counts = await rowCounts();

    expect(await grpcRefusal(k.reportResult({ result: result('never-sent-1', 'lb-k') }))).toEqual({
      code: status.PERMISSION_DENIED,
      details: "reload id 'never-sent-1' was not dispatched to 'lb-k'",
    });
    expect(await grpcRefusal(k.reportResult({ result: result('for-m-1', 'lb-k'), inventory: { ...inventory('lb-k'), configHash: 'c'.repeat(64) } }))).toEqual({
      code: status.PERMISSION_DENIED,
      details: "reload id 'for-m-1' was not dispatched to 'lb-k'",
    });
    expect(await rowCounts()).toEqual(counts);
    // Not even the inventory the refused report carried was recorded.
    expect(await wholeHostRow('lb-k')).toEqual(hostK);
    // The id stays its own host's to report.
    expect((await m.reportResult({ result: result('for-m-1', 'lb-m') })).duplicate).toBe(false);
    expect(await resultRows('for-m-1')).toEqual([{ host_name: 'lb-m', deliveries: 1 }]);
  });

  it("sets a refused result aside in the agent's outbox, without retrying it, and delivers the ones behind it", async () => {
    const n = await enroll('lb-n', (await server!.current.tokens.issue('lb-n', 60_000)).token);
    const agent = client(n);
    const outbox = await new ResultFileStore(join(workDir, 'outbox-n')).init();
    const setAside = await new ResultFileStore(join(workDir, 'outbox-n-rejected')).init();
    await dispatched('n-2-sent', 'lb-n');
    // Oldest first: the refused one is in front.
    await outbox.put(result('n-1-local-run', 'lb-n'));
    await outbox.put(result('n-2-sent', 'lb-n'));
    const sender = new OutboxSender(outbox, deliverTo(agent, async () => inventory('lb-n'), silentLogger), 100, silentLogger, setAside);
    sender.start();
    const deadline = Date.now() + 10_000;
    while ((await sender.pending()) > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    await sender.stop();
    expect({ delivered: sender.delivered, setAside: sender.setAsideCount, failures: sender.failures }).toEqual({ delivered: 1, setAside: 1, failures: 0 });
    expect((await setAside.list()).map((r) => r.reloadId)).toEqual(['n-1-local-run']);
    expect(await resultRows('n-1-local-run')).toEqual([]);
    expect(await resultRows('n-2-sent')).toEqual([{ host_name: 'lb-n', deliveries: 1 }]);
  });

  it('refuses a result whose text the database could not store, and stores nothing', async () => {
    const agent = client(await enroll('lb-nul', (await server!.current.tokens.issue('lb-nul', 60_000)).token));
    await dispatched('nul-1', 'lb-nul');
    const counts = await rowCounts();
    const refusal = await grpcRefusal(agent.reportResult({ result: { ...result('nul-1', 'lb-nul'), summary: ['backend api: balance \u0000'] } }));
    expect(refusal.code).toBe(status.INVALID_ARGUMENT);
    expect(await rowCounts()).toEqual(counts);
  });
});
