// The state machine's vocabulary, re-exported from @hitless/rollout in one place
// so the rest of the server names it the same way.
export { isTerminal, ROLLOUT_STATES } from '@hitless/rollout';
export type { HostStepState, RolloutState, StopReason } from '@hitless/rollout';
