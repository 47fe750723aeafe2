// Rollouts end to end: the server process (REST API + scheduler) drives real
// agent daemons that reload real HAProxy instances in lab namespaces. One
// fleet of three hosts serves every case, in order: a clean rollout, a failing
// canary, a server SIGKILLed mid-rollout, and two replicas at once.
import { readFile, writeFile } from 'node:fs/promises';
import { createSql, type Sql } from '../../apps/server/src/database/sql-client';
import { apiClient, type ApiClient } from '../support/api-client';
import { createTestTokens } from '../support/api-tokens';
import { eventually } from '../support/eventually';
import { startLabFleet, type LabFleet } from '../support/lab-fleet';
import { plantPortConflict } from '../support/port-conflict';
import { createServerProcess, type ServerProcess } from '../support/server-process';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const HOSTS = ['lb-s1', 'lb-s2', 'lb-s3'];

// The wire ReloadResult carries no backend server states yet, so that gate cannot be judged by the server.
const GATES = { agentDeadlineSeconds: 60 };

interface StepRow {
  host_name: string;
  state: string;
  reload_id: string | null;
  outcome: string | null;
  failed_requests: number | null;
  probe_requests: number | null;
}

describe('rollout scheduler over a lab fleet', () => {
  let db: TestDatabase | undefined;
  let server: ServerProcess | undefined;
  let replica2: ServerProcess | undefined;
  let sql: Sql | undefined;
  let fleet: LabFleet | undefined;
  let api: ApiClient;
  let operatorToken = '';
  const timings: Record<string, number> = {};

  const balanceOf = async (host: string) => /\n\s*balance (\S+)/.exec(await readFile(fleet!.hosts.find((h) => h.name === host)!.lb.configPath, 'utf8'))?.[1];
  const steps = (rolloutId: string) =>
    sql!<StepRow[]>`SELECT s.host_name, s.state, s.reload_id, r.outcome, r.failed_requests, (r.result->'probe'->>'requests')::int AS probe_requests
                    FROM rollout_steps s LEFT JOIN reload_results r ON r.reload_id = s.reload_id AND r.host_name = s.host_name
                    WHERE s.rollout_id = ${rolloutId} ORDER BY s.host_name`;
  const dispatches = (rolloutId: string) =>
    sql!<{ host_name: string; reload_id: string; replica: string; n: number }[]>`
      SELECT host_name, reload_id, replica, count(*)::int AS n FROM step_dispatches WHERE rollout_id = ${rolloutId} GROUP BY host_name, reload_id, replica ORDER BY host_name`;
  /** Each step with what its reload changed (its reload result's records, as the API serves them) and how its rollback ended. */
  const rollbackRows = async (rolloutId: string) => {
    const rows = await sql!<{ host_name: string; state: string; rollback_dispatched_at: Date | null; rollback: string | null }[]>`
      SELECT s.host_name, s.state, s.rollback_dispatched_at, r.outcome AS rollback
      FROM rollout_steps s LEFT JOIN reload_results r ON r.reload_id = s.rollback_reload_id AND r.host_name = s.host_name WHERE s.rollout_id = ${rolloutId} ORDER BY s.host_name`;
    const detail = await api.get<{ steps: { hostName: string; appliedChanges: unknown }[] }>(`/rollouts/${rolloutId}`);
    return rows.map((row) => ({ ...row, changes: detail.body.steps.find((step) => step.hostName === row.host_name)?.appliedChanges }));
  };
  const finalState = (rolloutId: string, timeoutMs = 90_000) =>
    eventually(
      `rollout ${rolloutId} to finish`,
      async () => {
        const [row] = await sql!<{ state: string; summary: string | null }[]>`SELECT state, summary FROM rollouts WHERE id = ${rolloutId}`;
        return ['succeeded', 'failed', 'aborted', 'rolled-back'].includes(row.state) ? row : undefined;
      },
      timeoutMs,
      200,
    );
  const create = async (name: string, spec: Record<string, unknown>, client = api) => {
    const response = await client.post<{ id: string }>('/rollouts', { name, spec });
    if (response.status !== 201) throw new Error(`creating ${name}: ${response.status} ${JSON.stringify(response.body)}`);
    return response.body.id;
  };

  /**
   * A rollout over every host, canary first, whose last host cannot start the new config
   * (a port conflict) with no failure budget: the two hosts changed before it are rolled back.
   */
  const rolledBackByFailingHost = async (name: string, changes: Record<string, unknown>[]) => {
    const [canary, second, failing] = fleet!.hosts;
    const conflict = await plantPortConflict(failing);
    let id: string;
    try {
      id = await create(name, { target: { hosts: HOSTS }, changes, plan: { canary: { hosts: [canary.name] }, batchSize: { count: 2 }, failureBudget: 0 }, gates: GATES });
      expect((await finalState(id)).state).toBe('rolled-back');
    } finally {
      await conflict.remove();
    }
    const rows = await rollbackRows(id);
    expect(rows.map((r) => [r.host_name, r.state, r.rollback])).toEqual([
      [canary.name, 'rolled-back', 'succeeded'],
      [second.name, 'rolled-back', 'succeeded'],
      [failing.name, 'failed', null],
    ]);
    return rows;
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    // Two leases per replica at most, so that three rollouts must spread over two replicas.
    server = await createServerProcess({ databaseUrl: db.url, replicaName: 'replica-1', extra: { maxLeasesPerReplica: 2 } });
    sql = createSql(db.url, { max: 3 });
    operatorToken = (await createTestTokens(sql)).operator;
    api = apiClient(`${server.httpUrl}/api/v1`, operatorToken);
    fleet = await startLabFleet({ sql, server: { address: server.grpcAddress, caFile: server.caFile }, names: HOSTS, labels: { env: 'lab' } });
  });

  afterAll(async () => {
    await replica2?.close();
    await server?.close();
    await fleet?.close();
    await sql?.end({ timeout: 5 });
    await db?.stop();
    process.stdout.write(`rollout timings (s): ${JSON.stringify(timings)}\n`);
  });

  it('holds an open connection to every agent it has heard from, before any rollout needs one', async () => {
    const ready = async () => Number(/^hitless_server_agent_channels\{state="ready"\} (\d+)$/m.exec(await (await fetch(`${server!.httpUrl}/metrics`)).text())?.[1] ?? 0);
    expect(await eventually('a ready connection to each agent', async () => ((await ready()) === HOSTS.length ? true : undefined), 20_000, 200)).toBe(true);
  });

  it('changes the algorithm on every host, canary first, with zero failed probe requests', async () => {
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
    const started = Date.now();
    const id = await create('to-leastconn', {
      target: { labels: { env: 'lab' } },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
      plan: { canary: { count: 1 }, batchSize: { count: 2 } },
      gates: GATES,
    });
    expect(await finalState(id)).toEqual({ state: 'succeeded', summary: '3 hosts changed' });
    timings.threeHosts = (Date.now() - started) / 1000;
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual(['leastconn', 'leastconn', 'leastconn']);
    const rows = await steps(id);
    for (const row of rows) {
      expect(row).toMatchObject({ state: 'succeeded', outcome: 'succeeded', failed_requests: 0 });
      expect(row.probe_requests).toBeGreaterThan(0);
    }
    // Canary first: its step finished before the others were dispatched.
    const order = await sql!<{ host_name: string; batch: number; dispatched_at: Date; finished_at: Date }[]>`
      SELECT host_name, batch, dispatched_at, finished_at FROM rollout_steps WHERE rollout_id = ${id} ORDER BY batch, host_name`;
    expect(order.map((s) => s.batch)).toEqual([0, 1, 1]);
    for (const later of order.slice(1)) expect(later.dispatched_at.getTime()).toBeGreaterThanOrEqual(order[0].finished_at.getTime());
    expect((await dispatches(id)).map((d) => d.n)).toEqual([1, 1, 1]);
    // Stored once each, as the agents' outboxes also deliver them.
    const results = await sql!<{ reload_id: string }[]>`SELECT reload_id FROM reload_results WHERE reload_id = ANY(${rows.map((r) => r.reload_id!)})`;
    expect(results).toHaveLength(3);
    // What the dashboard reads: the rollout with its steps and the agents' results.
    const detail = await api.get<{ rollout: { state: string }; steps: { hostName: string; reloadResult: { probe: { failed?: number; requests: number } } }[] }>(`/rollouts/${id}`);
    expect(detail.body.rollout.state).toBe('succeeded');
    expect(detail.body.steps.map((s) => s.hostName)).toEqual(HOSTS);
    expect(detail.body.steps.every((s) => s.reloadResult.probe.requests > 0)).toBe(true);
    // The list carries the progress figures only; one host's step has the agent's whole result.
    expect(detail.body.steps.every((s) => !('summary' in s.reloadResult) && !('result' in s))).toBe(true);
    const one = await api.get<{ step: { hostName: string; state: string }; reloadResult: { summary: string[]; probe: { requests: number } } }>(`/rollouts/${id}/steps/lb-s2`);
    expect(one.status).toBe(200);
    expect(one.body.step).toMatchObject({ hostName: 'lb-s2', state: 'succeeded' });
    expect(one.body.reloadResult.summary.join('\n')).toMatch(/balance/);
    expect((await api.get(`/rollouts/${id}/steps/lb-none`)).status).toBe(404);
    expect((await api.get(`/rollouts/${id}/steps/${encodeURIComponent('not a host!')}`)).status).toBe(400);
    const listed = await api.get<{ items: { id: string }[] }>('/rollouts?state=succeeded');
    expect(listed.body.items.map((r) => r.id)).toEqual([id]);
    const history = await api.get<{ items: { hostName: string; outcome: string }[] }>('/reloads?host=lb-s2&outcome=succeeded');
    expect(history.body.items.map((r) => r.hostName)).toEqual(['lb-s2']);
  });

  it('aborts the rollout when the canary fails at start, and leaves the other hosts untouched', async () => {
    const canary = fleet!.hosts[0];
    const others = fleet!.hosts.slice(1);
    const pidsBefore = await Promise.all(others.map((h) => h.lb.workerPids()));
    const conflict = await plantPortConflict(canary);
    let id: string;
    try {
      id = await create('canary-fails', {
        target: { hosts: HOSTS },
        changes: [{ kind: 'set-balance', backend: 'api', balance: 'source' }],
        plan: { canary: { hosts: [canary.name] }, batchSize: { count: 2 } },
        gates: GATES,
      });
      const final = await finalState(id);
      expect(final.state).toBe('rolled-back');
    } finally {
      await conflict.remove();
    }
    const rows = await steps(id);
    expect(rows.map((r) => [r.host_name, r.state, r.outcome])).toEqual([
      [canary.name, 'failed', 'rolled-back'],
      [others[0].name, 'pending', null],
      [others[1].name, 'pending', null],
    ]);
    // The engine restored the canary; nobody else was touched.
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual(['leastconn', 'leastconn', 'leastconn']);
    expect(await Promise.all(others.map((h) => h.lb.workerPids()))).toEqual(pidsBefore);
    expect((await dispatches(id)).map((d) => d.host_name)).toEqual([canary.name]);
  });

  it('finishes a rollout after the server is SIGKILLed mid-rollout, applying no host step twice', async () => {
    const started = Date.now();
    const id = await create('through-a-crash', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'roundrobin' }],
      plan: { batchSize: { count: 1 } },
      gates: GATES,
    });
    // Kill while a reload is in flight: a step is claimed, its answer not yet recorded.
    await eventually(
      'a step in flight',
      async () => {
        const [row] = await sql!`SELECT 1 FROM rollout_steps s WHERE s.rollout_id = ${id} AND s.state = 'dispatched'
                                 AND NOT EXISTS (SELECT 1 FROM reload_results r WHERE r.reload_id = s.reload_id AND r.host_name = s.host_name)
                                 AND EXISTS (SELECT 1 FROM step_dispatches d WHERE d.reload_id = s.reload_id)`;
        return row ? true : undefined;
      },
      30_000,
      20,
    );
    await server!.kill();
    const [{ dispatched }] = await sql!<{ dispatched: number }[]>`SELECT count(*)::int AS dispatched FROM rollout_steps WHERE rollout_id = ${id} AND state <> 'pending'`;
    expect(dispatched).toBeGreaterThanOrEqual(1);
    expect(dispatched).toBeLessThan(3);
    await server!.start();
    expect((await finalState(id)).state).toBe('succeeded');
    timings.throughCrash = (Date.now() - started) / 1000;
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
    const rows = await steps(id);
    expect(rows.every((r) => r.state === 'succeeded' && r.failed_requests === 0)).toBe(true);
    // One reload id per host; a re-send after the crash reused it, and each id has one result.
    const sent = await dispatches(id);
    expect(new Set(sent.map((d) => d.host_name)).size).toBe(3);
    for (const host of HOSTS) expect(new Set(sent.filter((d) => d.host_name === host).map((d) => d.reload_id)).size).toBe(1);
    const results = await sql!<{ reload_id: string; deliveries: number }[]>`SELECT reload_id, deliveries FROM reload_results WHERE reload_id = ANY(${rows.map((r) => r.reload_id!)})`;
    expect(results).toHaveLength(3);
    // The agents applied each id once: each host's HAProxy master reloaded once for this rollout.
    const perHost = await Promise.all(
      fleet!.hosts.map(async (h) => (await sql!<{ n: number }[]>`SELECT count(*)::int AS n FROM reload_results WHERE host_name = ${h.name} AND reload_id = ${rows.find((r) => r.host_name === h.name)!.reload_id!}`)[0].n),
    );
    expect(perHost).toEqual([1, 1, 1]);
    // Nothing reloaded any host after its recorded reload: the workers running now are the ones that reload started.
    for (const host of fleet!.hosts) {
      const [{ new_pids }] = await sql!<{ new_pids: number[] }[]>`
        SELECT r.result->'newPids' AS new_pids FROM reload_results r JOIN rollout_steps s ON s.reload_id = r.reload_id WHERE s.rollout_id = ${id} AND s.host_name = ${host.name}`;
      expect(await host.lb.workerPids()).toEqual(new_pids);
    }
    process.stdout.write(`crash test dispatches: ${JSON.stringify(sent)}\n`);
  });

  it('runs with two replicas at once, and every host step is dispatched exactly once', async () => {
    replica2 = await createServerProcess({ databaseUrl: db!.url, replicaName: 'replica-2', stateDir: server!.stateDir, extra: { maxLeasesPerReplica: 2 } });
    // Past its start-up grace (three heartbeats), replica 2 takes leases too.
    await new Promise((resolve) => setTimeout(resolve, 3500));
    const ids = await Promise.all(
      HOSTS.map((host, i) =>
        create(`replicas-${host}`, { target: { hosts: [host] }, changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }], plan: { batchSize: { count: 1 } }, gates: GATES }, i % 2 === 0 ? api : apiClient(`${replica2!.httpUrl}/api/v1`, operatorToken)),
      ),
    );
    for (const id of ids) expect((await finalState(id)).state).toBe('succeeded');
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual(['leastconn', 'leastconn', 'leastconn']);
    const sent = (await Promise.all(ids.map(dispatches))).flat();
    expect(sent.map((d) => d.n)).toEqual([1, 1, 1]);
    expect(new Set(sent.map((d) => d.replica))).toEqual(new Set(['replica-1', 'replica-2']));
    process.stdout.write(`replica dispatches: ${JSON.stringify(sent.map((d) => [d.host_name, d.replica]))}\n`);
  });

  it('rolls back every changed host, most recent first, when a later host fails beyond the budget', async () => {
    const rows = await rolledBackByFailingHost('budget-exhausted', [{ kind: 'set-balance', backend: 'api', balance: 'source' }]);
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual(['leastconn', 'leastconn', 'leastconn']);
    expect(rows[0].changes).toEqual([
      { backend: 'api', field: 'balance', before: { value: 'leastconn', origin: 'explicit' }, after: { value: 'source', origin: 'explicit' }, line: expect.any(Number), edit: 'replaced' },
    ]);
    // The host changed last is restored first.
    expect(rows[1].rollback_dispatched_at!.getTime()).toBeLessThanOrEqual(rows[0].rollback_dispatched_at!.getTime());
  });

  it('validates a dry run on every target and changes nothing', async () => {
    const pidsBefore = await Promise.all(fleet!.hosts.map((h) => h.lb.workerPids()));
    const id = await create('dry-run', {
      target: { labels: { env: 'lab' } },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'first' }],
      plan: { batchSize: { count: 3 } },
      gates: GATES,
      dryRun: true,
    });
    expect(await finalState(id)).toEqual({ state: 'succeeded', summary: '3 hosts validated' });
    expect((await steps(id)).map((r) => [r.state, r.outcome])).toEqual([
      ['succeeded', 'validated'],
      ['succeeded', 'validated'],
      ['succeeded', 'validated'],
    ]);
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual(['leastconn', 'leastconn', 'leastconn']);
    expect(await Promise.all(fleet!.hosts.map((h) => h.lb.workerPids()))).toEqual(pidsBefore);
  });

  it('pauses between steps on request, dispatching nothing new, and resumes to the end', async () => {
    const id = await create('paused', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'roundrobin' }],
      plan: { batchSize: { count: 1 }, pauseBetweenBatchesSeconds: 1 },
      gates: GATES,
    });
    await eventually('the first host changed', async () => ((await steps(id))[0].state === 'succeeded' ? true : undefined));
    expect((await api.post<{ state: string }>(`/rollouts/${id}/pause`, {})).body.state).toBe('paused');
    const settledAt = await steps(id);
    await new Promise((resolve) => setTimeout(resolve, 2500));
    expect((await steps(id)).map((s) => s.state)).toEqual(settledAt.map((s) => s.state));
    expect((await sql!`SELECT state FROM rollouts WHERE id = ${id}`)[0].state).toBe('paused');
    expect((await api.post(`/rollouts/${id}/resume`, {})).status).toBe(200);
    expect((await finalState(id)).state).toBe('succeeded');
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual(['roundrobin', 'roundrobin', 'roundrobin']);
    const audit = await sql!<{ actor: string; action: string }[]>`SELECT actor, action FROM audit_log WHERE target = ${id} ORDER BY id`;
    expect(audit.map((a) => a.action)).toEqual(['rollout.create', 'rollout.pause', 'rollout.resume', 'rollout.finish']);
    expect(audit[3].actor).toMatch(/^scheduler:replica-[12]$/);
  });

  it('rolls back a balance and a weight that were inherited exactly: each changed file comes back byte for byte', async () => {
    const [canary, second] = fleet!.hosts;
    // The api backends inherit HAProxy's default balance, and web1 its default weight.
    const original = new Map<string, string>();
    const inherited = new Map<string, string>();
    for (const host of fleet!.hosts) {
      const text = await readFile(host.lb.configPath, 'utf8');
      original.set(host.name, text);
      inherited.set(host.name, text.replace(/\n\s*balance [^\n]*/, ''));
      await writeFile(host.lb.configPath, inherited.get(host.name)!);
    }
    expect(await Promise.all(HOSTS.map(balanceOf))).toEqual([undefined, undefined, undefined]);
    try {
      const rows = await rolledBackByFailingHost('inherited-rolled-back', [
        { kind: 'set-balance', backend: 'api', balance: 'source' },
        { kind: 'set-server-weight', backend: 'api', server: 'web1', weight: 7 },
      ]);
      for (const host of [canary, second]) expect(await readFile(host.lb.configPath, 'utf8')).toBe(inherited.get(host.name));
      expect(rows[0].changes).toEqual([
        { backend: 'api', field: 'balance', before: { value: 'roundrobin', origin: 'haproxy-default' }, after: { value: 'source', origin: 'explicit' }, line: expect.any(Number), edit: 'inserted' },
        { backend: 'api', server: 'web1', field: 'weight', before: { value: '1', origin: 'haproxy-default' }, after: { value: '7', origin: 'explicit' }, line: expect.any(Number), edit: 'replaced' },
      ]);
    } finally {
      for (const host of fleet!.hosts) await writeFile(host.lb.configPath, original.get(host.name)!);
    }
  });
});
