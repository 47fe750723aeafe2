// Migration 006 on a database that ran the two-writer server: what only a step
// held moves to its one place (a dry run's answer to reload_results, a refusal
// to the step's refusal), nothing is invented for answers still in an agent's
// outbox, and the step's copies of results are gone.
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { loadMigrations, migrate } from '../../apps/server/src/database/migrate';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const REAL = '1b4e28ba-2fa1-4d3b-a3f5-ef19b5a7633b';
const DRY = '6fa459ea-ee8a-3ca4-894e-db77e160355e';

describe('migration 006: one reload result, one record', () => {
  let db: TestDatabase | undefined;
  let sql: Sql | undefined;

  beforeAll(async () => {
    db = await startTestDatabase();
    sql = createSql(db.url, { max: 2 });
    const all = await loadMigrations();
    await migrate(sql, all.filter((m) => m.version <= 5));
    for (const host of ['lb-m1', 'lb-m2', 'lb-m3', 'lb-m4']) {
      await sql`INSERT INTO hosts (name, cert_serial, cert_not_after) VALUES (${host}, 's', now() + interval '1 day')`;
    }
    await sql`INSERT INTO rollouts (id, name, spec, state, created_by, dry_run) VALUES (${REAL}, 'real', '{}', 'rolled-back', 'test', false), (${DRY}, 'dry', '{}', 'succeeded', 'test', true)`;
    const answer = (outcome: string, extra: Record<string, unknown> = {}) => sql!.json({ outcome, probe: { requests: 40, failed: 0 }, answeredAt: '2026-11-24T01:05:00.000Z', ...extra });
    // lb-m1: an answer the outbox also delivered (its row exists); rolled back, the rollback answer refused.
    await sql`INSERT INTO reload_results (reload_id, host_name, outcome, strategy, failed_requests, result)
              VALUES ('rs-m1', 'lb-m1', 'succeeded', 'seamless', 0, ${sql.json({ reloadId: 'rs-m1', hostName: 'lb-m1', outcome: 'OUTCOME_SUCCEEDED', summary: ['backend api: balance roundrobin -> leastconn (line 9)'] })})`;
    await sql`INSERT INTO rollout_steps (rollout_id, host_name, batch, position, state, reload_id, result, outcome, failed_requests, previous_balances, rollback_reload_id, rollback_result)
              VALUES (${REAL}, 'lb-m1', 0, 0, 'failed', 'rs-m1', ${answer('succeeded')}, 'succeeded', 0, ${sql.json({ api: 'roundrobin' })},
                      'rb-m1', ${sql.json({ ok: false, error: 'the balance of backend api before the change is unknown', answeredAt: '2026-11-24T01:06:00.000Z' })})`;
    // lb-m2: the agent refused the call; no outbox ever had it.
    await sql`INSERT INTO rollout_steps (rollout_id, host_name, batch, position, state, reload_id, result, outcome, failed_requests)
              VALUES (${REAL}, 'lb-m2', 1, 0, 'failed', 'rs-m2', ${answer('rejected', { error: "agent lb-m2: no backend 'api'", probe: { requests: 0, failed: 0 } })}, 'rejected', 0)`;
    // lb-m3: answered, its outbox delivery still on the way.
    await sql`INSERT INTO rollout_steps (rollout_id, host_name, batch, position, state, reload_id, result, outcome, failed_requests)
              VALUES (${REAL}, 'lb-m3', 1, 1, 'succeeded', 'rs-m3', ${answer('succeeded')}, 'succeeded', 0)`;
    // lb-m4: a dry run's answer, which no outbox carried.
    await sql`INSERT INTO rollout_steps (rollout_id, host_name, batch, position, state, reload_id, result, outcome, failed_requests)
              VALUES (${DRY}, 'lb-m4', 0, 0, 'succeeded', 'dr-m4', ${answer('validated', { backendServers: { total: 2, up: 2, notRunning: [] } })}, 'validated', 0)`;
    expect(await migrate(sql, all)).toEqual(all.filter((m) => m.version > 5).map((m) => m.version));
  }, 120_000);

  afterAll(async () => {
    await sql?.end({ timeout: 5 });
    await db?.stop();
  });

  it("moves a dry run's answer into reload_results, in the shape of an agent's result", async () => {
    const rows = await sql!`SELECT reload_id, host_name, outcome, strategy, failed_requests, finished_at, result FROM reload_results WHERE reload_id = 'dr-m4'`;
    expect(rows).toEqual([
      {
        reload_id: 'dr-m4',
        host_name: 'lb-m4',
        outcome: 'validated',
        strategy: 'unspecified',
        failed_requests: 0,
        finished_at: new Date('2026-11-24T01:05:00.000Z'),
        result: {
          reloadId: 'dr-m4',
          hostName: 'lb-m4',
          outcome: 'OUTCOME_VALIDATED',
          probe: { requests: 40, failed: 0 },
          backendServers: { total: 2, up: 2, notRunning: [] },
          finishedAt: '2026-11-24T01:05:00.000Z',
        },
      },
    ]);
  });

  it("keeps refusals as the steps' own record, and makes up nothing for an answer an outbox still holds", async () => {
    const steps = await sql!`SELECT host_name, refusal, rollback_refusal FROM rollout_steps WHERE rollout_id = ${REAL} ORDER BY host_name`;
    expect(steps).toEqual([
      { host_name: 'lb-m1', refusal: null, rollback_refusal: { error: 'the balance of backend api before the change is unknown', at: '2026-11-24T01:06:00.000Z' } },
      { host_name: 'lb-m2', refusal: { error: "agent lb-m2: no backend 'api'", at: '2026-11-24T01:05:00.000Z' }, rollback_refusal: null },
      { host_name: 'lb-m3', refusal: null, rollback_refusal: null },
    ]);
    const results = await sql!<{ reload_id: string }[]>`SELECT reload_id FROM reload_results ORDER BY reload_id`;
    expect(results.map((r) => r.reload_id)).toEqual(['dr-m4', 'rs-m1']);
  });

  it('leaves the steps no copy of any result', async () => {
    const columns = await sql!<{ column_name: string }[]>`SELECT column_name FROM information_schema.columns WHERE table_name = 'rollout_steps'`;
    const names = columns.map((c) => c.column_name);
    for (const copy of ['result', 'outcome', 'failed_requests', 'previous_balances', 'rollback_result']) expect(names).not.toContain(copy);
  });
});
