// The server's edge as an attacker and a careless operator meet it, against a
// real server process logging at debug level: API tokens that expire, unique
// names, the acting token's id in the audit log, last_used_at written at most
// once a minute (the repository the guard uses, its clock injected); floods of wrong API tokens (429
// with Retry-After) and of wrong enrolments (RESOURCE_EXHAUSTED) that neither
// lock out a valid token nor stop a real agent's heartbeats, and reach the
// database no more than the burst allows; CSRs with keys other than P-256 or
// RSA >= 2048 refused; and no token anywhere in a debug-level log.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { status, type ServiceError } from '@grpc/grpc-js';
import { GatewayClient } from '../../apps/agent/src/daemon/gateway/gateway-client';
import { ApiTokensRepository } from '../../apps/server/src/api-tokens/api-tokens.repository';
import { offsetClock } from '../../apps/server/src/clock/clock';
import { JoinTokensRepository } from '../../apps/server/src/enrollment/join-tokens.repository';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { apiClient, type ApiClient } from '../support/api-client';
import { createTestTokens, type TestTokens } from '../support/api-tokens';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { csrWithKey } from '../support/test-certificates';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const BURST = 10;
const HOST = 'auth-h1';
// Postgres flushes a busy backend's table statistics about once a second and an idle one's after 10 s.
const STATS_SETTLE_MS = 11_000;

describe('authentication edge: tokens, floods, enrolment keys, logs', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let fleet: LabFleet | undefined;
  let tokens: TestTokens;
  let api: ApiClient;
  let gateway: GatewayClient;
  let joinTokens: JoinTokensRepository;
  const secrets: string[] = [];

  const tableReads = async (table: string) =>
    (await sql!<{ n: number }[]>`SELECT (coalesce(idx_scan, 0) + coalesce(seq_scan, 0))::int AS n FROM pg_stat_user_tables WHERE relname = ${table}`)[0].n;
  const lastUsed = async (name: string) => (await sql!<{ at: Date | null }[]>`SELECT last_used_at AS at FROM api_tokens WHERE name = ${name}`)[0].at;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const enrollRefusal = async (hostName: string, joinToken: string, csrPem: string): Promise<ServiceError> => {
    try {
      await gateway.enroll({ hostName, joinToken, csrPem });
    } catch (error) {
      return error as ServiceError;
    }
    throw new Error('the enrolment was expected to be refused');
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'auth-1', extra: { logLevel: 'debug', authLimits: { burst: BURST, refillPerMinute: 60 } } });
    sql = createSql(db.url, { max: 2 });
    tokens = await createTestTokens(sql);
    secrets.push(tokens.admin, tokens.operator, tokens.viewer);
    api = apiClient(`${server.httpUrl}/api/v1`, tokens.admin);
    joinTokens = new JoinTokensRepository(sql);
    gateway = new GatewayClient({ address: server.grpcAddress, serverName: 'hitless-server', caCertPem: await readFile(server.caFile, 'utf8'), maxMessageBytes: 1024 * 1024 });
    fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: [HOST] });
  }, 120_000);

  afterAll(async () => {
    gateway?.close();
    await fleet?.close();
    await server?.close();
    await sql?.end({ timeout: 5 });
    await db?.stop();
  });

  it('answers a flood of wrong tokens with 429 and Retry-After, while a valid token works and the agent keeps heartbeating', async () => {
    // The valid token has passed lately, as an operator's would have before the flood began.
    expect((await api.get('/hosts', tokens.viewer)).status).toBe(200);
    await sleep(STATS_SETTLE_MS);
    const readsBefore = await tableReads('api_tokens');
    const floodMs = 4000;
    const started = Date.now();
    const answers: { status: number; retryAfter: string | null; error?: string }[] = [];
    const flooder = async () => {
      while (Date.now() - started < floodMs) {
        const response = await fetch(`${server!.httpUrl}/api/v1/hosts`, { headers: { authorization: `Bearer hlt_${randomBytes(24).toString('base64url')}` } });
        const body = (await response.json()) as { error?: string };
        answers.push({ status: response.status, retryAfter: response.headers.get('retry-after'), error: body.error });
      }
    };
    const validStatuses: number[] = [];
    const heartbeats = new Set<number>();
    const watcher = async () => {
      while (Date.now() - started < floodMs) {
        validStatuses.push((await api.get('/hosts', tokens.viewer)).status);
        const [row] = await sql!<{ at: Date }[]>`SELECT last_heartbeat_at AS at FROM hosts WHERE name = ${HOST}`;
        if (row.at.getTime() >= started) heartbeats.add(row.at.getTime());
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    };
    await Promise.all([watcher(), ...Array.from({ length: 20 }, flooder)]);

    const byStatus = (code: number) => answers.filter((a) => a.status === code);
    expect(answers.length).toBeGreaterThan(300);
    expect(byStatus(401).length + byStatus(429).length).toBe(answers.length);
    // The burst, plus what refills during the flood (one a second).
    expect(byStatus(401).length).toBeLessThanOrEqual(BURST + Math.ceil(floodMs / 1000) + 1);
    expect(byStatus(429).length).toBeGreaterThan(answers.length - BURST - 5);
    for (const refused of byStatus(429)) {
      expect(refused.error).toBe('too_many_requests');
      expect(Number(refused.retryAfter)).toBeGreaterThanOrEqual(1);
    }
    expect(validStatuses.length).toBeGreaterThanOrEqual(3);
    expect(validStatuses.every((code) => code === 200)).toBe(true);
    // A heartbeat a second: at least two recorded (and seen by this sampling) during the four seconds of flood.
    expect(heartbeats.size).toBeGreaterThanOrEqual(2);

    await sleep(STATS_SETTLE_MS);
    // Every wrong token past the burst was refused before any query: the token table was read for
    // the burst, the refills and the valid token's requests, not for the hundreds refused.
    expect((await tableReads('api_tokens')) - readsBefore).toBeLessThanOrEqual(BURST + Math.ceil(floodMs / 1000) + 1 + validStatuses.length + 2);
  }, 60_000);

  it('answers a flood of wrong enrolments with RESOURCE_EXHAUSTED and a retry-after hint, before any query', async () => {
    const readsBefore = await tableReads('join_tokens');
    const csrPem = await csrWithKey('lb-flood', 'P-256');
    const refusals = await Promise.all(Array.from({ length: 60 }, (_, i) => enrollRefusal('lb-flood', `hjt_wrong-${i}`, csrPem)));
    const codes = refusals.map((r) => r.code);
    expect(codes.filter((c) => c === status.UNAUTHENTICATED)).toHaveLength(BURST);
    expect(codes.filter((c) => c === status.RESOURCE_EXHAUSTED)).toHaveLength(60 - BURST);
    const limited = refusals.find((r) => r.code === status.RESOURCE_EXHAUSTED)!;
    expect(limited.details).toMatch(/^too many failed enrolment attempts from 127\.0\.0\.1; retry in \d+ s$/);
    expect(Number(limited.metadata.get('retry-after')[0])).toBeGreaterThanOrEqual(1);
    expect(Number(limited.metadata.get('grpc-retry-pushback-ms')[0])).toBeGreaterThanOrEqual(1000);
    // A valid join token from the same source waits too; once the bucket refills it enrols.
    const { token } = await joinTokens.issue('lb-flood', 60_000);
    expect((await enrollRefusal('lb-flood', token, csrPem)).code).toBe(status.RESOURCE_EXHAUSTED);
    await sleep(1100);
    expect((await gateway.enroll({ hostName: 'lb-flood', joinToken: token, csrPem })).certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);

    // Also long enough for the REST bucket of 127.0.0.1 to refill for the tests after this one.
    await sleep(Math.max(STATS_SETTLE_MS, BURST * 1000 + 1000));
    // Each refused enrolment reads join_tokens twice (consume, then why); the valid one once.
    expect((await tableReads('join_tokens')) - readsBefore).toBeLessThanOrEqual(2 * BURST + 2);
  }, 60_000);

  it('refuses a CSR whose key is not P-256 or RSA >= 2048 with INVALID_ARGUMENT, and the join token stays usable', async () => {
    for (const kind of ['P-384', 'Ed25519', 'RSA-1024'] as const) {
      const { token } = await joinTokens.issue('lb-keys', 60_000);
      const refusal = await enrollRefusal('lb-keys', token, await csrWithKey('lb-keys', kind));
      expect(refusal.code).toBe(status.INVALID_ARGUMENT);
      expect(refusal.details).toMatch(/use ECDSA P-256 or RSA of 2048 to 8192 bits$/);
      expect((await joinTokens.find(token))?.usedAt).toBeNull();
    }
    const { token } = await joinTokens.issue('lb-keys', 60_000);
    const enrolled = await gateway.enroll({ hostName: 'lb-keys', joinToken: token, csrPem: await csrWithKey('lb-keys', 'P-256') });
    expect(enrolled.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
  });

  it('lets a token expire, answering 401 with the reason after expiresAt, and refuses an expiry in the past', async () => {
    const expiresAt = new Date(Date.now() + 2000).toISOString();
    const created = await api.post<{ token: string; apiToken: { id: string; expiresAt: string } }>('/api-tokens', { name: 'expiring', role: 'viewer', expiresAt });
    expect(created.status).toBe(201);
    secrets.push(created.body.token);
    expect(created.body.apiToken.expiresAt).toBe(expiresAt);
    expect((await api.get('/hosts', created.body.token)).status).toBe(200);
    await sleep(Date.parse(expiresAt) - Date.now() + 100);
    const expired = await api.get<{ message: string }>('/hosts', created.body.token);
    expect([expired.status, expired.body.message]).toEqual([401, 'this API token has expired']);
    const past = await api.post<{ fields: { field: string }[] }>('/api-tokens', { name: 'already-over', role: 'viewer', expiresAt: '2020-01-01T00:00:00Z' });
    expect(past.status).toBe(400);
    expect(past.body.fields.map((f) => f.field)).toEqual(['expiresAt']);
  });

  it('refuses a second token of the same name with 409, also once the first is revoked', async () => {
    const first = await api.post<{ token: string; apiToken: { id: string } }>('/api-tokens', { name: 'deploy-bot', role: 'operator' });
    expect(first.status).toBe(201);
    secrets.push(first.body.token);
    expect((await api.post('/api-tokens', { name: 'deploy-bot', role: 'viewer' })).status).toBe(409);
    const revoke = await fetch(`${server!.httpUrl}/api/v1/api-tokens/${first.body.apiToken.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(revoke.status).toBe(204);
    const again = await api.post<{ error: string; message: string }>('/api-tokens', { name: 'deploy-bot', role: 'viewer' });
    expect([again.status, again.body.error]).toEqual([409, 'conflict']);
    expect(again.body.message).toMatch(/an API token named 'deploy-bot' exists already/);
    const [{ n }] = await sql!<{ n: number }[]>`SELECT count(*)::int AS n FROM api_tokens WHERE name = 'deploy-bot'`;
    expect(n).toBe(1);
  });

  it("records the acting token's id in the audit log", async () => {
    const [admin] = await sql!<{ id: string }[]>`SELECT id FROM api_tokens WHERE name = 'test-admin'`;
    const rows = await sql!<{ actor: string; actor_token_id: string | null; action: string }[]>`
      SELECT actor, actor_token_id, action FROM audit_log WHERE action LIKE 'api-token.%' ORDER BY id`;
    expect(rows.length).toBeGreaterThanOrEqual(3);
    for (const row of rows) expect(row).toMatchObject({ actor: 'token:test-admin', actor_token_id: admin.id });
  });

  it('writes last_used_at at most once a minute per token', async () => {
    const created = await api.post<{ token: string }>('/api-tokens', { name: 'busy-script', role: 'viewer' });
    secrets.push(created.body.token);
    expect(await lastUsed('busy-script')).toBeNull();
    // The server's first use writes it; then the repository the guard uses, with the clock moved.
    expect((await api.get('/hosts', created.body.token)).status).toBe(200);
    const first = (await lastUsed('busy-script'))!;
    expect(Math.abs(first.getTime() - Date.now())).toBeLessThan(5000);
    let offsetMs = 0;
    const repository = new ApiTokensRepository(sql!, offsetClock(() => offsetMs));
    const use = async () => expect(await repository.authenticate(created.body.token)).toMatchObject({ ok: true });
    offsetMs = 30_000;
    await use();
    expect((await api.get('/hosts', created.body.token)).status).toBe(200);
    offsetMs = 59_000;
    await use();
    expect(await lastUsed('busy-script')).toEqual(first);
    offsetMs = 61_000;
    await use();
    const later = (await lastUsed('busy-script'))!;
    expect(later.getTime() - first.getTime()).toBeGreaterThanOrEqual(61_000);
    expect(later.getTime() - first.getTime()).toBeLessThan(61_000 + 5000);
    await use();
    expect(await lastUsed('busy-script')).toEqual(later);
  });

  it('keeps every token out of the debug-level log, pino-http request lines included', () => {
    const logText = server!.logs();
    const lines = logText.split('\n').filter(Boolean);
    const requestLines = lines.filter((line) => line.includes('"request completed"'));
    expect(requestLines.length).toBeGreaterThan(100);
    expect(requestLines.some((line) => line.includes('"authorization":"[redacted]"'))).toBe(true);
    for (const secret of secrets) expect(logText).not.toContain(secret);
    // Nor any other API or join token: the flood's, the agents'.
    expect(logText).not.toMatch(/h[lj]t_[A-Za-z0-9_-]{20,}/);
  });
});
