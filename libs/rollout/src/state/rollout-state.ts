// The rollout state machine's vocabulary: states, host steps, the snapshot
// decideNext reads and the actions it returns. All plain data, so the server
// can store it in Postgres and rebuild a snapshot after a restart.
import type { GateFailure, GateInput } from '../gates/evaluate-gates';
import type { RolloutSpec } from '../spec/rollout-spec';
import type { MaintenanceWindow } from '../window/window-types';

// The lists are the API contract's, so a browser client reads the very same ones.
import { HOST_STEP_STATES, ROLLOUT_STATES, TERMINAL_ROLLOUT_STATES, isTerminal, type HostStepState, type RolloutState, type StopReason, type TerminalRolloutState } from '@hitless/api-contract';

export { HOST_STEP_STATES, ROLLOUT_STATES, TERMINAL_ROLLOUT_STATES, isTerminal };
export type { HostStepState, RolloutState, StopReason, TerminalRolloutState };

/** The agent's answer to a forward step: the gate input without the dispatch time, which the step holds. */
export type StepResult = Omit<GateInput, 'dispatchedAt'>;

export interface RollbackResult {
  readonly ok: boolean;
  readonly error?: string;
  readonly answeredAt: Date;
}

export interface HostStep {
  readonly host: string;
  /** Index into the plan's batches (0 is the canary batch when the plan has one). */
  readonly batch: number;
  readonly state: HostStepState;
  /** Current registry view; an offline host is never dispatched. */
  readonly hostOnline: boolean;
  readonly dispatchedAt?: Date;
  /** Recorded by the server when the agent answers; decideNext turns it into succeeded / failed. */
  readonly result?: StepResult;
  /** When the step settled as succeeded or failed: the rollback order key. */
  readonly finishedAt?: Date;
  /** The host may run the new config: what a rollback must undo. Set when the step settles. */
  readonly changed?: boolean;
  readonly failureReasons?: readonly string[];
  readonly rollbackDispatchedAt?: Date;
  readonly rollbackResult?: RollbackResult;
}

export interface RolloutSnapshot {
  readonly state: RolloutState;
  readonly stopReason?: StopReason;
  readonly spec: Pick<RolloutSpec, 'plan' | 'gates' | 'dryRun' | 'offlineHosts' | 'scheduledStart' | 'windowId'>;
  /** True when batch 0 is the canary batch. */
  readonly hasCanary: boolean;
  readonly steps: readonly HostStep[];
  /** The window named by spec.windowId, resolved by the caller. */
  readonly window?: MaintenanceWindow;
}

export type WaitReason = 'scheduled-start' | 'pause-between-batches' | 'agent-results' | 'hosts-offline' | 'rollback-results';

export type RolloutAction =
  /** Record a forward step's outcome (from its result, or from a missed deadline). */
  | {
      readonly type: 'settle-step';
      readonly host: string;
      readonly state: 'succeeded' | 'failed';
      readonly changed: boolean;
      readonly reasons: readonly GateFailure[];
      readonly at: Date;
    }
  | { readonly type: 'skip-step'; readonly host: string; readonly reason: 'offline' }
  | { readonly type: 'dispatch'; readonly batch: number; readonly hosts: readonly string[] }
  | { readonly type: 'wait'; readonly until: Date | null; readonly reason: WaitReason; readonly hosts?: readonly string[] }
  /** The window closed: stop at this batch boundary and resume when it opens (null: it never opens again). */
  | { readonly type: 'pause-for-window'; readonly batch: number; readonly resumeAt: Date | null }
  /** Every changed host, most recently changed first; emitted once, before the first rollback dispatch. */
  | { readonly type: 'start-rollback'; readonly reason: StopReason; readonly hosts: readonly string[] }
  | { readonly type: 'dispatch-rollback'; readonly hosts: readonly string[] }
  | { readonly type: 'settle-rollback'; readonly host: string; readonly state: 'rolled-back' | 'failed'; readonly reason?: string; readonly at: Date }
  | { readonly type: 'finish'; readonly state: TerminalRolloutState; readonly summary: string };

export interface RolloutDecision {
  readonly state: RolloutState;
  readonly stopReason?: StopReason;
  /** In the order the caller applies them. */
  readonly actions: readonly RolloutAction[];
  /** Call decideNext again at this time even if no result arrives; null: only on the next event. */
  readonly wakeAt: Date | null;
}
