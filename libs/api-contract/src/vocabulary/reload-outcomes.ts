// How one reload on one host ended, as results are stored and filtered.
export const RELOAD_OUTCOMES = ['succeeded', 'validated', 'rejected', 'rolled-back', 'failed'] as const;
export type ReloadOutcome = (typeof RELOAD_OUTCOMES)[number];

/** Outcomes that mean the reload did not go through: failed, rolled back, or rejected before it ran. */
export const FAILED_RELOAD_OUTCOMES: readonly ReloadOutcome[] = ['failed', 'rolled-back', 'rejected'];

export function isFailedOutcome(outcome: string): boolean {
  return (FAILED_RELOAD_OUTCOMES as readonly string[]).includes(outcome);
}
