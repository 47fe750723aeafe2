// The state machine's vocabulary, re-exported from @hitless/rollout in one place
// so the rest of the server names it the same way.
export { ROLLOUT_STATES } from '@hitless/rollout';
export type { HostStepState, RollbackResult as RolloutRollbackResult, RolloutState, StepResult, StopReason } from '@hitless/rollout';
