// Turns what the agents reported (or failed to report in time) into settled
// host steps. decideNext runs this first so every later decision sees the
// outcome of the results that arrived since the last tick.
import type { GateFailure } from '../gates/evaluate-gates';
import { evaluateGates } from '../gates/evaluate-gates';
import type { HostStep, RolloutAction, RolloutSnapshot, StepResult } from './rollout-state';

export interface Settled {
  readonly steps: HostStep[];
  readonly actions: RolloutAction[];
}

/**
 * Whether a host may run the new config after this outcome. 'rejected' and
 * 'rolled-back' mean the agent left (or restored) the old config; 'failed'
 * means even its own rollback failed, so we must assume the change is there.
 */
function changedBy(result: StepResult): boolean {
  return result.outcome === 'succeeded' || result.outcome === 'failed';
}

export function settleSteps(snapshot: RolloutSnapshot, now: Date): Settled {
  const { gates, dryRun } = snapshot.spec;
  const deadlineMs = gates.agentDeadlineSeconds * 1000;
  const actions: RolloutAction[] = [];
  const steps = snapshot.steps.map((step): HostStep => {
    if (step.state === 'dispatched' && step.dispatchedAt) {
      if (step.result) {
        const verdict = evaluateGates({ ...step.result, dispatchedAt: step.dispatchedAt }, gates, { dryRun });
        const reasons = verdict.pass ? [] : verdict.reasons;
        return settle(step, verdict.pass ? 'succeeded' : 'failed', !dryRun && changedBy(step.result), reasons, now, actions);
      }
      if (now.getTime() >= step.dispatchedAt.getTime() + deadlineMs) {
        // No answer: the agent finishes a reload it started even without us, so assume it changed.
        const reason: GateFailure = { code: 'agent-late', message: `no answer within ${gates.agentDeadlineSeconds} s` };
        return settle(step, 'failed', !dryRun, [reason], now, actions);
      }
    }
    if (step.state === 'rolling-back' && step.rollbackDispatchedAt) {
      const answer = step.rollbackResult;
      const timedOut = !answer && now.getTime() >= step.rollbackDispatchedAt.getTime() + deadlineMs;
      if (answer || timedOut) {
        const ok = answer?.ok === true;
        const reason = ok ? undefined : (answer?.error ?? `rollback: no answer within ${gates.agentDeadlineSeconds} s`);
        actions.push({ type: 'settle-rollback', host: step.host, state: ok ? 'rolled-back' : 'failed', ...(reason !== undefined && { reason }), at: now });
        return { ...step, state: ok ? 'rolled-back' : 'failed', ...(reason !== undefined && { failureReasons: [...(step.failureReasons ?? []), reason] }) };
      }
    }
    return step;
  });
  return { steps, actions };
}

function settle(
  step: HostStep,
  state: 'succeeded' | 'failed',
  changed: boolean,
  reasons: readonly GateFailure[],
  now: Date,
  actions: RolloutAction[],
): HostStep {
  actions.push({ type: 'settle-step', host: step.host, state, changed, reasons, at: now });
  return { ...step, state, changed, finishedAt: now, failureReasons: reasons.map((r) => r.message) };
}
