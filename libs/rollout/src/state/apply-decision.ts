// What each action of a decision does to the host steps: the one definition.
// The server's scheduler store computes the rows it writes with applyActions and
// persists the difference; the tests drive rollouts with applyDecision. A new
// action or a new step field is defined here, and nowhere else.
import type { HostStep, RolloutAction, RolloutDecision, RolloutSnapshot } from './rollout-state';

export function applyDecision(snapshot: RolloutSnapshot, decision: RolloutDecision, now: Date): RolloutSnapshot {
  return { ...snapshot, state: decision.state, stopReason: decision.stopReason, steps: applyActions(snapshot.steps, decision.actions, now) };
}

/** The steps after `actions`, in order; steps no action names are returned as they were (the same objects). */
export function applyActions(steps: readonly HostStep[], actions: readonly RolloutAction[], now: Date): readonly HostStep[] {
  const byHost = new Map(steps.map((step) => [step.host, step]));
  for (const action of actions) {
    for (const host of hostsOf(action)) {
      const step = byHost.get(host);
      if (step) byHost.set(host, applyAction(step, action, now));
    }
  }
  return steps.map((step) => byHost.get(step.host) ?? step);
}

function hostsOf(action: RolloutAction): readonly string[] {
  switch (action.type) {
    case 'settle-step':
    case 'skip-step':
    case 'settle-rollback':
      return [action.host];
    case 'dispatch':
    case 'dispatch-rollback':
      return action.hosts;
    case 'wait':
    case 'pause-for-window':
    case 'start-rollback':
    case 'finish':
      return [];
  }
}

function applyAction(step: HostStep, action: RolloutAction, now: Date): HostStep {
  switch (action.type) {
    case 'settle-step':
      return {
        ...step,
        state: action.state,
        changed: action.changed,
        finishedAt: action.at,
        failureReasons: action.reasons.map((reason) => reason.message),
      };
    case 'skip-step':
      // The reason shows in the step's failure reasons: an operator sees why a host was left out.
      return { ...step, state: 'skipped', failureReasons: [action.reason] };
    case 'dispatch':
      return { ...step, state: 'dispatched', dispatchedAt: now };
    case 'dispatch-rollback':
      return { ...step, state: 'rolling-back', rollbackDispatchedAt: now };
    case 'settle-rollback':
      return {
        ...step,
        state: action.state,
        finishedAt: action.at,
        ...(action.reason !== undefined && { failureReasons: [...(step.failureReasons ?? []), action.reason] }),
      };
    case 'wait':
    case 'pause-for-window':
    case 'start-rollback':
    case 'finish':
      return step;
  }
}
