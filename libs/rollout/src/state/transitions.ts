// Operator commands as pure transitions. Each returns the new state or throws
// RolloutConflictError (HTTP 409) when the rollout's state does not allow it.
import { RolloutConflictError } from '../errors/rollout-conflict-error';
import type { HostStep, RolloutState, StopReason } from './rollout-state';
import { isTerminal } from './rollout-state';

export interface RolloutTransition {
  readonly state: RolloutState;
  readonly stopReason?: StopReason;
}

interface Stateful {
  readonly state: RolloutState;
  readonly steps: readonly Pick<HostStep, 'state'>[];
}

function refuseFinished(action: string, rollout: Stateful): void {
  if (isTerminal(rollout.state)) throw new RolloutConflictError(action, rollout.state, 'the rollout has finished');
}

/** Stops dispatching at once; reloads already in flight still finish and are judged. */
export function pauseRollout(rollout: Stateful): RolloutTransition {
  refuseFinished('pause', rollout);
  if (rollout.state === 'paused') throw new RolloutConflictError('pause', rollout.state, 'it is already paused');
  if (rollout.state === 'rolling-back') throw new RolloutConflictError('pause', rollout.state, 'a rollback is not paused halfway');
  return { state: 'paused' };
}

/**
 * Back to where decideNext re-checks everything: 'pending' if nothing was
 * dispatched yet (so a scheduled start still holds), else 'running' (the
 * window is checked again at the next batch boundary).
 */
export function resumeRollout(rollout: Stateful): RolloutTransition {
  refuseFinished('resume', rollout);
  if (rollout.state !== 'paused') throw new RolloutConflictError('resume', rollout.state, 'only a paused rollout can be resumed');
  const started = rollout.steps.some((step) => step.state !== 'pending' && step.state !== 'skipped');
  return { state: started ? 'running' : 'pending' };
}

/** Stops the rollout and rolls back every changed host; it ends 'aborted' (or 'failed' if a rollback fails). */
export function abortRollout(rollout: Stateful): RolloutTransition {
  refuseFinished('abort', rollout);
  if (rollout.state === 'rolling-back') throw new RolloutConflictError('abort', rollout.state, 'it is already stopping and rolling back');
  return { state: 'rolling-back', stopReason: 'aborted' };
}
