// The rollout state machine's states as the API names them. Defined here, where
// the browser can load them, and imported by @hitless/rollout (the machine itself),
// the server, the CLI and the dashboard: one list, so no client re-derives it.

export const ROLLOUT_STATES = ['pending', 'waiting-for-window', 'running', 'paused', 'rolling-back', 'succeeded', 'failed', 'aborted', 'rolled-back'] as const;
export type RolloutState = (typeof ROLLOUT_STATES)[number];

const TERMINAL = ['succeeded', 'failed', 'aborted', 'rolled-back'] as const satisfies readonly RolloutState[];
export type TerminalRolloutState = (typeof TERMINAL)[number];
export const TERMINAL_ROLLOUT_STATES: readonly RolloutState[] = TERMINAL;

export function isTerminal(state: RolloutState): state is TerminalRolloutState {
  return TERMINAL_ROLLOUT_STATES.includes(state);
}

/** Why a rollout stopped before its last batch. */
export const STOP_REASONS = ['aborted', 'canary-failed', 'failure-budget'] as const;
export type StopReason = (typeof STOP_REASONS)[number];

export const HOST_STEP_STATES = ['pending', 'dispatched', 'succeeded', 'failed', 'skipped', 'rolling-back', 'rolled-back'] as const;
export type HostStepState = (typeof HOST_STEP_STATES)[number];

/** Steps that will not change any more (a progress bar counts them as done). */
export const SETTLED_STEP_STATES: readonly HostStepState[] = ['succeeded', 'failed', 'skipped', 'rolled-back'];

export function isSettledStep(state: HostStepState): boolean {
  return SETTLED_STEP_STATES.includes(state);
}
