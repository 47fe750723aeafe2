// How one reload on one host ended, as results are stored and filtered.
export const RELOAD_OUTCOMES = ['succeeded', 'validated', 'rejected', 'rolled-back', 'failed'] as const;
export type ReloadOutcome = (typeof RELOAD_OUTCOMES)[number];
