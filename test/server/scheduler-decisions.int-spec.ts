// The scheduler's writes are its decisions. Decision sequences from
// @hitless/rollout's decideNext run through the real scheduler store against
// Postgres; after each one, what the database holds (read back the way the
// scheduler reads it) must be what applyDecision says the decision does. Every
// kind of action must occur in some sequence here: a new kind of action does
// not compile in this file until it is listed, and is red until a sequence
// produces it.
import { randomUUID } from 'node:crypto';
import { silentLogger } from '@hitless/log';
import { applyDecision, decideNext, type HostStep, type RolloutAction, type RolloutSnapshot } from '@hitless/rollout';
import { repositoriesOf, type Repositories } from '../../apps/server/src/compose';
import { openDatabase, type Database } from '../../apps/server/src/database/open-database';
import { Transactions } from '../../apps/server/src/database/transactions';
import { HostPresence } from '../../apps/server/src/hosts/host-presence';
import { RolloutLeases, type Lease } from '../../apps/server/src/scheduler/rollout-leases';
import { buildSnapshot } from '../../apps/server/src/scheduler/rollout-snapshot';
import { SchedulerStore, type Claimed } from '../../apps/server/src/scheduler/scheduler-store';
import { startTestDatabase, type TestDatabase } from '../support/test-database';

const ACTION_TYPES = {
  'settle-step': true,
  'skip-step': true,
  dispatch: true,
  wait: true,
  'pause-for-window': true,
  'start-rollback': true,
  'dispatch-rollback': true,
  'settle-rollback': true,
  finish: true,
} as const satisfies Record<RolloutAction['type'], true>;

const CERT = 'cert-d';
const ONLINE = ['lb-d1', 'lb-d2', 'lb-d3', 'lb-d4'];
const NEVER_HEARD = 'lb-d5';

/** What the store keeps of a snapshot: the steps without the answers and presence it reads from elsewhere. */
function stored(snapshot: RolloutSnapshot) {
  return {
    state: snapshot.state,
    stopReason: snapshot.stopReason,
    steps: snapshot.steps.map(({ result: _answer, rollbackResult: _rollbackAnswer, hostOnline: _online, ...step }): Omit<HostStep, 'result' | 'rollbackResult' | 'hostOnline'> => step),
  };
}

describe('the scheduler store writes what @hitless/rollout decides', () => {
  let db: TestDatabase | undefined;
  let database: Database | undefined;
  let repos: Repositories;
  let store: SchedulerStore;
  let leases: RolloutLeases;
  const seen = new Set<RolloutAction['type']>();
  // The decisions' clock: a second per decision, from now.
  let now = new Date();

  beforeAll(async () => {
    db = await startTestDatabase();
    database = await openDatabase(db.url, silentLogger);
    const { sql } = database;
    repos = repositoriesOf(sql, new HostPresence(60), { now: () => now });
    leases = new RolloutLeases(sql, 'decisions', 600_000);
    store = new SchedulerStore(sql, leases, repos.rollouts, repos.hostDirectory, repos.windows);
    for (const name of [...ONLINE, NEVER_HEARD]) {
      await sql`INSERT INTO hosts (name, cert_serial, cert_not_after, agent_address, last_heartbeat_at)
                VALUES (${name}, ${CERT}, now() + interval '1 day', '127.0.0.1:1', ${name === NEVER_HEARD ? null : sql`now()`})`;
    }
  });

  afterAll(async () => {
    await database?.close();
    await db?.stop();
  });

  async function createRollout(spec: Record<string, unknown>, batches: string[][], windowId: string | null = null): Promise<{ id: string; lease: Lease }> {
    const id = randomUUID();
    await new Transactions(database!.sql).run((tx) =>
      repos.rollouts.insert(tx, { id, name: `decisions ${id}`, spec, windowId, notBefore: null, dryRun: false, idempotencyKey: null, createdBy: 'test', batches, skipped: [] }),
    );
    const lease = (await leases.acquire(100)).find((held) => held.rolloutId === id);
    if (!lease) throw new Error(`no lease on ${id}`);
    return { id, lease };
  }

  /** One tick: decide from what the store loads, apply, and compare what it holds then with applyDecision. */
  async function decide(id: string, lease: Lease): Promise<{ actions: readonly RolloutAction[]; claimed: Claimed[]; state: string }> {
    now = new Date(now.getTime() + 1000);
    const loaded = await store.load(id);
    if (!loaded) throw new Error(`no rollout ${id}`);
    const { snapshot } = buildSnapshot(loaded, now);
    const decision = decideNext(snapshot, now);
    for (const action of decision.actions) seen.add(action.type);
    const applied = await store.apply(lease, loaded, snapshot, decision, now);
    if (applied.outcome !== 'done') throw new Error('fenced');
    const after = await store.load(id);
    // The one difference allowed: a claim the database refused (the host is busy elsewhere) leaves its step as it was.
    const claimed = new Set(applied.value.map((claim) => claim.hostName));
    const refused = new Set(decision.actions.flatMap((a) => (a.type === 'dispatch' || a.type === 'dispatch-rollback' ? a.hosts : [])).filter((host) => !claimed.has(host)));
    const expected = applyDecision(snapshot, decision, now);
    const kept = { ...expected, steps: expected.steps.map((step, i) => (refused.has(step.host) ? snapshot.steps[i] : step)) };
    expect(stored(buildSnapshot(after!, now).snapshot)).toEqual(stored(kept));
    return { actions: decision.actions, claimed: applied.value, state: decision.state };
  }

  /** An agent's result, stored as the gateway stores one: after the call was recorded. */
  async function result(lease: Lease, claim: Claimed, outcome: 'succeeded' | 'rolled-back' | 'failed'): Promise<void> {
    await store.logDispatch(lease, claim.hostName, claim.reloadId);
    const summary = claim.kind === 'change' ? ['backend api: balance roundrobin -> leastconn (line 9)'] : ['backend api: balance leastconn -> roundrobin (line 9)'];
    const recorded = await repos.results.record(
      {
        reloadId: claim.reloadId,
        hostName: claim.hostName,
        outcome,
        strategy: 'seamless',
        failedRequests: 0,
        startedAt: null,
        finishedAt: now,
        result: { reloadId: claim.reloadId, hostName: claim.hostName, outcome: `OUTCOME_${outcome.toUpperCase().replace('-', '_')}`, summary, probe: { requests: 50 }, backendServers: { total: 2, up: 2 } },
      },
      CERT,
    );
    expect(recorded.outcome).toBe('stored');
  }

  const spec = (hosts: string[], plan: Record<string, unknown>, extra: Record<string, unknown> = {}) => ({
    target: { hosts },
    changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
    plan,
    ...extra,
  });

  it('forward: canary, then batches, each settled from its stored results, to the end', async () => {
    const { id, lease } = await createRollout(spec(ONLINE, { canary: { count: 1 }, batchSize: { count: 2 } }), [['lb-d1'], ['lb-d2', 'lb-d3'], ['lb-d4']]);
    let tick = await decide(id, lease);
    expect(tick.claimed.map((c) => c.hostName)).toEqual(['lb-d1']);
    // Nothing answered yet: the decision waits and writes nothing new.
    expect((await decide(id, lease)).claimed).toEqual([]);
    for (const claim of tick.claimed) await result(lease, claim, 'succeeded');
    tick = await decide(id, lease);
    expect(tick.claimed.map((c) => c.hostName)).toEqual(['lb-d2', 'lb-d3']);
    for (const claim of tick.claimed) await result(lease, claim, 'succeeded');
    tick = await decide(id, lease);
    for (const claim of tick.claimed) await result(lease, claim, 'succeeded');
    tick = await decide(id, lease);
    expect(tick.state).toBe('succeeded');
  });

  it('skips a host never heard from, and records why', async () => {
    const { id, lease } = await createRollout(spec(['lb-d1', NEVER_HEARD], { batchSize: { count: 2 } }), [['lb-d1', NEVER_HEARD]]);
    const tick = await decide(id, lease);
    expect(tick.actions).toContainEqual({ type: 'skip-step', host: NEVER_HEARD, reason: 'offline' });
    for (const claim of tick.claimed) await result(lease, claim, 'succeeded');
    expect((await decide(id, lease)).state).toBe('succeeded');
  });

  it('rolls back past the failure budget: a refusal, a failed host settled and rolled back in one decision, a failed rollback', async () => {
    const { id, lease } = await createRollout(spec(ONLINE.slice(0, 3), { batchSize: { count: 2 }, failureBudget: 0 }), [['lb-d1', 'lb-d2'], ['lb-d3']]);
    let tick = await decide(id, lease);
    for (const claim of tick.claimed) await result(lease, claim, 'succeeded');
    tick = await decide(id, lease);
    expect(tick.claimed.map((c) => c.hostName)).toEqual(['lb-d3']);
    // Its rollback failed too: the host may run the new config, so it is rolled back with the others.
    await result(lease, tick.claimed[0], 'failed');
    tick = await decide(id, lease);
    expect(tick.actions.map((a) => a.type)).toEqual(expect.arrayContaining(['settle-step', 'start-rollback', 'dispatch-rollback']));
    expect(tick.claimed.map((c) => [c.hostName, c.kind])).toEqual([
      ['lb-d3', 'rollback'],
      ['lb-d2', 'rollback'],
      ['lb-d1', 'rollback'],
    ]);
    const [d3, d2, d1] = tick.claimed;
    await result(lease, d3, 'succeeded');
    await result(lease, d2, 'succeeded');
    expect(await store.recordRefusal(lease, d1.hostName, d1.reloadId, 'rollback', { error: 'the balance before the change is unknown', at: now.toISOString() })).toBe('done');
    tick = await decide(id, lease);
    expect(tick.actions.filter((a) => a.type === 'settle-rollback').length).toBe(3);
    expect(tick.state).toBe('failed');
  });

  it('records an agent refusal as the step answer: the canary fails and nothing else is sent', async () => {
    const { id, lease } = await createRollout(spec(['lb-d1', 'lb-d2'], { canary: { count: 1 }, batchSize: { count: 1 } }), [['lb-d1'], ['lb-d2']]);
    let tick = await decide(id, lease);
    const [canary] = tick.claimed;
    expect(await store.recordRefusal(lease, canary.hostName, canary.reloadId, 'change', { error: "no backend 'api'", at: now.toISOString() })).toBe('done');
    tick = await decide(id, lease);
    expect(tick.claimed).toEqual([]);
    expect(tick.state).toBe('rolled-back');
  });

  it('waits at a batch boundary for its maintenance window', async () => {
    const windowId = randomUUID();
    const opens = new Date(now.getTime() + 86_400_000);
    await new Transactions(database!.sql).run((tx) =>
      repos.windows.insert(tx, windowId, `later ${windowId}`, { kind: 'one-off', start: opens.toISOString(), end: new Date(opens.getTime() + 3_600_000).toISOString() }, 'test'),
    );
    const { id, lease } = await createRollout(spec(['lb-d4'], { batchSize: { count: 1 } }, { windowId }), [['lb-d4']], windowId);
    const tick = await decide(id, lease);
    expect(tick.actions).toContainEqual({ type: 'pause-for-window', batch: 0, resumeAt: opens });
    expect(tick.state).toBe('waiting-for-window');
  });

  it('has written every kind of action in the sequences above', () => {
    expect([...seen].sort()).toEqual(Object.keys(ACTION_TYPES).sort());
  });
});
