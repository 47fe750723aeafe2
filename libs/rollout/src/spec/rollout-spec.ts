// The typed rollout spec: what an operator asks for, after validation.
import type { ConfigChange } from '@hitless/haproxy';
import type { StrategyName } from '@hitless/reload';

/**
 * Hosts a rollout targets. A host is targeted when its name is listed OR all
 * the given labels match (union: "these EU hosts plus lb-7"). At least one of
 * the two is non-empty.
 */
export interface TargetSelector {
  readonly labels?: Readonly<Record<string, string>>;
  readonly hosts?: readonly string[];
}

/** `reload`: HAProxy must re-read its config. `runtime`: applied over the runtime API, no reload. */
export type ChangeKind = 'reload' | 'runtime';

/** Canary: named hosts, or the first `count` hosts by name. */
export type CanarySpec = { readonly hosts: readonly string[] } | { readonly count: number };

/** Batch size after the canary: a host count, or a percentage of all targeted hosts (rounded up). */
export type BatchSize = { readonly count: number } | { readonly percent: number };

export interface RolloutPlanSpec {
  /** Absent: no canary batch. */
  readonly canary?: CanarySpec;
  readonly batchSize: BatchSize;
  /** Hosts of this rollout in flight at once; defaults to the batch size. */
  readonly maxUnavailable?: number;
  readonly pauseBetweenBatchesSeconds: number;
  /** Host failures tolerated; one more aborts and rolls back. A canary failure always aborts. */
  readonly failureBudget: number;
}

export interface GateSpec {
  /** Failed probe requests tolerated during one host's reload (default 0). */
  readonly probeFailureThreshold: number;
  /** Every backend server must be running again after the reload (default true). */
  readonly requireBackendServersUp: boolean;
  /** The agent must answer within this many seconds of dispatch (default 300). */
  readonly agentDeadlineSeconds: number;
}

export type OfflineHostPolicy = 'skip' | 'wait';

export interface RolloutSpec {
  readonly target: TargetSelector;
  readonly changes: readonly ConfigChange[];
  /** Derived from `changes`: `reload` as soon as one change needs a reload. */
  readonly kind: ChangeKind;
  readonly plan: RolloutPlanSpec;
  readonly gates: GateSpec;
  /** Forces a reload strategy on every host; only meaningful for `reload` changes. */
  readonly strategy?: StrategyName;
  readonly offlineHosts: OfflineHostPolicy;
  /** Validate on every target, change nothing. */
  readonly dryRun: boolean;
  readonly windowId?: string;
  readonly scheduledStart?: Date;
  /**
   * The operator's confirmation of a wide rollout: the number of hosts the target
   * selects, as the server counts them at creation (plan/blast-radius.ts).
   */
  readonly confirm?: RolloutConfirmation;
}

export interface RolloutConfirmation {
  readonly hosts: number;
}
