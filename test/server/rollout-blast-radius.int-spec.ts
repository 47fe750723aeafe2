// Blast radius at the REST API: a rollout whose first batch would change more than
// 10 hosts or 25% of its targets with no canary is refused (400, nothing stored)
// unless spec.confirm.hosts is the number of hosts targeted now; and a step view
// shows only the result its own host reported. Hosts here are registry rows
// without agents (offlineHosts 'wait' keeps them targeted); nothing is dispatched.
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { apiClient, type ApiClient } from '../support/api-client';
import { createTestTokens } from '../support/api-tokens';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

interface Refusal {
  error: string;
  fields: { field: string; message: string }[];
  confirm?: { hosts: number; firstBatchHosts: number };
}

const GROUP_SIZE = 40;

const spec = (group: string, plan: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
  target: { labels: { group } },
  changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
  plan,
  offlineHosts: 'wait',
  ...extra,
});

describe('rollout blast radius and step views (REST API + Postgres)', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let api: ApiClient;

  const counts = async () => {
    const [row] = await sql!`
      SELECT (SELECT count(*)::int FROM rollouts) AS rollouts, (SELECT count(*)::int FROM rollout_steps) AS steps,
             (SELECT count(*)::int FROM audit_log) AS audit, (SELECT count(*)::int FROM step_dispatches) AS dispatches`;
    return row;
  };
  const create = (name: string, body: Record<string, unknown>, key?: string) =>
    api.post<{ id: string; spec: Record<string, unknown> } & Refusal>('/rollouts', { name, spec: body }, undefined, key ? { 'idempotency-key': key } : {});

  beforeAll(async () => {
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'blast-1' });
    sql = createSql(db.url, { max: 2 });
    api = apiClient(`${server.httpUrl}/api/v1`, (await createTestTokens(sql)).operator);
    // One group of registry rows per case that creates a rollout, so no case finds another's hosts busy.
    const groups = ['wide', 'narrow', 'dry', 'canary', 'confirmed'];
    const names = groups.flatMap((group) => Array.from({ length: GROUP_SIZE }, (_unused, i) => `lb-${group}-${i + 1}`));
    await sql`
      INSERT INTO hosts (name, cert_serial, cert_not_after, labels)
      SELECT name, 'serial', now() + interval '1 day', jsonb_build_object('group', split_part(name, '-', 2)) FROM unnest(${names}::text[]) AS name`;
    for (const name of ['lb-join-1', 'lb-join-2']) {
      await sql`INSERT INTO hosts (name, cert_serial, cert_not_after, labels) VALUES (${name}, 'serial', now() + interval '1 day', '{"group": "join"}'::jsonb)`;
    }
  });

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await server?.close();
    await db?.stop();
  });

  it('refuses every host in one batch with no canary, saying how to confirm, and stores nothing', async () => {
    const before = await counts();
    for (const plan of [{ batchSize: { percent: 100 } }, { batchSize: { count: 11 } }, { batchSize: { percent: 50 }, failureBudget: 3 }]) {
      const refused = await create('everything at once', spec('wide', plan));
      expect(refused.status).toBe(400);
      expect(refused.body.error).toBe('confirmation_required');
      expect(refused.body.confirm?.hosts).toBe(GROUP_SIZE);
      expect(refused.body.fields).toEqual([{ field: 'spec.confirm', message: expect.stringContaining(`"confirm": {"hosts": ${GROUP_SIZE}}`) }]);
      expect(refused.body.fields[0].message).toMatch(/with no canary/);
    }
    expect(await counts()).toEqual(before);
  });

  it('refuses a confirmation for another number of hosts, stating the real count, and stores nothing', async () => {
    const before = await counts();
    for (const hosts of [GROUP_SIZE - 1, GROUP_SIZE + 1, 1]) {
      const refused = await create('miscounted', spec('wide', { batchSize: { percent: 100 } }, { confirm: { hosts } }));
      expect(refused.status).toBe(400);
      expect(refused.body.fields).toEqual([{ field: 'spec.confirm.hosts', message: expect.stringMatching(new RegExp(`^is ${hosts}, but the target selects ${GROUP_SIZE} host\\(s\\) now`)) }]);
      expect(refused.body.confirm?.hosts).toBe(GROUP_SIZE);
    }
    for (const confirm of [{ hosts: 0 }, { hosts: '40' }, { count: 40 }]) {
      const refused = await create('malformed confirm', spec('wide', { batchSize: { percent: 100 } }, { confirm }));
      expect([refused.status, refused.body.fields[0].field.startsWith('spec.confirm')]).toEqual([400, true]);
    }
    expect(await counts()).toEqual(before);
  });

  it('takes a batch of a quarter of the targets, a dry run and a canary without confirmation', async () => {
    expect((await create('a quarter', spec('narrow', { batchSize: { percent: 25 } }))).status).toBe(201);
    expect((await create('dry run of all', spec('dry', { batchSize: { percent: 100 } }, { dryRun: true }))).status).toBe(201);
    expect((await create('canary first', spec('canary', { canary: { count: 1 }, batchSize: { percent: 100 } }))).status).toBe(201);
  });

  it('takes a wide rollout confirmed with the number of targeted hosts; a retry with its key finds it, confirmed or not', async () => {
    const body = spec('confirmed', { batchSize: { percent: 100 } }, { confirm: { hosts: GROUP_SIZE } });
    const created = await create('all at once confirmed', body, 'blast-confirmed-1');
    expect(created.status).toBe(201);
    expect(created.body.spec.confirm).toEqual({ hosts: GROUP_SIZE });
    const [{ n }] = await sql!<{ n: number }[]>`SELECT count(*)::int AS n FROM rollout_steps WHERE rollout_id = ${created.body.id} AND batch = 0`;
    expect(n).toBe(GROUP_SIZE);
    // As the CLI retries: first without confirm, then with it. Both find the rollout the key made.
    for (const retry of [spec('confirmed', { batchSize: { percent: 100 } }), body]) {
      const again = await create('all at once confirmed', retry, 'blast-confirmed-1');
      expect([again.status, again.body.id]).toEqual([200, created.body.id]);
    }
  });

  it('shows in a step view only the result its own host reported for the step\'s reload id', async () => {
    const created = await create('join check', spec('join', { batchSize: { count: 1 } }, { target: { hosts: ['lb-join-1'] } }));
    expect(created.status).toBe(201);
    const id = created.body.id;
    expect((await api.post(`/rollouts/${id}/pause`, {})).status).toBe(200);
    await sql!`UPDATE rollout_steps SET reload_id = 'rs-join-1', rollback_reload_id = 'rb-join-1' WHERE rollout_id = ${id}`;
    // Rows another host wrote under this step's ids (as the gateway took them before it checked dispatches).
    const insertResult = (reloadId: string, host: string) => sql!`
      INSERT INTO reload_results (reload_id, host_name, outcome, strategy, failed_requests, result)
      VALUES (${reloadId}, ${host}, 'succeeded', 'seamless', 0, ${sql!.json({ reloadId, hostName: host, outcome: 'OUTCOME_SUCCEEDED' })})`;
    await insertResult('rs-join-1', 'lb-join-2');
    await insertResult('rb-join-1', 'lb-join-2');
    type StepView = { reloadResult: { hostName?: string } | null; rollbackReloadResult: { hostName?: string } | null };
    const views = async () => {
      const detail = await api.get<{ steps: StepView[] }>(`/rollouts/${id}`);
      const step = await api.get<StepView>(`/rollouts/${id}/steps/lb-join-1`);
      // The detail carries results cut to their figures; the step view carries them whole, host name included.
      return {
        detail: [detail.body.steps[0].reloadResult !== null, detail.body.steps[0].rollbackReloadResult !== null],
        step: [step.body.reloadResult?.hostName ?? null, step.body.rollbackReloadResult?.hostName ?? null],
      };
    };
    expect(await views()).toEqual({ detail: [false, false], step: [null, null] });
    await sql!`DELETE FROM reload_results WHERE reload_id IN ('rs-join-1', 'rb-join-1')`;
    await insertResult('rs-join-1', 'lb-join-1');
    await insertResult('rb-join-1', 'lb-join-1');
    expect(await views()).toEqual({ detail: [true, true], step: ['lb-join-1', 'lb-join-1'] });
  });

  it('describes confirm in the OpenAPI document', async () => {
    const text = await (await fetch(`${server!.httpUrl}/api/openapi.json`)).text();
    expect(text).toMatch(/confirm/);
    expect(text).toMatch(/confirmation_required/);
  });
});
