// Leases and fencing against real Postgres: a replica whose lease was taken
// over cannot write anything for that rollout any more, and an answer is
// recorded once however many times it arrives.
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@hitless/log';
import { openDatabase, type Database } from '../../apps/server/src/database/open-database';
import { RolloutLeases } from '../../apps/server/src/scheduler/rollout-leases';
import { SchedulerStore } from '../../apps/server/src/scheduler/scheduler-store';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

describe('rollout leases and fenced writes', () => {
  let db: TestDatabase | undefined;
  let database: Database | undefined;
  const rolloutId = randomUUID();
  const applied = { backend: 'api', field: 'balance', before: { value: 'roundrobin', origin: 'explicit' }, after: { value: 'leastconn', origin: 'explicit' }, line: 12, edit: 'replaced' } as const;
  const answer = { outcome: 'succeeded' as const, probe: { requests: 10, failed: 0 }, changes: [applied], answeredAt: new Date().toISOString() };

  beforeAll(async () => {
    db = await startTestDatabase();
    database = await openDatabase(db.url, silentLogger);
    const { sql } = database;
    await sql`INSERT INTO hosts (name, cert_serial, cert_not_after) VALUES ('lb-f1', 's', now() + interval '1 day'), ('lb-f2', 's', now() + interval '1 day')`;
    await sql`INSERT INTO rollouts (id, name, spec, state, created_by) VALUES (${rolloutId}, 'fenced', '{}', 'running', 'test')`;
    await sql`INSERT INTO rollout_steps (rollout_id, host_name, batch, position, state, reload_id) VALUES (${rolloutId}, 'lb-f1', 0, 0, 'dispatched', 'rs-f1')`;
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

    const storeA = new SchedulerStore(database!.sql, a, 3);
    const storeB = new SchedulerStore(database!.sql, b, 3);
    expect(await storeA.recordResult(leaseA, 'lb-f1', 'rs-f1', answer)).toBe('fenced');
    const [untouched] = await database!.sql`SELECT result FROM rollout_steps WHERE rollout_id = ${rolloutId} AND host_name = 'lb-f1'`;
    expect(untouched.result).toBeNull();

    expect(await storeB.recordResult(leaseB, 'lb-f1', 'rs-f1', answer)).toBe('done');
    // The same answer again (a re-sent id answered twice) is not recorded twice.
    expect(await storeB.recordResult(leaseB, 'lb-f1', 'rs-f1', { ...answer, probe: { requests: 99, failed: 9 }, changes: [] })).toBe('stale');
    const [stored] = await database!.sql`SELECT failed_requests, result->'changes' AS changes FROM rollout_steps WHERE rollout_id = ${rolloutId} AND host_name = 'lb-f1'`;
    expect(stored).toEqual({ failed_requests: 0, changes: [applied] });
  });

  it('lets the database refuse a second reload in flight on one host across rollouts', async () => {
    const other = randomUUID();
    const { sql } = database!;
    await sql`INSERT INTO rollouts (id, name, spec, state, created_by) VALUES (${other}, 'other', '{}', 'running', 'test')`;
    await sql`INSERT INTO rollout_steps (rollout_id, host_name, batch, position, state) VALUES (${other}, 'lb-f1', 0, 0, 'pending')`;
    await expect(sql`UPDATE rollout_steps SET state = 'dispatched' WHERE rollout_id = ${other} AND host_name = 'lb-f1'`).rejects.toMatchObject({ code: '23505' });
  });
});
