// Fault suite, part 1: a process dies or goes away during a rollout, under
// live client traffic on every load balancer. An agent SIGKILLed mid-reload
// and restarted; the server SIGKILLed mid-rollout and restarted; Postgres
// stopped and started again during a rollout. After each: the rollout ends as
// designed, every step's result is recorded once, no host is left plugged or
// half-configured, and the clients of healthy hosts saw no failed request.
import { readFile } from 'node:fs/promises';
import { eventually } from '../support/eventually';
import type { Sql } from '../../apps/server/src/database/sql-client';
import { describeTraffic, startClientTraffic, type ClientTraffic } from './client-traffic';
import { startFaultStack, type FaultStack } from './fault-stack';
import { inFlightPhase, reportFault, secondsSince } from './fault-report';
import { CLEAN, inspectHost, withBalance } from './host-state';
import { createRollout, finalRollout, reloadIdsSent, resultsPerStep, stepInFlight, stepState, type RolloutDetail } from './rollout-records';

const HOSTS = ['lb-p1', 'lb-p2', 'lb-p3'];
const GATES = { agentDeadlineSeconds: 60 };
// Beyond every eventually() deadline inside a test, so a hang reports what it waited for.
const TEST_TIMEOUT_MS = 240_000;

/** The rollout succeeded on every host, each host was sent one reload id, and each answer was stored once. */
async function expectEveryHostChangedOnce(sql: Sql, id: string, final: RolloutDetail): Promise<void> {
  expect(final.rollout.state).toBe('succeeded');
  expect(Object.values(stepState(final))).toEqual(HOSTS.map(() => 'succeeded'));
  expect(Object.values(await reloadIdsSent(sql, id)).map((ids) => ids.length)).toEqual(HOSTS.map(() => 1));
  expect(Object.values(await resultsPerStep(sql, id))).toEqual(HOSTS.map(() => ({ rows: 1, outcome: 'succeeded' })));
}

describe('fault suite: processes killed or restarted mid-rollout', () => {
  let stack: FaultStack | undefined;
  let traffic: ClientTraffic | undefined;

  beforeAll(async () => {
    stack = await startFaultStack({ hosts: HOSTS, agentNetwork: 'loopback' });
  }, 180_000);

  afterEach(async () => {
    // A failed test must not leave its clients running into the next one.
    await traffic?.stop();
    traffic = undefined;
  });

  afterAll(async () => {
    await stack?.close();
  }, 120_000);

  const liveConfigs = async () => Object.fromEntries(await Promise.all(stack!.fleet.hosts.map(async (h) => [h.name, await readFile(h.lb.configPath, 'utf8')] as const)));

  it('an agent SIGKILLed mid-reload restarts, restores one whole config, and reports the reload exactly once', async () => {
    const { fleet, api, sql } = stack!;
    const [victim, ...healthy] = fleet.hosts;
    const before = await liveConfigs();
    traffic = startClientTraffic(fleet.hosts);
    // No canary and a failure budget of one: the interrupted host may fail, the rollout goes on.
    const id = await createRollout(api, 'agent-killed', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
      plan: { batchSize: { count: 1 }, failureBudget: 1 },
      gates: GATES,
    });
    // The victim is first in plan order; kill its agent while HAProxy is being reloaded.
    await eventually('the victim agent in its reload phase', async () => ((await inFlightPhase(victim)) === 'reload' ? true : undefined), 60_000, 10);
    await victim.agent.kill!();
    const killedAt = Date.now();
    await fleet.startAgent(victim.name);
    const recorded = await eventually(
      'the interrupted reload recorded',
      async () => {
        const [row] = await sql<{ outcome: string }[]>`SELECT r.outcome FROM rollout_steps s JOIN reload_results r ON r.reload_id = s.reload_id WHERE s.rollout_id = ${id} AND s.host_name = ${victim.name}`;
        return row?.outcome;
      },
      90_000,
    );
    const recoveredS = secondsSince(killedAt);
    const final = await finalRollout(api, id);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const clients = await traffic.stop();

    // The restarted agent finished the interrupted reload by restoring last-known-good.
    expect(recorded).toBe('rolled-back');
    expect(final.rollout.state).toBe('failed');
    expect(stepState(final)).toEqual({ [victim.name]: 'failed', [healthy[0].name]: 'succeeded', [healthy[1].name]: 'succeeded' });
    // One reload id per host, one result each: nothing applied or stored twice.
    expect(Object.values(await reloadIdsSent(sql, id)).map((ids) => ids.length)).toEqual([1, 1, 1]);
    expect(Object.values(await resultsPerStep(sql, id)).map((r) => r.rows)).toEqual([1, 1, 1]);
    const states = Object.fromEntries(await Promise.all(fleet.hosts.map(async (h) => [h.name, await inspectHost(h, { old: before[h.name], new: withBalance(before[h.name], 'leastconn') })] as const)));
    for (const host of fleet.hosts) {
      expect(states[host.name]).toMatchObject({ guardQdiscs: [], hitlessRules: [], haproxyCheckPasses: true, serves: 200 });
    }
    expect(states[victim.name].liveConfig).toBe('old');
    for (const host of healthy) expect(states[host.name].liveConfig).toBe('new');
    for (const host of healthy) expect(clients[host.name]).toMatchObject({ failed: 0 });
    for (const host of fleet.hosts) expect(clients[host.name].requests).toBeGreaterThan(0);
    reportFault('agent SIGKILL mid-reload', {
      rollout: final.rollout.state,
      summary: final.rollout.summary,
      steps: stepState(final),
      victimOutcome: recorded,
      recordedAfterKill_s: recoveredS,
      clients: describeTraffic(clients),
    });
  }, TEST_TIMEOUT_MS);

  it('the server SIGKILLed mid-rollout and restarted finishes the rollout, applying no step twice', async () => {
    const { fleet, api, sql, server } = stack!;
    const before = await liveConfigs();
    traffic = startClientTraffic(fleet.hosts);
    const id = await createRollout(api, 'server-killed', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'source' }],
      plan: { canary: { count: 1 }, batchSize: { count: 1 } },
      gates: GATES,
    });
    // Kill while a step is claimed and sent, its answer not yet recorded.
    await stepInFlight(sql, id);
    await server.kill();
    const killedAt = Date.now();
    const [{ started }] = await sql<{ started: number }[]>`SELECT count(*)::int AS started FROM rollout_steps WHERE rollout_id = ${id} AND state <> 'pending'`;
    // Down for a few heartbeats: agents finish what they started and keep their results.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    await server.start();
    const final = await finalRollout(api, id);
    const recoveredS = secondsSince(killedAt);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const clients = await traffic.stop();

    expect(started).toBeLessThan(HOSTS.length);
    await expectEveryHostChangedOnce(sql, id, final);
    for (const host of fleet.hosts) {
      expect(await inspectHost(host, { old: before[host.name], new: withBalance(before[host.name], 'source') })).toEqual({
        ...CLEAN,
        liveConfig: 'new',
      });
      expect(clients[host.name]).toMatchObject({ failed: 0 });
      expect(clients[host.name].requests).toBeGreaterThan(0);
    }
    reportFault('server SIGKILL mid-rollout', {
      rollout: final.rollout.state,
      summary: final.rollout.summary,
      stepsStartedBeforeKill: started,
      killToSucceeded_s: recoveredS,
      clients: describeTraffic(clients),
    });
  }, TEST_TIMEOUT_MS);

  it('Postgres stopped and started again during a rollout: the rollout finishes, each result stored once', async () => {
    const { fleet, api, sql, db } = stack!;
    const before = await liveConfigs();
    traffic = startClientTraffic(fleet.hosts);
    const id = await createRollout(api, 'postgres-restarted', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'static-rr' }],
      plan: { canary: { count: 1 }, batchSize: { count: 1 } },
      gates: GATES,
    });
    await stepInFlight(sql, id);
    const heldBackNotices = () => stack!.server.logs().split('deciding nothing until heartbeats').length - 1;
    const noticesBefore = heldBackNotices();
    await db.halt();
    const haltedAt = Date.now();
    // Down long enough for the in-flight reload to finish and its answer to find no database.
    await new Promise((resolve) => setTimeout(resolve, 4000));
    await db.resume();
    const final = await finalRollout(api, id);
    const recoveredS = secondsSince(haltedAt);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const clients = await traffic.stop();

    await expectEveryHostChangedOnce(sql, id, final);
    // The server survived the outage (it was not restarted): it still answers, and its log says why it held back.
    expect((await api.get('/hosts')).status).toBe(200);
    expect(heldBackNotices()).toBeGreaterThan(noticesBefore);
    for (const host of fleet.hosts) {
      expect(await inspectHost(host, { old: before[host.name], new: withBalance(before[host.name], 'static-rr') })).toEqual({
        ...CLEAN,
        liveConfig: 'new',
      });
      expect(clients[host.name]).toMatchObject({ failed: 0 });
    }
    const deliveries = await sql<{ deliveries: number }[]>`SELECT r.deliveries FROM rollout_steps s JOIN reload_results r ON r.reload_id = s.reload_id WHERE s.rollout_id = ${id} ORDER BY s.host_name`;
    reportFault('Postgres restarted mid-rollout', {
      rollout: final.rollout.state,
      summary: final.rollout.summary,
      haltToSucceeded_s: recoveredS,
      deliveriesPerResult: deliveries.map((d) => d.deliveries),
      clients: describeTraffic(clients),
    });
  }, TEST_TIMEOUT_MS);
});
