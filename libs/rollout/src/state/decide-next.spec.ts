import type { RolloutPlanSpec } from '../spec/rollout-spec';
import type { MaintenanceWindow } from '../window/window-types';
import { applyDecision } from './apply-decision';
import { decideNext } from './decide-next';
import type { HostStep, RolloutAction, RolloutDecision, RolloutSnapshot, StepResult } from './rollout-state';

const T0 = new Date('2026-11-24T01:05:00Z'); // Tuesday 02:05 Berlin, inside the Tue/Thu 02:00-04:00 window
const seconds = (n: number) => new Date(T0.getTime() + n * 1000);

function snapshot(batches: string[][], plan: Partial<RolloutPlanSpec> = {}, extra: Partial<RolloutSnapshot> = {}): RolloutSnapshot {
  const steps: HostStep[] = batches.flatMap((hosts, batch) => hosts.map((host): HostStep => ({ host, batch, state: 'pending', hostOnline: true })));
  return {
    state: 'pending',
    hasCanary: true,
    steps,
    ...extra,
    spec: {
      plan: { batchSize: { count: 2 }, pauseBetweenBatchesSeconds: 0, failureBudget: 0, ...plan },
      gates: { probeFailureThreshold: 0, requireBackendServersUp: true, agentDeadlineSeconds: 60 },
      dryRun: false,
      offlineHosts: 'skip',
      ...extra.spec,
    },
  };
}

const ok = (at: Date): StepResult => ({ outcome: 'succeeded', probe: { requests: 500, failed: 0 }, backendServers: { total: 2, up: 2, notRunning: [] }, answeredAt: at });
const dropped = (at: Date): StepResult => ({ ...ok(at), probe: { requests: 500, failed: 4 } });
const agentRolledBack = (at: Date): StepResult => ({ ...ok(at), outcome: 'rolled-back', error: 'new worker exited' });

/** The server's part: record an agent answer on a dispatched step. */
function answer(s: RolloutSnapshot, host: string, result: StepResult): RolloutSnapshot {
  return { ...s, steps: s.steps.map((step) => (step.host === host ? { ...step, result } : step)) };
}

function answerRollback(s: RolloutSnapshot, host: string, ok: boolean, at: Date): RolloutSnapshot {
  return { ...s, steps: s.steps.map((step) => (step.host === host ? { ...step, rollbackResult: { ok, answeredAt: at, ...(!ok && { error: 'haproxy -c failed' }) } } : step)) };
}

/** decideNext, then apply its actions as the server would. */
function tick(s: RolloutSnapshot, now: Date): { next: RolloutSnapshot; decision: RolloutDecision } {
  const decision = decideNext(s, now);
  return { next: applyDecision(s, decision, now), decision };
}

const ofType = <K extends RolloutAction['type']>(decision: RolloutDecision, type: K) =>
  decision.actions.filter((action): action is Extract<RolloutAction, { type: K }> => action.type === type);
const dispatched = (decision: RolloutDecision) => ofType(decision, 'dispatch').flatMap((action) => action.hosts);

describe('decideNext: forward progress', () => {
  it('dispatches the canary alone, then each batch after the previous one passed, and succeeds', () => {
    let s = snapshot([['lb-1'], ['lb-2', 'lb-3'], ['lb-4', 'lb-5']]);
    const order: string[][] = [];
    let now = T0;
    for (let round = 0; round < 10 && s.state !== 'succeeded'; round++) {
      const { next, decision } = tick(s, now);
      if (dispatched(decision).length > 0) order.push(dispatched(decision));
      s = next;
      now = new Date(now.getTime() + 1000);
      for (const step of s.steps.filter((step) => step.state === 'dispatched')) s = answer(s, step.host, ok(now));
    }
    expect(order).toEqual([['lb-1'], ['lb-2', 'lb-3'], ['lb-4', 'lb-5']]);
    expect(s.state).toBe('succeeded');
    expect(s.steps.every((step) => step.state === 'succeeded' && step.changed)).toBe(true);
  });

  it('never has more than maxUnavailable hosts in flight', () => {
    let s = snapshot([['lb-1', 'lb-2', 'lb-3']], { maxUnavailable: 1 });
    const first = tick(s, T0);
    expect(dispatched(first.decision)).toEqual(['lb-1']);
    s = first.next;
    expect(dispatched(tick(s, seconds(5)).decision)).toEqual([]);
    s = answer(s, 'lb-1', ok(seconds(6)));
    expect(dispatched(tick(s, seconds(7)).decision)).toEqual(['lb-2']);
  });

  it('waits the pause between batches after the last host of a batch settled', () => {
    let s = tick(snapshot([['lb-1'], ['lb-2']], { pauseBetweenBatchesSeconds: 300 }), T0).next;
    s = answer(s, 'lb-1', ok(seconds(10)));
    const atSettle = tick(s, seconds(20));
    expect(dispatched(atSettle.decision)).toEqual([]);
    expect(atSettle.decision.wakeAt).toEqual(seconds(320));
    expect(ofType(atSettle.decision, 'wait')).toEqual([{ type: 'wait', until: seconds(320), reason: 'pause-between-batches' }]);
    expect(dispatched(tick(atSettle.next, seconds(320)).decision)).toEqual(['lb-2']);
  });

  it('waits for a scheduled start', () => {
    const s = snapshot([['lb-1']], {}, { spec: { ...snapshot([]).spec, scheduledStart: seconds(3600) } });
    const early = decideNext(s, T0);
    expect(early).toMatchObject({ state: 'pending', wakeAt: seconds(3600) });
    expect(dispatched(early)).toEqual([]);
    expect(dispatched(decideNext(s, seconds(3600)))).toEqual(['lb-1']);
  });

  it("skips a host that went offline under 'skip', and waits for it under 'wait'", () => {
    const base = snapshot([['lb-1', 'lb-2']]);
    const offline = { ...base, steps: base.steps.map((step) => (step.host === 'lb-1' ? { ...step, hostOnline: false } : step)) };
    const skipping = decideNext(offline, T0);
    expect(ofType(skipping, 'skip-step')).toEqual([{ type: 'skip-step', host: 'lb-1', reason: 'offline' }]);
    expect(dispatched(skipping)).toEqual(['lb-2']);

    const waiting = { ...offline, spec: { ...offline.spec, offlineHosts: 'wait' as const } };
    let s = tick(waiting, T0).next;
    s = answer(s, 'lb-2', ok(seconds(5)));
    const stuck = decideNext(s, seconds(6));
    expect(stuck.state).toBe('running');
    expect(ofType(stuck, 'wait')).toEqual([{ type: 'wait', until: null, reason: 'hosts-offline', hosts: ['lb-1'] }]);
  });

  it('ends failed, not succeeded, when failures stayed within the budget', () => {
    let s = tick(snapshot([['lb-1', 'lb-2']], { failureBudget: 1 }, { hasCanary: false }), T0).next;
    s = answer(answer(s, 'lb-1', ok(seconds(5))), 'lb-2', dropped(seconds(5)));
    const done = decideNext(s, seconds(6));
    expect(done.state).toBe('failed');
    expect(ofType(done, 'finish')[0].summary).toContain('lb-2');
  });
});

describe('decideNext: failure budget and rollback', () => {
  it('aborts when the budget is exhausted and rolls back exactly the changed hosts, most recent first', () => {
    // canary lb-1; batches [lb-2, lb-3], [lb-4, lb-5, lb-6]; one failure tolerated.
    let s = snapshot([['lb-1'], ['lb-2', 'lb-3'], ['lb-4', 'lb-5', 'lb-6']], { failureBudget: 1, maxUnavailable: 2 });
    s = tick(s, T0).next;
    s = answer(s, 'lb-1', ok(seconds(10)));
    s = tick(s, seconds(11)).next; // lb-2, lb-3
    s = answer(s, 'lb-3', ok(seconds(20)));
    s = tick(s, seconds(21)).next;
    s = answer(s, 'lb-2', dropped(seconds(30))); // first failure: within budget, the host keeps the new config
    const within = tick(s, seconds(31));
    expect(within.decision.state).toBe('running');
    expect(dispatched(within.decision)).toEqual(['lb-4', 'lb-5']);
    s = answer(within.next, 'lb-4', agentRolledBack(seconds(40))); // second failure: the agent restored the old config itself
    const over = tick(s, seconds(41));
    // lb-5 is still in flight: nothing more is dispatched and the rollback waits for its answer.
    expect(over.decision).toMatchObject({ state: 'rolling-back', stopReason: 'failure-budget' });
    expect(dispatched(over.decision)).toEqual([]);
    expect(ofType(over.decision, 'start-rollback')).toEqual([]);
    s = answer(over.next, 'lb-5', ok(seconds(50)));

    const start = tick(s, seconds(51));
    expect(ofType(start.decision, 'start-rollback')).toEqual([{ type: 'start-rollback', reason: 'failure-budget', hosts: ['lb-5', 'lb-2', 'lb-3', 'lb-1'] }]);
    expect(ofType(start.decision, 'dispatch-rollback')).toEqual([{ type: 'dispatch-rollback', hosts: ['lb-5', 'lb-2'] }]);
    s = answerRollback(answerRollback(start.next, 'lb-5', true, seconds(55)), 'lb-2', true, seconds(55));
    const second = tick(s, seconds(56));
    expect(ofType(second.decision, 'dispatch-rollback')).toEqual([{ type: 'dispatch-rollback', hosts: ['lb-3', 'lb-1'] }]);
    s = answerRollback(answerRollback(second.next, 'lb-3', true, seconds(60)), 'lb-1', true, seconds(60));
    const end = tick(s, seconds(61));
    expect(end.decision.state).toBe('rolled-back');

    const byHost = Object.fromEntries(end.next.steps.map((step) => [step.host, step.state]));
    // lb-4 was restored by its agent, lb-6 was never touched.
    expect(byHost).toEqual({ 'lb-1': 'rolled-back', 'lb-2': 'rolled-back', 'lb-3': 'rolled-back', 'lb-4': 'failed', 'lb-5': 'rolled-back', 'lb-6': 'pending' });
  });

  it('stops on a failed canary whatever the budget, leaving every other host untouched', () => {
    let s = tick(snapshot([['lb-1'], ['lb-2', 'lb-3']], { failureBudget: 5 }), T0).next;
    s = answer(s, 'lb-1', dropped(seconds(10)));
    const stop = tick(s, seconds(11));
    expect(stop.decision.state).toBe('rolling-back');
    expect(stop.decision.stopReason).toBe('canary-failed');
    expect(ofType(stop.decision, 'start-rollback')[0].hosts).toEqual(['lb-1']);
    s = answerRollback(stop.next, 'lb-1', true, seconds(15));
    const end = tick(s, seconds(16));
    expect(end.decision.state).toBe('rolled-back');
    expect(end.next.steps.filter((step) => step.host !== 'lb-1').every((step) => step.state === 'pending' && !step.dispatchedAt)).toBe(true);
  });

  it('finishes rolled-back at once when no host was changed', () => {
    let s = tick(snapshot([['lb-1'], ['lb-2']]), T0).next;
    s = answer(s, 'lb-1', agentRolledBack(seconds(5)));
    const end = decideNext(s, seconds(6));
    expect(end.state).toBe('rolled-back');
    expect(ofType(end, 'dispatch-rollback')).toEqual([]);
  });

  it('counts an agent that missed its deadline as a failure that may have changed the host', () => {
    const s = tick(snapshot([['lb-1'], ['lb-2']]), T0).next;
    expect(decideNext(s, seconds(59)).wakeAt).toEqual(seconds(60));
    const late = tick(s, seconds(60));
    expect(ofType(late.decision, 'settle-step')).toEqual([
      { type: 'settle-step', host: 'lb-1', state: 'failed', changed: true, reasons: [{ code: 'agent-late', message: 'no answer within 60 s' }], at: seconds(60) },
    ]);
    expect(ofType(late.decision, 'start-rollback')[0].hosts).toEqual(['lb-1']);
  });

  it('ends failed, naming the host, when a rollback fails', () => {
    let s = tick(snapshot([['lb-1'], ['lb-2']]), T0).next;
    s = answer(s, 'lb-1', dropped(seconds(5)));
    s = tick(s, seconds(6)).next;
    s = answerRollback(s, 'lb-1', false, seconds(8));
    const end = decideNext(s, seconds(9));
    expect(end.state).toBe('failed');
    expect(ofType(end, 'finish')[0].summary).toContain('rollback failed on lb-1');
  });
});

describe('decideNext: maintenance windows', () => {
  // Tue/Thu 02:00-04:00 Europe/Berlin; on Tuesday 2026-11-24 that is 01:00-03:00 UTC.
  const window: MaintenanceWindow = { kind: 'recurring', cron: '0 2 * * tue,thu', durationMinutes: 120, timeZone: 'Europe/Berlin' };
  const bound = (batches: string[][]) => {
    const base = snapshot(batches, {}, { window });
    return { ...base, spec: { ...base.spec, windowId: 'tue-thu' } };
  };

  it('waits for the window to open before the first batch', () => {
    const before = decideNext(bound([['lb-1']]), new Date('2026-11-23T12:00:00Z'));
    expect(before).toMatchObject({ state: 'waiting-for-window', wakeAt: new Date('2026-11-24T01:00:00Z') });
    expect(ofType(before, 'pause-for-window')).toEqual([{ type: 'pause-for-window', batch: 0, resumeAt: new Date('2026-11-24T01:00:00Z') }]);
  });

  it('finishes the batch in flight when the window closes, stops at the boundary and resumes at the next opening', () => {
    const closing = new Date('2026-11-24T02:59:00Z');
    const afterClose = new Date('2026-11-24T03:00:30Z');
    let s = tick(bound([['lb-1'], ['lb-2', 'lb-3'], ['lb-4']]), T0).next;
    s = answer(s, 'lb-1', ok(seconds(10)));
    s = tick(s, closing).next; // batch 1 starts one minute before the close
    expect(s.steps.filter((step) => step.state === 'dispatched').map((step) => step.host)).toEqual(['lb-2', 'lb-3']);
    // The reloads end just before the close; the scheduler only looks again after it: the batch still completes.
    s = answer(s, 'lb-2', ok(new Date('2026-11-24T02:59:40Z')));
    s = answer(s, 'lb-3', ok(new Date('2026-11-24T02:59:55Z')));
    const boundary = tick(s, afterClose);
    expect(ofType(boundary.decision, 'settle-step').map((a) => a.state)).toEqual(['succeeded', 'succeeded']);
    expect(dispatched(boundary.decision)).toEqual([]);
    expect(boundary.decision.state).toBe('waiting-for-window');
    // Thursday 2026-11-26 02:00 CET
    expect(boundary.decision.wakeAt).toEqual(new Date('2026-11-26T01:00:00Z'));

    expect(dispatched(decideNext(boundary.next, new Date('2026-11-25T12:00:00Z')))).toEqual([]);
    const resumed = decideNext(boundary.next, new Date('2026-11-26T01:00:00Z'));
    expect(resumed.state).toBe('running');
    expect(dispatched(resumed)).toEqual(['lb-4']);
  });

  it('keeps dispatching the rest of a batch that started before the close', () => {
    const base = bound([['lb-1', 'lb-2']]);
    let s: RolloutSnapshot = { ...base, hasCanary: false, spec: { ...base.spec, plan: { ...base.spec.plan, maxUnavailable: 1 } } };
    s = tick(s, new Date('2026-11-24T02:59:00Z')).next;
    s = answer(s, 'lb-1', ok(new Date('2026-11-24T02:59:50Z')));
    const afterClose = decideNext(s, new Date('2026-11-24T03:05:00Z'));
    expect(afterClose.state).toBe('running');
    expect(dispatched(afterClose)).toEqual(['lb-2']);
  });

  it('does not start a new batch for a window that never opens again', () => {
    const once: MaintenanceWindow = { kind: 'one-off', start: new Date('2026-11-24T01:00:00Z'), end: new Date('2026-11-24T02:00:00Z') };
    let s: RolloutSnapshot = { ...bound([['lb-1'], ['lb-2']]), window: once };
    s = tick(s, T0).next;
    s = answer(s, 'lb-1', ok(seconds(10)));
    const end = decideNext(s, new Date('2026-11-24T02:10:00Z'));
    expect(end.state).toBe('failed');
    expect(dispatched(end)).toEqual([]);
  });
});

describe('decideNext: operator states and dry runs', () => {
  it('dispatches nothing while paused but still judges the answers that arrive', () => {
    let s = tick(snapshot([['lb-1', 'lb-2'], ['lb-3']], { maxUnavailable: 1 }, { hasCanary: false }), T0).next;
    s = answer({ ...s, state: 'paused' }, 'lb-1', ok(seconds(5)));
    const paused = decideNext(s, seconds(6));
    expect(paused.state).toBe('paused');
    expect(ofType(paused, 'settle-step').map((a) => a.host)).toEqual(['lb-1']);
    expect(dispatched(paused)).toEqual([]);
  });

  it('rolls back changed hosts after an abort and ends aborted', () => {
    let s = tick(snapshot([['lb-1'], ['lb-2']]), T0).next;
    s = answer(s, 'lb-1', ok(seconds(5)));
    s = tick(s, seconds(6)).next; // lb-2 dispatched
    s = { ...s, state: 'rolling-back', stopReason: 'aborted' };
    s = answer(s, 'lb-2', ok(seconds(8)));
    const rollback = tick(s, seconds(9));
    expect(ofType(rollback.decision, 'start-rollback')[0].hosts).toEqual(['lb-2', 'lb-1']);
    s = answerRollback(answerRollback(rollback.next, 'lb-1', true, seconds(12)), 'lb-2', true, seconds(12));
    expect(decideNext(s, seconds(13)).state).toBe('aborted');
  });

  it('validates on every host in a dry run: no stop on failure, no rollback, no window, ends failed', () => {
    const base = snapshot([['lb-1'], ['lb-2']], {}, { window: { kind: 'one-off', start: seconds(-7200), end: seconds(-3600) } });
    let s: RolloutSnapshot = { ...base, spec: { ...base.spec, dryRun: true, windowId: 'past' } };
    s = tick(s, T0).next;
    s = answer(s, 'lb-1', { ...ok(seconds(5)), outcome: 'rejected', error: 'unknown backend' });
    const next = tick(s, seconds(6));
    expect(next.decision.state).toBe('running');
    expect(dispatched(next.decision)).toEqual(['lb-2']);
    s = answer(next.next, 'lb-2', { ...ok(seconds(8)), outcome: 'validated' });
    const end = tick(s, seconds(9));
    expect(end.decision.state).toBe('failed');
    expect(end.next.steps.every((step) => step.changed === false)).toBe(true);
  });

  it('returns nothing to do for a finished rollout', () => {
    expect(decideNext({ ...snapshot([['lb-1']]), state: 'succeeded' }, T0)).toEqual({ state: 'succeeded', stopReason: undefined, actions: [], wakeAt: null });
  });
});
