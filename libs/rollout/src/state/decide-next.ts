// The rollout scheduler's brain: given a snapshot and the time, what happens
// next. Pure, so the server can call it in a transaction, apply the actions,
// and call it again after a restart with the same result.
import { compareHostNames } from '../plan/host-order';
import { windowStatus } from '../window/window-time';
import { rollbackQueue } from './rollback-order';
import type { HostStep, RolloutAction, RolloutDecision, RolloutSnapshot, RolloutState, StopReason, TerminalRolloutState } from './rollout-state';
import { isTerminal } from './rollout-state';
import { settleSteps } from './settle-steps';

const FORWARD_DONE: ReadonlySet<HostStep['state']> = new Set(['succeeded', 'failed', 'skipped']);

export function decideNext(snapshot: RolloutSnapshot, now: Date): RolloutDecision {
  if (isTerminal(snapshot.state)) return { state: snapshot.state, stopReason: snapshot.stopReason, actions: [], wakeAt: null };
  if (snapshot.spec.windowId !== undefined && !snapshot.window) {
    throw new Error(`rollout is bound to window '${snapshot.spec.windowId}' but the snapshot carries no window`);
  }
  const unstamped = snapshot.steps.find((step) => (step.state === 'dispatched' && !step.dispatchedAt) || (step.state === 'rolling-back' && !step.rollbackDispatchedAt));
  // Without a dispatch time a step could never time out; the caller must record it.
  if (unstamped) throw new Error(`step of host '${unstamped.host}' is ${unstamped.state} without a dispatch time`);
  const { steps, actions } = settleSteps(snapshot, now);
  const ctx: Context = { snapshot, now, steps: [...steps].sort(planOrder), actions };

  const stop = snapshot.state === 'rolling-back' ? snapshot.stopReason : stopReasonFor(ctx);
  if (snapshot.state === 'rolling-back' || stop) return rollBack(ctx, stop ?? 'aborted');
  if (snapshot.state === 'paused') {
    return { state: 'paused', actions, wakeAt: earliestDeadline(ctx) };
  }
  return advance(ctx);
}

interface Context {
  readonly snapshot: RolloutSnapshot;
  readonly now: Date;
  steps: HostStep[];
  readonly actions: RolloutAction[];
}

function planOrder(a: HostStep, b: HostStep): number {
  return a.batch - b.batch || compareHostNames(a.host, b.host);
}

/** A dry run never stops early: its job is to validate on every target. */
function stopReasonFor(ctx: Context): StopReason | undefined {
  if (ctx.snapshot.spec.dryRun) return undefined;
  const failed = ctx.steps.filter((step) => step.state === 'failed');
  if (ctx.snapshot.hasCanary && failed.some((step) => step.batch === 0)) return 'canary-failed';
  if (failed.length > ctx.snapshot.spec.plan.failureBudget) return 'failure-budget';
  return undefined;
}

function decision(ctx: Context, state: RolloutState, wakeAt: Date | null, stopReason?: StopReason): RolloutDecision {
  return { state, ...(stopReason && { stopReason }), actions: ctx.actions, wakeAt };
}

function finish(ctx: Context, state: TerminalRolloutState, summary: string, stopReason?: StopReason): RolloutDecision {
  ctx.actions.push({ type: 'finish', state, summary });
  return decision(ctx, state, null, stopReason);
}

function earliestDeadline(ctx: Context): Date | null {
  const deadlineMs = ctx.snapshot.spec.gates.agentDeadlineSeconds * 1000;
  const times = ctx.steps.flatMap((step) => {
    if (step.state === 'dispatched' && step.dispatchedAt) return [step.dispatchedAt.getTime() + deadlineMs];
    if (step.state === 'rolling-back' && step.rollbackDispatchedAt) return [step.rollbackDispatchedAt.getTime() + deadlineMs];
    return [];
  });
  return times.length === 0 ? null : new Date(Math.min(...times));
}

function capacity(ctx: Context): number {
  return ctx.snapshot.spec.plan.maxUnavailable ?? Number.POSITIVE_INFINITY;
}

/** Forward progress: settle, then either finish, wait at a batch boundary, or fill free slots of the current batch. */
function advance(ctx: Context): RolloutDecision {
  const { snapshot, now } = ctx;
  const { spec } = snapshot;
  if (snapshot.state === 'pending' && spec.scheduledStart && spec.scheduledStart.getTime() > now.getTime()) {
    ctx.actions.push({ type: 'wait', until: spec.scheduledStart, reason: 'scheduled-start' });
    return decision(ctx, 'pending', spec.scheduledStart);
  }
  const open = ctx.steps.filter((step) => !FORWARD_DONE.has(step.state));
  if (open.length === 0) return finishForward(ctx);
  const batch = Math.min(...open.map((step) => step.batch));
  const inBatch = ctx.steps.filter((step) => step.batch === batch);
  const atBoundary = inBatch.every((step) => step.state === 'pending');

  if (atBoundary && !spec.dryRun) {
    const previous = ctx.steps.filter((step) => step.batch < batch && step.finishedAt);
    if (previous.length > 0 && spec.plan.pauseBetweenBatchesSeconds > 0) {
      const lastFinish = Math.max(...previous.map((step) => step.finishedAt?.getTime() ?? 0));
      const resumeAt = lastFinish + spec.plan.pauseBetweenBatchesSeconds * 1000;
      if (resumeAt > now.getTime()) {
        ctx.actions.push({ type: 'wait', until: new Date(resumeAt), reason: 'pause-between-batches' });
        return decision(ctx, 'running', new Date(resumeAt));
      }
    }
    if (snapshot.window) {
      const status = windowStatus(snapshot.window, now);
      if (!status.inside) {
        if (status.opensAt === null) return finish(ctx, 'failed', `batch ${batch} cannot start: its maintenance window never opens again`);
        ctx.actions.push({ type: 'pause-for-window', batch, resumeAt: status.opensAt });
        return decision(ctx, 'waiting-for-window', status.opensAt);
      }
    }
  }
  return fillBatch(ctx, batch);
}

function fillBatch(ctx: Context, batch: number): RolloutDecision {
  const { snapshot } = ctx;
  let pending = ctx.steps.filter((step) => step.batch === batch && step.state === 'pending');
  const offline = pending.filter((step) => !step.hostOnline);
  if (snapshot.spec.offlineHosts === 'skip' && offline.length > 0) {
    for (const step of offline) ctx.actions.push({ type: 'skip-step', host: step.host, reason: 'offline' });
    const skipped = new Set(offline.map((step) => step.host));
    ctx.steps = ctx.steps.map((step) => (skipped.has(step.host) ? { ...step, state: 'skipped' } : step));
    pending = pending.filter((step) => step.hostOnline);
    // The whole batch may have been skipped: move on to the next boundary.
    if (ctx.steps.filter((step) => step.batch === batch).every((step) => FORWARD_DONE.has(step.state))) return advance(ctx);
  }
  const inFlight = ctx.steps.filter((step) => step.state === 'dispatched').length;
  const free = capacity(ctx) - inFlight;
  const ready = pending.filter((step) => step.hostOnline);
  const chosen = ready.slice(0, Math.max(0, free));
  if (chosen.length > 0) {
    ctx.actions.push({ type: 'dispatch', batch, hosts: chosen.map((step) => step.host) });
    const dispatched = new Set(chosen.map((step) => step.host));
    ctx.steps = ctx.steps.map((step) => (dispatched.has(step.host) ? { ...step, state: 'dispatched', dispatchedAt: ctx.now } : step));
  } else if (inFlight === 0) {
    const waiting = pending.filter((step) => !step.hostOnline).map((step) => step.host);
    ctx.actions.push({ type: 'wait', until: null, reason: 'hosts-offline', hosts: waiting });
    return decision(ctx, 'running', null);
  }
  const wakeAt = earliestDeadline(ctx);
  ctx.actions.push({ type: 'wait', until: wakeAt, reason: 'agent-results' });
  return decision(ctx, 'running', wakeAt);
}

function finishForward(ctx: Context): RolloutDecision {
  const failed = ctx.steps.filter((step) => step.state === 'failed');
  const done = ctx.steps.filter((step) => step.state === 'succeeded').length;
  const skipped = ctx.steps.filter((step) => step.state === 'skipped').length;
  const verb = ctx.snapshot.spec.dryRun ? 'validated' : 'changed';
  const tail = skipped > 0 ? `, ${skipped} skipped` : '';
  if (failed.length === 0) return finish(ctx, 'succeeded', `${done} hosts ${verb}${tail}`);
  const names = failed.map((step) => step.host).join(', ');
  return finish(ctx, 'failed', `${done} hosts ${verb}, ${failed.length} failed within the failure budget (${names})${tail}`);
}

/** Stop dispatching, let in-flight steps settle, then undo every changed host, most recent first. */
function rollBack(ctx: Context, reason: StopReason): RolloutDecision {
  const forwardInFlight = ctx.steps.some((step) => step.state === 'dispatched');
  if (forwardInFlight) {
    // The rollback list is only final once every in-flight reload has answered.
    const wakeAt = earliestDeadline(ctx);
    ctx.actions.push({ type: 'wait', until: wakeAt, reason: 'agent-results' });
    return decision(ctx, 'rolling-back', wakeAt, reason);
  }
  const queue = rollbackQueue(ctx.steps);
  const rollbackStarted = ctx.steps.some((step) => step.rollbackDispatchedAt !== undefined);
  if (!rollbackStarted && queue.length > 0) {
    ctx.actions.push({ type: 'start-rollback', reason, hosts: queue.map((step) => step.host) });
  }
  const inFlight = ctx.steps.filter((step) => step.state === 'rolling-back').length;
  const chosen = queue.slice(0, Math.max(0, capacity(ctx) - inFlight));
  if (chosen.length > 0) {
    ctx.actions.push({ type: 'dispatch-rollback', hosts: chosen.map((step) => step.host) });
    const dispatched = new Set(chosen.map((step) => step.host));
    ctx.steps = ctx.steps.map((step) => (dispatched.has(step.host) ? { ...step, state: 'rolling-back', rollbackDispatchedAt: ctx.now } : step));
  }
  if (inFlight + chosen.length > 0) {
    const wakeAt = earliestDeadline(ctx);
    ctx.actions.push({ type: 'wait', until: wakeAt, reason: 'rollback-results' });
    return decision(ctx, 'rolling-back', wakeAt, reason);
  }
  const unrestored = ctx.steps.filter((step) => step.state === 'failed' && step.rollbackDispatchedAt !== undefined);
  const restored = ctx.steps.filter((step) => step.state === 'rolled-back').length;
  if (unrestored.length > 0) {
    const names = unrestored.map((step) => step.host).join(', ');
    return finish(ctx, 'failed', `stopped (${reason}); rollback failed on ${names}; ${restored} hosts restored`, reason);
  }
  return finish(ctx, reason === 'aborted' ? 'aborted' : 'rolled-back', `stopped (${reason}); ${restored} hosts restored`, reason);
}
