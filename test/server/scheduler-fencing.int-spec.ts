// Leases and fencing against real Postgres: a replica whose lease was taken
// over cannot write anything for that rollout any more, and an answer is
// recorded once however many times it arrives.
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@hitless/log';
import type { RolloutDecision, RolloutSnapshot } from '@hitless/rollout';
import * as wire from '@hitless/proto';
import { appliedChangeToWire } from '@hitless/agent-wire';
import type { AppliedChange } from '@hitless/haproxy';
import { repositoriesOf } from '../../apps/server/src/compose';
import { openDatabase, type Database } from '../../apps/server/src/database/open-database';
import { HostPresence } from '../../apps/server/src/hosts/host-presence';
import { RolloutLeases } from '../../apps/server/src/scheduler/rollout-leases';
import { SchedulerStore } from '../../apps/server/src/scheduler/scheduler-store';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

describe('rollout leases and fenced writes', () => {
  let db: TestDatabase | undefined;
  let database: Database | undefined;
  const rolloutId = randomUUID();
  const applied = { backend: 'api', field: 'balance', before: { value: 'roundrobin', origin: 'explicit' }, after: { value: 'leastconn', origin: 'explicit' }, line: 12, edit: 'replaced' } as const;
  const refusal = { error: "no backend 'api' in the live config", at: new Date().toISOString() };
  const storeOf = (leases: RolloutLeases) => {
    const repos = repositoriesOf(database!.sql, new HostPresence(3), { now: () => new Date() });
    return new SchedulerStore(database!.sql, leases, repos.rollouts, repos.hostDirectory, repos.windows);
  };

  beforeAll(async () => {
    db = await startTestDatabase();
    database = await openDatabase(db.url, silentLogger);
    const { sql } = database;
    await sql`INSERT INTO hosts (name, cert_serial, cert_not_after) VALUES ('lb-f1', 's', now() + interval '1 day'), ('lb-f2', 's', now() + interval '1 day')`;
    await sql`INSERT INTO rollouts (id, name, spec, state, created_by) VALUES (${rolloutId}, 'fenced', '{}', 'running', 'test')`;
    await sql`INSERT INTO rollout_steps (rollout_id, host_name, batch, position, state, reload_id, dispatched_at) VALUES (${rolloutId}, 'lb-f1', 0, 0, 'dispatched', 'rs-f1', now())`;
    await sql`INSERT INTO step_dispatches (rollout_id, host_name, reload_id, replica, epoch) VALUES (${rolloutId}, 'lb-f1', 'rs-f1', 'replica-b', 2)`;
  });

  afterAll(async () => {
    await database?.close();
    await db?.stop();
  });

  it('gives a rollout to one replica at a time, and fences the former leader after a take-over', async () => {
    const a = new RolloutLeases(database!.sql, 'replica-a', 60_000);
    const b = new RolloutLeases(database!.sql, 'replica-b', 60_000);
    const [leaseA] = await a.acquire(10);
    expect(leaseA).toEqual({ rolloutId, epoch: 1 });
    expect(await b.acquire(10)).toEqual([]);
    // Renewing keeps the epoch.
    expect(await a.acquire(10)).toEqual([leaseA]);

    // A stalls; its lease runs out and B takes over with a higher epoch.
    await database!.sql`UPDATE rollouts SET lease_until = now() - interval '1 second' WHERE id = ${rolloutId}`;
    const [leaseB] = await b.acquire(10);
    expect(leaseB).toEqual({ rolloutId, epoch: 2 });

    const storeA = storeOf(a);
    const storeB = storeOf(b);
    const stepRow = async () =>
      (await database!.sql<{ state: string; refusal: unknown; finished_at: Date | null }[]>`
        SELECT state, refusal, finished_at FROM rollout_steps WHERE rollout_id = ${rolloutId} AND host_name = 'lb-f1'`)[0];
    // The former leader can neither record what its call was answered with, nor apply a decision.
    expect(await storeA.recordRefusal(leaseA, 'lb-f1', 'rs-f1', 'change', refusal)).toBe('fenced');
    const loaded = await storeA.load(rolloutId);
    const snapshot = { state: 'running', steps: [{ host: 'lb-f1', batch: 0, state: 'dispatched', hostOnline: true, dispatchedAt: new Date() }] } as unknown as RolloutSnapshot;
    const settle: RolloutDecision = { state: 'failed', actions: [{ type: 'settle-step', host: 'lb-f1', state: 'failed', changed: false, reasons: [], at: new Date() }], wakeAt: null };
    expect(await storeA.apply(leaseA, loaded!, snapshot, settle, new Date())).toEqual({ outcome: 'fenced' });
    expect(await stepRow()).toEqual({ state: 'dispatched', refusal: null, finished_at: null });

    expect(await storeB.recordRefusal(leaseB, 'lb-f1', 'rs-f1', 'change', refusal)).toBe('done');
    // The same answer again (a re-sent id answered twice) is not recorded twice.
    expect(await storeB.recordRefusal(leaseB, 'lb-f1', 'rs-f1', 'change', { error: 'a later answer', at: new Date().toISOString() })).toBe('stale');
    expect((await stepRow()).refusal).toEqual(refusal);
  });

  it('stores an agent result once however often it is delivered; the first delivery stands', async () => {
    const repos = repositoriesOf(database!.sql, new HostPresence(3), { now: () => new Date() });
    // As the intake stores an agent's result: proto3 JSON, its change records in the wire's words.
    const delivery = (failed: number, changes: readonly AppliedChange[]) => ({
      reloadId: 'rs-f1',
      hostName: 'lb-f1',
      outcome: 'succeeded',
      strategy: 'seamless',
      failedRequests: failed,
      startedAt: null,
      finishedAt: new Date(),
      result: { reloadId: 'rs-f1', hostName: 'lb-f1', outcome: 'OUTCOME_SUCCEEDED', probe: { requests: 10, failed }, changes: changes.map((c) => wire.AppliedChange.toJSON(appliedChangeToWire(c))) },
    });
    expect(await repos.results.record(delivery(0, [applied]), 's')).toEqual({ outcome: 'stored', rolloutId });
    expect(await repos.results.record(delivery(9, []), 's')).toEqual({ outcome: 'duplicate', rolloutId });
    const [row] = await database!.sql`SELECT failed_requests, deliveries FROM reload_results WHERE reload_id = 'rs-f1'`;
    expect(row).toEqual({ failed_requests: 0, deliveries: 2 });
    // What a rollback of this step would undo: the first delivery's records, read through the step.
    expect((await repos.rollouts.step(rolloutId, 'lb-f1'))?.appliedChanges).toEqual([applied]);
  });

  it('lets the database refuse a second reload in flight on one host across rollouts', async () => {
    const other = randomUUID();
    const { sql } = database!;
    await sql`INSERT INTO rollouts (id, name, spec, state, created_by) VALUES (${other}, 'other', '{}', 'running', 'test')`;
    await sql`INSERT INTO rollout_steps (rollout_id, host_name, batch, position, state) VALUES (${other}, 'lb-f1', 0, 0, 'pending')`;
    await expect(sql`UPDATE rollout_steps SET state = 'dispatched' WHERE rollout_id = ${other} AND host_name = 'lb-f1'`).rejects.toMatchObject({ code: '23505' });
  });
});
