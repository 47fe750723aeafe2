// Pure rollout logic shared by the server: spec validation, planning, gates,
// the rollout state machine and maintenance-window arithmetic. No I/O, no
// clock: every function that needs the time takes `now`.
export type { FieldIssue } from './errors/rollout-input-error';
export { RolloutInputError } from './errors/rollout-input-error';
export { RolloutConflictError } from './errors/rollout-conflict-error';
export { ConfirmationRequiredError } from './errors/confirmation-required-error';

export type {
  BatchSize,
  CanarySpec,
  ChangeKind,
  GateSpec,
  OfflineHostPolicy,
  RolloutConfirmation,
  RolloutPlanSpec,
  RolloutSpec,
  TargetSelector,
} from './spec/rollout-spec';
export { parseRolloutSpec } from './spec/parse-rollout-spec';
export { rolloutSpecSchema } from './spec/rollout-spec-schema';
export { instantSchema } from './spec/instant-schema';
export { changeKind, changesKind } from './spec/change-kind';
export { ROLLOUT_STRATEGIES } from './spec/strategy-names';
export { MAX_TARGET_HOSTS } from './spec/spec-limits';

export type { InventoryHost } from './plan/select-targets';
export type { RolloutPlan, SkippedHost } from './plan/plan-rollout';
export { planRollout, resolveBatchSize } from './plan/plan-rollout';
export { compareHostNames } from './plan/host-order';
export type { BlastRadius } from './plan/blast-radius';
export { BLAST_RADIUS, blastRadius, checkConfirmation } from './plan/blast-radius';

export type { GateFailure, GateFailureCode, GateInput, GateOptions, GateVerdict } from './gates/evaluate-gates';
export { evaluateGates } from './gates/evaluate-gates';

export type {
  HostStep,
  HostStepState,
  RollbackResult,
  RolloutAction,
  RolloutDecision,
  RolloutSnapshot,
  RolloutState,
  StepResult,
  StopReason,
  TerminalRolloutState,
  WaitReason,
} from './state/rollout-state';
export { HOST_STEP_STATES, ROLLOUT_STATES, TERMINAL_ROLLOUT_STATES, isTerminal } from './state/rollout-state';
export { decideNext } from './state/decide-next';
export type { RolloutTransition } from './state/transitions';
export { abortRollout, pauseRollout, resumeRollout } from './state/transitions';
export { rollbackQueue } from './state/rollback-order';
export { rollbackChanges } from './state/rollback-changes';
export { applyActions, applyDecision } from './state/apply-decision';

export type { MaintenanceWindow, OneOffWindow, RecurringWindow, WindowStatus } from './window/window-types';
export { parseMaintenanceWindow, MAX_WINDOW_MINUTES, windowSchema as maintenanceWindowSchema } from './window/parse-window';
export { currentWindowEnd, isInsideWindow, nextWindowOpening, windowStatus, MAX_OPEN_PERIOD_DAYS } from './window/window-time';
