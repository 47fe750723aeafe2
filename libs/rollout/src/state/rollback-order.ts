// Which hosts a rollback must touch, and in which order: every host that may
// run the new config, the most recently changed first, so the fleet unwinds
// in the reverse of the order it was changed.
import { compareHostNames } from '../plan/host-order';
import type { HostStep } from './rollout-state';

/** Changed hosts whose rollback has not been dispatched yet, most recent first. */
export function rollbackQueue(steps: readonly HostStep[]): HostStep[] {
  return steps
    .filter((step) => step.changed === true && (step.state === 'succeeded' || step.state === 'failed') && !step.rollbackDispatchedAt)
    .sort(mostRecentFirst);
}

export function mostRecentFirst(a: HostStep, b: HostStep): number {
  const at = (step: HostStep) => step.finishedAt?.getTime() ?? 0;
  // Same settle time (one tick): later batch, then later name, counts as more recent.
  return at(b) - at(a) || b.batch - a.batch || compareHostNames(b.host, a.host);
}
