// The API edge for config text HAProxy evaluates (issue 12, items 1 and 3): a
// change that would make HAProxy open a file, run Lua or read the environment
// is a 400 naming the field, with nothing stored and no host touched; the
// API's limits are the agent's; and what HAProxy itself printed reaches
// operators and admins, never viewers. One real lab host with its agent runs
// behind the server, so an accepted rollout really reaches HAProxy.
import { readFile } from 'node:fs/promises';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { apiClient, type ApiClient } from '../support/api-client';
import { createTestTokens, type TestTokens } from '../support/api-tokens';
import { eventually } from '../support/eventually';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const HOST = 'lb-t1';
type Fields = { fields: { field: string; message: string }[] };

const spec = (changes: unknown[], extra: Record<string, unknown> = {}) => ({
  target: { hosts: [HOST] },
  changes,
  plan: { batchSize: { count: 1 } },
  gates: { agentDeadlineSeconds: 60 },
  ...extra,
});
const balance = (value: unknown) => ({ kind: 'set-balance', backend: 'api', balance: value });

describe('REST API: config text HAProxy evaluates, limits, and who reads HAProxy’s output', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let fleet: LabFleet | undefined;
  let tokens: TestTokens;
  let api: ApiClient;

  const liveConfig = () => readFile(fleet!.hosts[0].lb.configPath, 'utf8');
  const counts = async () => {
    const [row] = await sql!<{ rollouts: number; steps: number; dispatches: number; results: number }[]>`
      SELECT (SELECT count(*)::int FROM rollouts) AS rollouts, (SELECT count(*)::int FROM rollout_steps) AS steps,
             (SELECT count(*)::int FROM step_dispatches) AS dispatches, (SELECT count(*)::int FROM reload_results) AS results`;
    return row;
  };
  const finished = (id: string) =>
    eventually(
      `rollout ${id} to finish`,
      async () => {
        const [row] = await sql!<{ state: string }[]>`SELECT state FROM rollouts WHERE id = ${id}`;
        return ['succeeded', 'failed', 'aborted', 'rolled-back'].includes(row.state) ? row.state : undefined;
      },
      90_000,
      200,
    );

  beforeAll(async () => {
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'cfg-text-1' });
    sql = createSql(db.url, { max: 2 });
    tokens = await createTestTokens(sql);
    api = apiClient(`${server.httpUrl}/api/v1`, tokens.operator);
    fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: [HOST] });
  });

  afterAll(async () => {
    await server?.close();
    await fleet?.close();
    await sql?.end({ timeout: 5 });
    await db?.stop();
  });

  const attacks: [string, unknown, string][] = [
    ['a map_ip of /etc/shadow', 'hash src,map_ip(/etc/shadow)', 'spec.changes[0].balance.expression'],
    ['a map of /dev/urandom', 'hash map(/dev/urandom)', 'spec.changes[0].balance.expression'],
    ['a map_str', 'hash src,map_str(/etc/passwd)', 'spec.changes[0].balance.expression'],
    ['a header mapped through /etc/passwd', 'hash req.hdr(host),map(/etc/passwd)', 'spec.changes[0].balance.expression'],
    ['a map_beg', 'hash req.hdr(host),map_beg(/etc/shadow)', 'spec.changes[0].balance.expression'],
    ['a Lua fetch', 'hash lua.anything', 'spec.changes[0].balance.expression'],
    ['env()', 'hash env(HOME)', 'spec.changes[0].balance.expression'],
    ['a process-wide variable', 'hash var(proc.secret)', 'spec.changes[0].balance.expression'],
    ['a concat of a process-wide variable', 'hash src,concat(,proc.secret,)', 'spec.changes[0].balance.expression'],
    ['the {algorithm, args} form', { algorithm: 'hash', args: ['src,map_ip(/etc/shadow)'] }, 'spec.changes[0].balance.expression'],
    ['a stored setting', { algorithm: 'hash', expression: 'lua.x' }, 'spec.changes[0].balance.expression'],
    ['a sample fetch in a header name', 'hdr(%[env(HOME)])', 'spec.changes[0].balance.header'],
    ['environment expansion', 'hash req.hdr(${HOME})', 'spec.changes[0].balance'],
    ['a quoted string', 'hash str("/etc/passwd")', 'spec.changes[0].balance'],
    ['a URL parameter with a path', 'url_param ../../etc/passwd', 'spec.changes[0].balance.param'],
  ];

  it.each(attacks)('refuses %s with 400 naming the field; nothing stored, the host untouched', async (_what, value, field) => {
    const before = { counts: await counts(), config: await liveConfig() };
    for (const dryRun of [false, true]) {
      const response = await api.post<Fields>('/rollouts', { name: 'file-read', spec: spec([balance(value)], { dryRun }) });
      expect(response.status).toBe(400);
      expect(response.body.fields.map((f) => f.field)).toEqual([field]);
      expect(JSON.stringify(response.body)).not.toMatch(/root:x:|nologin/);
    }
    expect(await counts()).toEqual(before.counts);
    expect(await liveConfig()).toBe(before.config);
  });

  it('refuses 65 changes with 400 naming spec.changes, and takes 64, which the agent applies', async () => {
    const before = await counts();
    const tooMany = await api.post<Fields>('/rollouts', { name: 'too-many', spec: spec(Array.from({ length: 65 }, () => balance('leastconn'))) });
    expect(tooMany.status).toBe(400);
    expect(tooMany.body.fields).toEqual([{ field: 'spec.changes', message: expect.stringMatching(/at most 64 changes/) }]);
    expect(await counts()).toEqual(before);
    // The same limit on both sides: 64 changes pass the API and then the agent (a dry run, so nothing changes).
    const config = await liveConfig();
    const most = await api.post<{ id: string }>('/rollouts', { name: 'most', spec: spec(Array.from({ length: 64 }, () => balance('leastconn')), { dryRun: true }) });
    expect(most.status).toBe(201);
    expect(await finished(most.body.id)).toBe('succeeded');
    const [step] = await sql!<{ outcome: string }[]>`
      SELECT r.outcome FROM rollout_steps s JOIN reload_results r ON r.reload_id = s.reload_id AND r.host_name = s.host_name WHERE s.rollout_id = ${most.body.id}`;
    expect(step.outcome).toBe('validated');
    expect(await liveConfig()).toBe(config);
  });

  it('refuses more than 10,000 target hosts with 400 naming spec.target.hosts', async () => {
    const before = await counts();
    const hosts = Array.from({ length: 10_001 }, (_, i) => `lb-${i}`);
    const response = await api.post<Fields>('/rollouts', { name: 'too-wide', spec: { ...spec([balance('leastconn')]), target: { hosts } } });
    expect(response.status).toBe(400);
    expect(response.body.fields).toEqual([{ field: 'spec.target.hosts', message: 'must list at most 10000 hosts' }]);
    expect(await counts()).toEqual(before);
  });

  it("shows HAProxy's own output to operators and admins, and only the outcome and our error to viewers", async () => {
    // Allowed by name and shape; HAProxy's type check refuses it, so the host's haproxy -c has something to say.
    // Not a dry run: the agent reports (and the server stores) the results of real reloads only.
    const config = await liveConfig();
    const created = await api.post<{ id: string }>('/rollouts', { name: 'ill-typed', spec: spec([balance('hash ssl_fc,ipmask(8)')]) });
    expect(created.status).toBe(201);
    const id = created.body.id;
    await finished(id);
    // The agent's own report stores its result (the step only records the answer): wait for it.
    await eventually('the agent’s stored result', async () => {
      const rows = await sql!`SELECT 1 FROM rollout_steps s JOIN reload_results r ON r.reload_id = s.reload_id WHERE s.rollout_id = ${id}`;
      return rows.length > 0 ? true : undefined;
    });
    expect(await liveConfig()).toBe(config);
    const haproxySaid = /converter 'ipmask' cannot be applied|ALERT/;

    type StepAnswer = { reloadResult: Record<string, unknown>; hidden: string[] };
    for (const token of [tokens.operator, tokens.admin]) {
      const step = await api.get<StepAnswer>(`/rollouts/${id}/steps/${HOST}`, token);
      expect(step.status).toBe(200);
      expect(step.body.reloadResult).toMatchObject({ outcome: 'OUTCOME_REJECTED', validationOutput: expect.stringMatching(haproxySaid) });
      expect(step.body.hidden).toEqual([]);
    }

    const asViewer = await api.get<StepAnswer>(`/rollouts/${id}/steps/${HOST}`, tokens.viewer);
    expect(asViewer.status).toBe(200);
    expect(asViewer.body.reloadResult).toMatchObject({ outcome: 'OUTCOME_REJECTED', error: expect.stringMatching(/^haproxy -c \(as nobody .*\) refused the new config; nothing was changed$/) });
    expect(asViewer.body.reloadResult).not.toHaveProperty('validationOutput');
    expect(asViewer.body.hidden).toEqual(['reloadResult.validationOutput']);
    // Nowhere else either: the whole answer, the rollout detail, the reload history.
    expect(JSON.stringify(asViewer.body)).not.toMatch(haproxySaid);
    const detail = await api.get(`/rollouts/${id}`, tokens.viewer);
    expect(detail.status).toBe(200);
    expect(JSON.stringify(detail.body)).toMatch(/OUTCOME_REJECTED/);
    expect(JSON.stringify(detail.body)).not.toMatch(haproxySaid);
    const history = await api.get(`/reloads?host=${HOST}&outcome=rejected`, tokens.viewer);
    expect(history.status).toBe(200);
    expect(JSON.stringify(history.body)).not.toMatch(haproxySaid);
    // The text is stored: the viewer's answer leaves it out, it is not lost.
    const [stored] = await sql!<{ output: string }[]>`
      SELECT r.result->>'validationOutput' AS output FROM rollout_steps s JOIN reload_results r ON r.reload_id = s.reload_id WHERE s.rollout_id = ${id}`;
    expect(stored.output).toMatch(haproxySaid);
  });
});
