// The REST API's edge: authentication, roles, every bad-input case of issue 5
// answered 400 with the failing fields (409 for conflicts), with nothing stored
// and nothing sent to any agent. Hosts here are registry rows without agents,
// so any dispatch attempt would show up in step_dispatches.
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { apiClient, type ApiClient } from '../support/api-client';
import { createTestTokens, type TestTokens } from '../support/api-tokens';
import { eventually } from '../support/eventually';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

type Fields = { fields: { field: string; message: string }[] };

const goodSpec = (overrides: Record<string, unknown> = {}) => ({
  target: { hosts: ['lb-a1'] },
  changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
  plan: { batchSize: { count: 1 } },
  offlineHosts: 'wait',
  ...overrides,
});

describe('REST API input, authentication and roles', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let tokens: TestTokens;
  let api: ApiClient;

  const counts = async () => {
    const [row] = await sql!<{ rollouts: number; steps: number; windows: number; dispatches: number; results: number }[]>`
      SELECT (SELECT count(*)::int FROM rollouts) AS rollouts, (SELECT count(*)::int FROM rollout_steps) AS steps,
             (SELECT count(*)::int FROM maintenance_windows) AS windows, (SELECT count(*)::int FROM step_dispatches) AS dispatches,
             (SELECT count(*)::int FROM reload_results) AS results`;
    return row;
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'api-1' });
    sql = createSql(db.url, { max: 2 });
    tokens = await createTestTokens(sql);
    api = apiClient(`${server.httpUrl}/api/v1`, tokens.operator);
    // Registry rows as enrolment leaves them; no agent behind them.
    for (const name of ['lb-a1', 'lb-a2']) {
      await sql`INSERT INTO hosts (name, cert_serial, cert_not_after, labels) VALUES (${name}, 'serial', now() + interval '1 day', ${sql.json({ env: 'test' })})`;
    }
  });

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await server?.close();
    await db?.stop();
  });

  it('answers liveness, readiness, metrics and the OpenAPI document without a token', async () => {
    expect((await fetch(`${server!.httpUrl}/healthz`)).status).toBe(200);
    expect((await fetch(`${server!.httpUrl}/readyz`)).status).toBe(200);
    expect(await (await fetch(`${server!.httpUrl}/metrics`)).text()).toMatch(/^# TYPE hitless_server_steps_dispatched_total counter$/m);
    const openapi = (await (await fetch(`${server!.httpUrl}/api/openapi.json`)).json()) as { paths: Record<string, Record<string, { 'x-required-role': string }>> };
    expect(openapi.paths['/api/v1/rollouts'].post['x-required-role']).toBe('operator');
    expect(openapi.paths['/api/v1/api-tokens'].post['x-required-role']).toBe('admin');
  });

  it('refuses a request without a token, or with an unknown one, with 401', async () => {
    const anonymous = apiClient(`${server!.httpUrl}/api/v1`);
    expect((await anonymous.get('/hosts')).status).toBe(401);
    expect((await anonymous.post('/rollouts', { name: 'x', spec: goodSpec() })).status).toBe(401);
    expect((await anonymous.get('/hosts', 'hlt_not-a-token')).status).toBe(401);
    expect(await counts()).toMatchObject({ rollouts: 0, dispatches: 0 });
  });

  it('refuses a role that may not act with 403, and stores nothing', async () => {
    expect((await api.get('/hosts', tokens.viewer)).status).toBe(200);
    expect((await api.post('/rollouts', { name: 'x', spec: goodSpec() }, tokens.viewer)).status).toBe(403);
    expect((await api.post('/api-tokens', { name: 'sneaky', role: 'admin' }, tokens.operator)).status).toBe(403);
    expect((await api.get('/api-tokens', tokens.operator)).status).toBe(403);
    expect((await api.post('/join-tokens', { hostName: 'lb-x' }, tokens.operator)).status).toBe(403);
    expect(await counts()).toMatchObject({ rollouts: 0, dispatches: 0 });
    const [{ n }] = await sql!<{ n: number }[]>`SELECT count(*)::int AS n FROM api_tokens WHERE name = 'sneaky'`;
    expect(n).toBe(0);
  });

  const badRollouts: [string, Record<string, unknown>, string][] = [
    ['an unknown algorithm', { spec: goodSpec({ changes: [{ kind: 'set-balance', backend: 'api', balance: 'fastest' }] }) }, 'spec.changes[0].balance'],
    ['a backend name with a newline', { spec: goodSpec({ changes: [{ kind: 'set-balance', backend: 'api\n', balance: 'leastconn' }] }) }, 'spec.changes[0].backend'],
    ['a backend name with a directive', { spec: goodSpec({ changes: [{ kind: 'set-balance', backend: 'api\n    bind :1', balance: 'leastconn' }] }) }, 'spec.changes[0].backend'],
    ['a balance smuggling a directive', { spec: goodSpec({ changes: [{ kind: 'set-balance', backend: 'api', balance: 'roundrobin\n    bind :1' }] }) }, 'spec.changes[0].balance'],
    ['a rollout name with a newline', { name: 'nightly\nrm', spec: goodSpec() }, 'name'],
    ['a zero batch', { spec: goodSpec({ plan: { batchSize: { count: 0 } } }) }, 'spec.plan.batchSize.count'],
    ['a negative batch', { spec: goodSpec({ plan: { batchSize: { count: -2 } } }) }, 'spec.plan.batchSize.count'],
    ['an empty selector', { spec: goodSpec({ target: {} }) }, 'spec.target'],
    ['a selector matching no host', { spec: goodSpec({ target: { labels: { env: 'nowhere' } } }) }, 'spec.target'],
    ['an unknown window', { spec: goodSpec({ windowId: '00000000-0000-4000-8000-000000000000' }) }, 'spec.windowId'],
  ];

  it.each(badRollouts)('refuses %s with 400 naming the field, storing and sending nothing', async (_case, body, field) => {
    const response = await api.post<Fields>('/rollouts', { name: 'bad', ...body });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((f) => f.field)).toContainEqual(expect.stringMatching(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}`)));
    expect(await counts()).toMatchObject({ rollouts: 0, steps: 0, dispatches: 0, results: 0 });
  });

  const badWindows: [string, Record<string, unknown>, string][] = [
    ['a bad cron expression', { kind: 'recurring', cron: '61 2 * * *', durationMinutes: 120, timeZone: 'Europe/Berlin' }, 'window.cron'],
    ['a cron expression with too few fields', { kind: 'recurring', cron: '0 2 * *', durationMinutes: 120, timeZone: 'Europe/Berlin' }, 'window.cron'],
    ['an unknown time zone', { kind: 'recurring', cron: '0 2 * * 2,4', durationMinutes: 120, timeZone: 'Europe/Atlantis' }, 'window.timeZone'],
  ];

  it.each(badWindows)('refuses a window with %s with 400, storing nothing', async (_case, window, field) => {
    const response = await api.post<Fields>('/windows', { name: 'prod nights', window });
    expect(response.status).toBe(400);
    expect(response.body.fields.map((f) => f.field)).toContainEqual(expect.stringMatching(new RegExp(`^${field.replace(/[.[\]]/g, '\\$&')}`)));
    expect(await counts()).toMatchObject({ windows: 0 });
  });

  it('creates a window and a rollout bound to it, once per idempotency key', async () => {
    const window = await api.post<{ id: string }>('/windows', { name: 'prod nights', window: { kind: 'recurring', cron: '0 2 * * 2,4', durationMinutes: 120, timeZone: 'Europe/Berlin' } });
    expect(window.status).toBe(201);
    const body = { name: 'later', spec: goodSpec({ windowId: window.body.id, scheduledStart: '2099-01-01T00:00:00Z' }) };
    const first = await api.post<{ id: string; state: string }>('/rollouts', body, undefined, { 'idempotency-key': 'create-later-0001' });
    expect(first.status).toBe(201);
    const again = await api.post<{ id: string }>('/rollouts', body, undefined, { 'idempotency-key': 'create-later-0001' });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const reused = await api.post('/rollouts', { ...body, name: 'other' }, undefined, { 'idempotency-key': 'create-later-0001' });
    expect(reused.status).toBe(409);
    expect(await counts()).toMatchObject({ rollouts: 1, steps: 1, dispatches: 0 });
  });

  it('refuses a rollout on a host another rollout holds with 409, storing nothing', async () => {
    const response = await api.post<{ busyHosts: { hostName: string }[] }>('/rollouts', { name: 'second', spec: goodSpec({ target: { labels: { env: 'test' } } }) });
    expect(response.status).toBe(409);
    expect(response.body.busyHosts.map((h) => h.hostName)).toEqual(['lb-a1']);
    expect(await counts()).toMatchObject({ rollouts: 1, steps: 1, dispatches: 0 });
  });

  it('aborts a waiting rollout, then refuses to resume the finished one with 409', async () => {
    const [{ id }] = await sql!<{ id: string }[]>`SELECT id FROM rollouts`;
    expect((await api.post(`/rollouts/${id}/abort`, {})).status).toBe(200);
    const finished = await eventually('the aborted rollout to finish', async () => {
      const detail = await api.get<{ rollout: { state: string } }>(`/rollouts/${id}`);
      return detail.body.rollout.state === 'aborted' ? detail.body : undefined;
    });
    expect(finished.rollout.state).toBe('aborted');
    const resume = await api.post<{ error: string }>(`/rollouts/${id}/resume`, {});
    expect(resume.status).toBe(409);
    expect((await api.post(`/rollouts/${id}/pause`, {})).status).toBe(409);
    expect(await counts()).toMatchObject({ dispatches: 0 });
  });

  it('lists and filters hosts, sets labels, and audits every change with who did it', async () => {
    expect((await api.put('/hosts/lb-a2/labels', { labels: { env: 'prod', region: 'eu' } })).status).toBe(200);
    expect((await api.put('/hosts/lb-a2/labels', { labels: { 'bad key!': 'x' } })).status).toBe(400);
    const prod = await api.get<{ items: { name: string }[] }>('/hosts?label=env=prod');
    expect(prod.body.items.map((h) => h.name)).toEqual(['lb-a2']);
    const page = await api.get<{ items: { name: string }[]; nextCursor: string }>('/hosts?limit=1');
    expect(page.body.items.map((h) => h.name)).toEqual(['lb-a1']);
    const next = await api.get<{ items: { name: string }[] }>(`/hosts?limit=1&cursor=${page.body.nextCursor}`);
    expect(next.body.items.map((h) => h.name)).toEqual(['lb-a2']);
    const offline = await api.get<{ items: { name: string }[] }>('/hosts?online=false');
    expect(offline.body.items).toHaveLength(2);
    const one = await api.get<{ name: string; labels: Record<string, string>; online: boolean; enrolledAt: string }>('/hosts/lb-a2', tokens.viewer);
    expect(one.status).toBe(200);
    expect(one.body).toMatchObject({ name: 'lb-a2', labels: { env: 'prod', region: 'eu' }, online: false });
    expect(Date.parse(one.body.enrolledAt)).not.toBeNaN();
    expect((await api.get('/hosts/lb-none')).status).toBe(404);
    expect((await api.get(`/hosts/${encodeURIComponent('not a host!')}`)).status).toBe(400);
    expect((await api.get('/reloads?host=lb-a1&outcome=succeeded')).status).toBe(200);
    const audit = await sql!<{ actor: string; action: string }[]>`SELECT actor, action FROM audit_log ORDER BY id`;
    expect(audit).toEqual(
      expect.arrayContaining([
        { actor: 'token:test-operator', action: 'window.create' },
        { actor: 'token:test-operator', action: 'rollout.create' },
        { actor: 'token:test-operator', action: 'rollout.abort' },
        { actor: 'token:test-operator', action: 'host.labels.set' },
      ]),
    );
    expect(audit.filter((a) => a.action === 'rollout.create')).toHaveLength(1);
  });

  it('lets an admin create, list and revoke API tokens; a revoked token is refused', async () => {
    const created = await api.post<{ token: string; apiToken: { id: string } }>('/api-tokens', { name: 'ci', role: 'viewer' }, tokens.admin);
    expect(created.status).toBe(201);
    expect((await api.get('/hosts', created.body.token)).status).toBe(200);
    const [{ token_hash }] = await sql!<{ token_hash: string }[]>`SELECT token_hash FROM api_tokens WHERE id = ${created.body.apiToken.id}`;
    expect(token_hash).not.toContain(created.body.token);
    const revoke = await fetch(`${server!.httpUrl}/api/v1/api-tokens/${created.body.apiToken.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${tokens.admin}` } });
    expect(revoke.status).toBe(204);
    expect((await api.get('/hosts', created.body.token)).status).toBe(401);
    const join = await api.post<{ token: string }>('/join-tokens', { hostName: 'lb-new' }, tokens.admin);
    expect(join.status).toBe(201);
    expect((await api.post('/join-tokens', { hostName: 'bad host\n' }, tokens.admin)).status).toBe(400);
  });
});
