// A rollout bound to a recurring maintenance window, with the scheduler's clock
// in the test's hand: it waits while the window is closed, runs inside it,
// stops at the next batch boundary once the window has closed, and finishes in
// the next window. The server process serves agents and the API with its own
// scheduler off; the scheduler under test runs here, against the same database
// and the same real agents.
import { silentLogger } from '@hitless/log';
import { GrpcAgentCaller } from '../../apps/server/src/agents/agent-reload-caller';
import { loadOrCreateServerTls } from '../../apps/server/src/ca/ca-store';
import type { Clock } from '../../apps/server/src/clock/clock';
import { composeScheduler, repositoriesOf } from '../../apps/server/src/compose';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { ServerMetrics } from '../../apps/server/src/metrics/server-metrics';
import { HeartbeatSight } from '../../apps/server/src/hosts/heartbeat-sight';
import { HostPresence } from '../../apps/server/src/hosts/host-presence';
import type { RolloutScheduler } from '../../apps/server/src/scheduler/rollout-scheduler';
import { apiClient } from '../support/api-client';
import { createTestTokens } from '../support/api-tokens';
import { eventually } from '../support/eventually';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const HOSTS = ['lb-w1', 'lb-w2', 'lb-w3'];

describe('a rollout bound to a maintenance window', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let sql: Sql | undefined;
  let fleet: LabFleet | undefined;
  let scheduler: RolloutScheduler | undefined;
  let caller: GrpcAgentCaller | undefined;
  // 01:00 in Berlin (CET) on a Tuesday: an hour before the 02:00-04:00 window.
  let now = new Date('2026-03-10T00:00:00Z');
  const clock: Clock = { now: () => now };

  const stepStates = async (id: string) =>
    (await sql!<{ host_name: string; state: string }[]>`SELECT host_name, state FROM rollout_steps WHERE rollout_id = ${id} ORDER BY host_name`).map((r) => r.state);
  const rolloutState = async (id: string) => (await sql!<{ state: string }[]>`SELECT state FROM rollouts WHERE id = ${id}`)[0].state;
  const until = (what: string, id: string, check: (state: string, steps: string[]) => boolean) =>
    eventually(what, async () => {
      const state = await rolloutState(id);
      const steps = await stepStates(id);
      return check(state, steps) ? { state, steps } : undefined;
    });

  beforeAll(async () => {
    db = await startTestDatabase();
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'api-only', extra: { schedulerEnabled: false } });
    sql = createSql(db.url, { max: 3 });
    fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: HOSTS });
    const tls = await loadOrCreateServerTls(server.stateDir, 'hitless-server', ['localhost', '127.0.0.1']);
    caller = new GrpcAgentCaller(tls);
    // The server's own scheduler, on the test's clock: the same composition, in this process.
    scheduler = composeScheduler({
      sql,
      repos: repositoriesOf(sql, new HostPresence(3), clock),
      caller,
      clock,
      metrics: new ServerMetrics(),
      log: silentLogger,
      sight: new HeartbeatSight(1000),
      replicaName: 'in-test',
      leaseTtlMs: 5000,
      options: { tickMs: 100, maxLeases: 10, clearSightMs: 0 },
    });
  });

  afterAll(async () => {
    await scheduler?.stop(5000);
    caller?.close();
    await fleet?.close();
    await server?.close();
    await sql?.end({ timeout: 5 });
    await db?.stop();
  });

  it('waits for the window, stops at a batch boundary when it closes, and resumes in the next one', async () => {
    const api = apiClient(`${server!.httpUrl}/api/v1`, (await createTestTokens(sql!)).operator);
    const window = await api.post<{ id: string }>('/windows', { name: 'nightly', window: { kind: 'recurring', cron: '0 2 * * *', durationMinutes: 120, timeZone: 'Europe/Berlin' } });
    expect(window.status).toBe(201);
    const created = await api.post<{ id: string }>('/rollouts', {
      name: 'in-the-window',
      spec: {
        target: { hosts: HOSTS },
        changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
        plan: { batchSize: { count: 1 }, pauseBetweenBatchesSeconds: 600 },
        windowId: window.body.id,
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id;
    scheduler!.start();

    // Closed: it waits, and nothing is sent.
    expect(await until('waiting for the window', id, (state) => state === 'waiting-for-window')).toEqual({ state: 'waiting-for-window', steps: ['pending', 'pending', 'pending'] });
    const [{ wake_at }] = await sql!<{ wake_at: Date }[]>`SELECT wake_at FROM rollouts WHERE id = ${id}`;
    expect(wake_at.toISOString()).toBe('2026-03-10T01:00:00.000Z');

    // 02:30 Berlin: inside. The first batch runs, then the pause between batches holds the second.
    now = new Date('2026-03-10T01:30:00Z');
    expect((await until('the first batch', id, (_s, steps) => steps[0] === 'succeeded')).steps).toEqual(['succeeded', 'pending', 'pending']);

    // 04:30 Berlin: the window has closed during the pause; the next batch must not start.
    now = new Date('2026-03-10T03:30:00Z');
    expect(await until('a stop at the batch boundary', id, (state) => state === 'waiting-for-window')).toEqual({ state: 'waiting-for-window', steps: ['succeeded', 'pending', 'pending'] });
    const [{ next }] = await sql!<{ next: Date }[]>`SELECT wake_at AS next FROM rollouts WHERE id = ${id}`;
    expect(next.toISOString()).toBe('2026-03-11T01:00:00.000Z');

    // The next night: the second batch, the pause, then the third.
    now = new Date('2026-03-11T01:05:00Z');
    expect((await until('the second batch', id, (_s, steps) => steps[1] === 'succeeded')).steps).toEqual(['succeeded', 'succeeded', 'pending']);
    now = new Date('2026-03-11T01:20:00Z');
    expect(await until('the end', id, (state) => state === 'succeeded')).toEqual({ state: 'succeeded', steps: ['succeeded', 'succeeded', 'succeeded'] });
    const [{ n }] = await sql!<{ n: number }[]>`SELECT count(*)::int AS n FROM step_dispatches WHERE rollout_id = ${id}`;
    expect(n).toBe(3);
  });
});
