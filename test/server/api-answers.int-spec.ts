// Issue 13: the answers are what the API contract says. Every operation of the
// route table (@hitless/api-contract) is called for real against a server with
// a lab fleet of two hosts (real agents, real HAProxy, a real rollout), and the
// tests' client checks each answer against the table's schema for its status
// (test/support/api-answer-check.ts): an undocumented status, a missing or
// extra field, or a wrong type fails here. At the end every operation must have
// answered with success at least once, so a new route without a call here fails too.
import { API_ROUTES, isTerminal, type ApiClient, type OperationId, type RouteSpec } from '@hitless/api-contract';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { checkedAnswers } from '../support/api-answer-check';
import { apiClient } from '../support/api-client';
import { createTestTokens, type TestTokens } from '../support/api-tokens';
import { eventually } from '../support/eventually';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const HOSTS = ['lb-c1', 'lb-c2'];
const SUCCESS = new Set(['200', '201', '204', '302']);

describe('every operation answers as the API contract documents', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let fleet: LabFleet | undefined;
  let tokens: TestTokens;
  let admin: ApiClient;
  let operator: ApiClient;
  let viewer: ApiClient;
  let anonymous: ApiClient;

  const finished = (id: string) =>
    eventually(`rollout ${id} to finish`, async () => {
      const detail = await viewer.call('getRollout', { params: { id } });
      return isTerminal(detail.rollout.state) ? detail : undefined;
    }, 90_000, 250);

  beforeAll(async () => {
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'contract' });
    sql = createSql(db.url, { max: 2 });
    tokens = await createTestTokens(sql);
    admin = apiClient(server.httpUrl, tokens.admin).typed;
    operator = apiClient(server.httpUrl, tokens.operator).typed;
    viewer = apiClient(server.httpUrl, tokens.viewer).typed;
    anonymous = apiClient(server.httpUrl).typed;
    fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: HOSTS, labels: { env: 'contract' } });
  });

  afterAll(async () => {
    await fleet?.close();
    await sql?.end({ timeout: 5 });
    await server?.close();
    await db?.stop();
  });

  it('answers the public routes as documented', async () => {
    expect(await anonymous.call('healthz', {})).toEqual({ status: 'ok' });
    expect(await anonymous.call('readyz', {})).toEqual({ status: 'ready' });
    expect(await anonymous.call('metrics', {})).toMatch(/^# HELP /m);
    expect(Object.keys(await anonymous.call('openapi', {}))).toEqual(expect.arrayContaining(['openapi', 'paths']));
    expect((await anonymous.answer('root', {})).status).toBe(302);
    expect(await anonymous.call('dashboardPage', {})).toMatch(/<html/i);
    expect((await anonymous.call('dashboardScript', {})).length).toBeGreaterThan(1000);
    expect(await anonymous.call('dashboardStyle', {})).toContain('{');
  });

  it('answers hosts, labels, tokens and windows as documented', async () => {
    expect(await viewer.call('whoami', {})).toEqual({ name: 'test-viewer', role: 'viewer' });
    const online = await eventually('both hosts online with inventory', async () => {
      const page = await viewer.call('listHosts', { query: { label: 'env=contract', online: 'true' } });
      return page.items.length === HOSTS.length && page.items.every((h) => h.haproxyVersion !== null) ? page : undefined;
    }, 30_000, 200);
    expect(online.items.map((h) => h.name)).toEqual(HOSTS);
    const host = await viewer.call('getHost', { params: { name: HOSTS[0] } });
    expect(host.inventory?.strategies?.length).toBeGreaterThan(0);
    expect(await operator.call('setHostLabels', { params: { name: HOSTS[0] }, body: { labels: { env: 'contract', rack: 'r1' } } })).toEqual({ name: HOSTS[0], labels: { env: 'contract', rack: 'r1' } });

    const created = await admin.call('createApiToken', { body: { name: 'contract-ci', role: 'viewer', expiresAt: new Date(Date.now() + 86_400_000).toISOString() } });
    expect((await admin.call('listApiTokens', {})).items.map((t) => t.id)).toContain(created.apiToken.id);
    expect(await admin.call('revokeApiToken', { params: { id: created.apiToken.id } })).toBeUndefined();
    expect((await admin.call('createJoinToken', { body: { hostName: 'lb-c9' } })).hostName).toBe('lb-c9');

    const window = await operator.call('createWindow', { body: { name: 'contract nights', window: { kind: 'recurring', cron: '0 2 * * *', durationMinutes: 60, timeZone: 'Europe/Berlin' } } });
    expect((await viewer.call('listWindows', {})).items.map((w) => w.id)).toContain(window.id);
    const calendar = await viewer.call('getWindowCalendar', { query: { days: 3 } });
    expect(calendar.windows.find((w) => w.id === window.id)?.periods.length).toBeGreaterThan(0);
    expect(await operator.call('deleteWindow', { params: { id: window.id } })).toBeUndefined();
  });

  it('answers a real rollout, its steps, the history and the overview as documented', async () => {
    const body = {
      name: 'contract to leastconn',
      spec: { target: { labels: { env: 'contract' } }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }], plan: { batchSize: { count: 1 } }, gates: { agentDeadlineSeconds: 60 } },
    };
    const first = await operator.answer('createRollout', { body, headers: { 'Idempotency-Key': 'contract-rollout-1' } });
    expect(first.status).toBe(201);
    const again = await operator.answer('createRollout', { body, headers: { 'Idempotency-Key': 'contract-rollout-1' } });
    expect([again.status, again.body.id]).toEqual([200, first.body.id]);
    const detail = await finished(first.body.id);
    expect(detail.rollout.state).toBe('succeeded');
    expect(detail.steps.map((s) => s.reloadResult?.probe?.requests ?? 0).every((n) => n > 0)).toBe(true);
    // What each host's reload changed, as the agent's typed record (the lab's `balance roundrobin` line replaced).
    const record = { backend: 'api', field: 'balance', before: { value: 'roundrobin', origin: 'explicit' }, after: { value: 'leastconn', origin: 'explicit' }, edit: 'replaced' };
    expect(detail.steps.map((s) => s.appliedChanges)).toEqual(HOSTS.map(() => [expect.objectContaining(record)]));
    for (const client of [viewer, operator]) {
      const step = await client.call('getRolloutStep', { params: { id: first.body.id, host: HOSTS[1] } });
      expect(step.reloadResult?.summary?.length).toBeGreaterThan(0);
      expect(step.step.appliedChanges).toEqual(detail.steps.find((s) => s.hostName === HOSTS[1])?.appliedChanges);
      expect(step.reloadResult?.changes?.map((c) => [c.backend, c.field, c.before?.value, c.after?.value])).toEqual([['api', 'CHANGED_FIELD_BALANCE', 'roundrobin', 'leastconn']]);
    }
    expect((await viewer.call('listRollouts', { query: { state: 'succeeded' } })).items.map((r) => r.id)).toContain(first.body.id);
    const reloads = await viewer.call('listReloads', { query: { host: HOSTS[0], limit: 10 } });
    expect(reloads.items.length).toBeGreaterThan(0);
    const overview = await viewer.call('getOverview', { query: { hours: 1 } });
    expect(overview.hosts.total).toBe(HOSTS.length);
  });

  it('answers pause, resume and abort as documented, and their refusals too', async () => {
    // A window far ahead keeps the rollout waiting, so each command finds it in a state that allows it.
    const window = await operator.call('createWindow', { body: { name: 'contract far', window: { kind: 'one-off', start: '2099-01-01T00:00:00Z', end: '2099-01-01T01:00:00Z' } } });
    const rollout = await operator.call('createRollout', {
      body: { name: 'contract waits', spec: { target: { hosts: HOSTS }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'roundrobin' }], plan: { batchSize: { count: 1 } }, windowId: window.id } },
    });
    expect((await operator.call('pauseRollout', { params: { id: rollout.id } })).state).toBe('paused');
    expect((await operator.call('resumeRollout', { params: { id: rollout.id } })).id).toBe(rollout.id);
    await operator.call('abortRollout', { params: { id: rollout.id } });
    await finished(rollout.id);
    // Refusals: each status the routes document, with its body, checked the same way.
    const refused = async (client: ApiClient, operation: OperationId, request: Parameters<ApiClient['send']>[1]) => (await client.send(operation, request)).status;
    expect(await refused(operator, 'resumeRollout', { params: { id: rollout.id } })).toBe(409);
    expect(await refused(viewer, 'getRollout', { params: { id: '0b5cbd5e-7a1f-4c35-9f4e-3d2c1b0a9f8e' } })).toBe(404);
    expect(await refused(viewer, 'getRollout', { params: { id: 'not-a-uuid' } })).toBe(400);
    expect(await refused(viewer, 'createRollout', { body: { name: 'x', spec: {} } })).toBe(403);
    expect(await refused(anonymous, 'listHosts', {})).toBe(401);
    expect(await refused(operator, 'createRollout', { body: { name: 'bad', spec: { target: { hosts: HOSTS }, changes: [], plan: { batchSize: { count: 1 } } } } })).toBe(400);
    expect(await refused(operator, 'createWindow', { body: { name: 'contract far', window: { kind: 'one-off', start: '2099-01-01T00:00:00Z', end: '2099-01-01T01:00:00Z' } } })).toBe(409);
  });

  it('saw every operation of the route table succeed, each answer checked against its schema', () => {
    const operations = Object.keys(API_ROUTES) as OperationId[];
    const succeeded = new Set([...checkedAnswers].filter((seen) => SUCCESS.has(seen.split(' ')[1])).map((seen) => seen.split(' ')[0]));
    expect(operations.filter((operation) => !succeeded.has(operation))).toEqual([]);
    // The refusals above were checked against their documented bodies too.
    for (const seen of ['resumeRollout 409', 'getRollout 404', 'getRollout 400', 'createRollout 403', 'listHosts 401', 'createWindow 409']) expect(checkedAnswers).toContain(seen);
    const routes: RouteSpec[] = Object.values(API_ROUTES);
    process.stdout.write(`api answers: ${checkedAnswers.size} operation/status pairs checked over ${routes.length} operations\n`);
  });
});
