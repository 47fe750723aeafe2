// Fault suite, part 2: one load balancer goes wrong during a rollout, under
// live client traffic on every load balancer. Each agent runs inside its
// host's network namespace and reaches the server only across the host's veth.
// A change that fails on the canary; a host whose config directory the agent
// cannot write; a host cut off (veth down) mid-rollout. After each: the
// rollout stops or goes on as designed, the faulty host runs its old config
// untouched and still serves, and healthy hosts drop no request.
import { SystemProcessRunner } from '@hitless/process';
import { eventually } from '../support/eventually';
import type { FleetHost } from '../support/lab-fleet';
import { describeTraffic, startClientTraffic, type ClientTraffic } from './client-traffic';
import { startFaultStack, type FaultStack } from './fault-stack';
import { reportFault, secondsSince } from './fault-report';
import { CLEAN, inspectHost, liveFileIdentity, withBalance } from './host-state';
import { createRollout, finalRollout, reloadIdsSent, resultsPerStep, rolloutDetail, stepState, stepSucceeded } from './rollout-records';
import { makeConfigDirReadOnly } from './read-only-dir';

const HOSTS = ['lb-v1', 'lb-v2', 'lb-v3'];
const GATES = { agentDeadlineSeconds: 60 };
// Beyond every eventually() deadline inside a test, so a hang reports what it waited for.
const TEST_TIMEOUT_MS = 240_000;

describe('fault suite: one load balancer fails during a rollout', () => {
  let stack: FaultStack | undefined;
  let traffic: ClientTraffic | undefined;
  const restore: (() => Promise<void>)[] = [];

  beforeAll(async () => {
    stack = await startFaultStack({ hosts: HOSTS, agentNetwork: 'veth' });
  }, 180_000);

  afterEach(async () => {
    // Whatever a failed test left broken is repaired before the next one (and before teardown).
    while (restore.length) await restore.pop()!();
    await traffic?.stop();
    traffic = undefined;
  });

  afterAll(async () => {
    await stack?.close();
  }, 120_000);

  const host = (name: string): FleetHost => stack!.fleet.hosts.find((h) => h.name === name)!;
  const snapshotHosts = async () =>
    Object.fromEntries(
      await Promise.all(stack!.fleet.hosts.map(async (h) => [h.name, { ...(await liveFileIdentity(h)), workers: await h.lb.workerPids() }] as const)),
    );
  const isOnline = async (name: string) => {
    const response = await stack!.api.get<{ items: { name: string; online: boolean }[] }>('/hosts');
    return response.body.items.find((item) => item.name === name)?.online;
  };

  it('a change that fails on the canary stops the rollout, and the bad config reaches no live file', async () => {
    const { fleet, api, sql } = stack!;
    const canary = host('lb-v1');
    const before = await snapshotHosts();
    traffic = startClientTraffic(fleet.hosts);
    // Valid to the typed change model (allowed fetch and converter), refused by `haproxy -c`: HAProxy's type check cannot mask a boolean as an address.
    const id = await createRollout(api, 'bad-canary', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'hash ssl_fc,ipmask(8)' }],
      plan: { canary: { hosts: [canary.name] }, batchSize: { count: 2 } },
      gates: GATES,
    });
    const final = await finalRollout(api, id);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const clients = await traffic.stop();
    const after = await snapshotHosts();

    expect(final.rollout.state).toBe('rolled-back');
    expect(stepState(final)).toEqual({ 'lb-v1': 'failed', 'lb-v2': 'pending', 'lb-v3': 'pending' });
    const canaryStep = final.steps.find((s) => s.hostName === canary.name)!;
    expect(canaryStep.reloadResult?.outcome).toBe('OUTCOME_REJECTED');
    // Only the canary was ever sent the change; its one result is stored once.
    expect(await reloadIdsSent(sql, id)).toEqual({ [canary.name]: [expect.any(String)] });
    expect(await resultsPerStep(sql, id)).toEqual({ [canary.name]: { rows: 1, outcome: 'rejected' } });
    const [{ validation }] = await sql<{ validation: string }[]>`
      SELECT r.result->>'validationOutput' AS validation FROM rollout_steps s JOIN reload_results r ON r.reload_id = s.reload_id WHERE s.rollout_id = ${id} AND s.host_name = ${canary.name}`;
    expect(validation).toContain("converter 'ipmask' cannot be applied");
    for (const h of fleet.hosts) {
      // Same inode, same text: the live file was never replaced (the agent only writes it by rename), and no HAProxy reloaded.
      expect(after[h.name]).toEqual(before[h.name]);
      expect(after[h.name].text).not.toContain('ipmask');
      expect(await inspectHost(h, { old: before[h.name].text, new: before[h.name].text })).toEqual({ ...CLEAN, liveConfig: 'old' });
      expect(clients[h.name]).toMatchObject({ failed: 0 });
    }
    reportFault('change failing on the canary', {
      rollout: final.rollout.state,
      summary: final.rollout.summary,
      steps: stepState(final),
      canaryOutcome: canaryStep.reloadResult?.outcome,
      canaryError: canaryStep.reloadResult?.error,
      clients: describeTraffic(clients),
    });
  }, TEST_TIMEOUT_MS);

  it('a host whose config directory the agent cannot write fails its step cleanly; the others go on', async () => {
    const { fleet, api, sql } = stack!;
    const victim = host('lb-v2');
    const before = await snapshotHosts();
    const readOnly = await makeConfigDirReadOnly(victim);
    restore.push(() => readOnly.restore());
    traffic = startClientTraffic(fleet.hosts);
    const id = await createRollout(api, 'read-only-config', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'leastconn' }],
      plan: { batchSize: { count: 1 }, failureBudget: 1 },
      gates: GATES,
    });
    const final = await finalRollout(api, id);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const clients = await traffic.stop();
    await restore.pop()!();
    const after = await snapshotHosts();

    expect(final.rollout.state).toBe('failed');
    expect(stepState(final)).toEqual({ 'lb-v1': 'succeeded', 'lb-v2': 'failed', 'lb-v3': 'succeeded' });
    const victimStep = final.steps.find((s) => s.hostName === victim.name)!;
    // Refused before anything was written: 'rejected' tells the server the host does not carry the change.
    expect(victimStep.reloadResult?.outcome).toBe('OUTCOME_REJECTED');
    expect(victimStep.reloadResult?.error).toMatch(/read-only file system/i);
    expect(Object.values(await reloadIdsSent(sql, id)).map((ids) => ids.length)).toEqual([1, 1, 1]);
    expect(await resultsPerStep(sql, id)).toEqual({
      'lb-v1': { rows: 1, outcome: 'succeeded' },
      'lb-v2': { rows: 1, outcome: 'rejected' },
      'lb-v3': { rows: 1, outcome: 'succeeded' },
    });
    // The victim's live file is the very same file, and its HAProxy was not reloaded.
    expect(after[victim.name]).toEqual(before[victim.name]);
    for (const h of fleet.hosts) {
      const state = await inspectHost(h, { old: before[h.name].text, new: withBalance(before[h.name].text, 'leastconn') });
      expect(state).toEqual({ ...CLEAN, liveConfig: h === victim ? 'old' : 'new' });
      expect(clients[h.name]).toMatchObject({ failed: 0 });
    }
    reportFault('config directory unwritable on one host', {
      rollout: final.rollout.state,
      summary: final.rollout.summary,
      steps: stepState(final),
      victimOutcome: victimStep.reloadResult?.outcome,
      victimError: victimStep.reloadResult?.error,
      clients: describeTraffic(clients),
    });
  }, TEST_TIMEOUT_MS);

  it('a host cut off (veth down) mid-rollout is seen offline and skipped; the others finish; it comes back intact', async () => {
    const { fleet, api, sql } = stack!;
    const [canary, second, victim] = ['lb-v1', 'lb-v2', 'lb-v3'].map(host);
    const before = await snapshotHosts();
    traffic = startClientTraffic(fleet.hosts);
    // A pause between batches leaves the server time to see the victim's heartbeats stop before its batch opens.
    const id = await createRollout(api, 'host-cut-off', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'first' }],
      plan: { canary: { hosts: [canary.name] }, batchSize: { count: 1 }, pauseBetweenBatchesSeconds: 5 },
      gates: GATES,
    });
    await stepSucceeded(sql, id, canary.name, 'the canary step to succeed');
    await victim.lab.setLinkUp(false);
    const cutAt = Date.now();
    restore.push(() => victim.lab.setLinkUp(true));
    // Cut off, not rerouted: the root namespace still sends the victim's traffic into its (dead) veth.
    expect((await new SystemProcessRunner().run('ip', ['route', 'get', victim.lab.address])).stdout).toContain(`dev ${victim.lab.vethOutside} `);
    await eventually('the server to see the victim offline', async () => ((await isOnline(victim.name)) === false ? true : undefined), 60_000, 200);
    const seenOfflineS = secondsSince(cutAt);
    const final = await finalRollout(api, id);

    await restore.pop()!();
    const upAt = Date.now();
    await eventually('the victim online again', async () => ((await isOnline(victim.name)) === true ? true : undefined), 60_000, 200);
    const backOnlineS = secondsSince(upAt);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const clients = await traffic.stop();

    expect(final.rollout.state).toBe('succeeded');
    expect(final.rollout.summary).toBe('2 hosts changed, 1 skipped');
    expect(stepState(final)).toEqual({ [canary.name]: 'succeeded', [second.name]: 'succeeded', [victim.name]: 'skipped' });
    // The cut-off host was never sent anything; the others one reload id and one result each.
    expect(await reloadIdsSent(sql, id)).toEqual({ [canary.name]: [expect.any(String)], [second.name]: [expect.any(String)] });
    expect(await resultsPerStep(sql, id)).toEqual({ [canary.name]: { rows: 1, outcome: 'succeeded' }, [second.name]: { rows: 1, outcome: 'succeeded' } });
    const after = await snapshotHosts();
    expect(after[victim.name]).toEqual(before[victim.name]);
    for (const h of fleet.hosts) {
      const state = await inspectHost(h, { old: before[h.name].text, new: withBalance(before[h.name].text, 'first') });
      expect(state).toEqual({ ...CLEAN, liveConfig: h === victim ? 'old' : 'new' });
    }
    for (const h of [canary, second]) expect(clients[h.name]).toMatchObject({ failed: 0 });
    // The victim's own clients were cut off with it: their failures show the cut was real.
    expect(clients[victim.name].failed).toBeGreaterThan(0);
    reportFault('load balancer cut off (veth down)', {
      rollout: final.rollout.state,
      summary: final.rollout.summary,
      steps: stepState(final),
      seenOfflineAfterCut_s: seenOfflineS,
      backOnlineAfterLinkUp_s: backOnlineS,
      clients: describeTraffic(clients),
    });
  }, TEST_TIMEOUT_MS);

  it('with offlineHosts "wait", the rollout holds at the cut-off host and resumes to the end once it is back', async () => {
    const { fleet, api, sql } = stack!;
    const [canary, second, victim] = ['lb-v1', 'lb-v2', 'lb-v3'].map(host);
    const before = await snapshotHosts();
    traffic = startClientTraffic(fleet.hosts);
    const id = await createRollout(api, 'host-cut-off-wait', {
      target: { hosts: HOSTS },
      changes: [{ kind: 'set-balance', backend: 'api', balance: 'static-rr' }],
      plan: { canary: { hosts: [canary.name] }, batchSize: { count: 1 }, pauseBetweenBatchesSeconds: 5 },
      gates: GATES,
      offlineHosts: 'wait',
    });
    await stepSucceeded(sql, id, canary.name, 'the canary step to succeed');
    await victim.lab.setLinkUp(false);
    restore.push(() => victim.lab.setLinkUp(true));
    await eventually('the server to see the victim offline', async () => ((await isOnline(victim.name)) === false ? true : undefined), 60_000, 200);
    await stepSucceeded(sql, id, second.name, 'the second host to succeed');
    // Past the pause after the second batch, the victim's batch is due: the rollout must hold, not skip or dispatch.
    await new Promise((resolve) => setTimeout(resolve, 8000));
    const held = await rolloutDetail(api, id);
    expect(held.rollout.state).toBe('running');
    expect(stepState(held)).toEqual({ [canary.name]: 'succeeded', [second.name]: 'succeeded', [victim.name]: 'pending' });
    expect(Object.keys(await reloadIdsSent(sql, id))).toEqual([canary.name, second.name]);

    await restore.pop()!();
    const upAt = Date.now();
    const final = await finalRollout(api, id);
    const resumedS = secondsSince(upAt);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const clients = await traffic.stop();

    expect(final.rollout.state).toBe('succeeded');
    expect(final.rollout.summary).toBe('3 hosts changed');
    expect(Object.values(await reloadIdsSent(sql, id)).map((ids) => ids.length)).toEqual([1, 1, 1]);
    expect(Object.values(await resultsPerStep(sql, id))).toEqual([
      { rows: 1, outcome: 'succeeded' },
      { rows: 1, outcome: 'succeeded' },
      { rows: 1, outcome: 'succeeded' },
    ]);
    for (const h of fleet.hosts) {
      expect(await inspectHost(h, { old: before[h.name].text, new: withBalance(before[h.name].text, 'static-rr') })).toEqual({ ...CLEAN, liveConfig: 'new' });
    }
    for (const h of [canary, second]) expect(clients[h.name]).toMatchObject({ failed: 0 });
    reportFault('load balancer cut off (veth down), offlineHosts wait', {
      rollout: final.rollout.state,
      summary: final.rollout.summary,
      heldWithVictimPending: stepState(held),
      linkUpToSucceeded_s: resumedS,
      clients: describeTraffic(clients),
    });
  }, TEST_TIMEOUT_MS);
});
