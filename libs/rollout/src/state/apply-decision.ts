// Applies a decision's actions to a snapshot: the reference for what each
// action means to the stored steps. The server may use it on its in-memory
// copy before writing the changed rows; the tests use it to drive rollouts.
import type { HostStep, RolloutAction, RolloutDecision, RolloutSnapshot } from './rollout-state';

export function applyDecision(snapshot: RolloutSnapshot, decision: RolloutDecision, now: Date): RolloutSnapshot {
  const steps = decision.actions.reduce<readonly HostStep[]>((current, action) => applyAction(current, action, now), snapshot.steps);
  return { ...snapshot, state: decision.state, stopReason: decision.stopReason, steps };
}

function applyAction(steps: readonly HostStep[], action: RolloutAction, now: Date): readonly HostStep[] {
  const update = (hosts: readonly string[], change: (step: HostStep) => HostStep) => {
    const chosen = new Set(hosts);
    return steps.map((step) => (chosen.has(step.host) ? change(step) : step));
  };
  switch (action.type) {
    case 'settle-step':
      return update([action.host], (step) => ({
        ...step,
        state: action.state,
        changed: action.changed,
        finishedAt: action.at,
        failureReasons: action.reasons.map((reason) => reason.message),
      }));
    case 'skip-step':
      return update([action.host], (step) => ({ ...step, state: 'skipped' }));
    case 'dispatch':
      return update(action.hosts, (step) => ({ ...step, state: 'dispatched', dispatchedAt: now }));
    case 'dispatch-rollback':
      return update(action.hosts, (step) => ({ ...step, state: 'rolling-back', rollbackDispatchedAt: now }));
    case 'settle-rollback':
      return update([action.host], (step) => ({
        ...step,
        state: action.state,
        ...(action.reason !== undefined && { failureReasons: [...(step.failureReasons ?? []), action.reason] }),
      }));
    case 'wait':
    case 'pause-for-window':
    case 'start-rollback':
    case 'finish':
      return steps;
  }
}
