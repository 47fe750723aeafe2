import type { RolloutState } from '../state/rollout-state';

/**
 * The request is well formed but the rollout is in a state that does not
 * allow it (resume of a finished rollout, abort of an aborted one). Maps to
 * HTTP 409 at the edge.
 */
export class RolloutConflictError extends Error {
  constructor(
    readonly action: string,
    readonly state: RolloutState,
    reason: string,
  ) {
    super(`cannot ${action} a rollout that is ${state}: ${reason}`);
    this.name = 'RolloutConflictError';
  }
}
