// Rebuilds the state machine's snapshot of one rollout from its rows, so any
// replica, after any restart, decides from exactly what Postgres holds.
import { parseMaintenanceWindow, parseRolloutSpec, type HostStep, type MaintenanceWindow, type RolloutSnapshot, type RolloutSpec } from '@hitless/rollout';
import type { RolloutRecord, StepRecord } from '../rollouts/rollout-records';

export interface SnapshotInputs {
  rollout: RolloutRecord;
  steps: StepRecord[];
  onlineHosts: ReadonlySet<string>;
  windowSpec?: Record<string, unknown>;
}

function toHostStep(step: StepRecord, online: boolean): HostStep {
  return {
    host: step.hostName,
    batch: step.batch,
    state: step.state,
    hostOnline: online,
    ...(step.dispatchedAt && { dispatchedAt: step.dispatchedAt }),
    ...(step.result && { result: { ...step.result, answeredAt: new Date(step.result.answeredAt) } }),
    ...(step.finishedAt && { finishedAt: step.finishedAt }),
    ...(step.changed !== null && { changed: step.changed }),
    ...(step.failureReasons && { failureReasons: step.failureReasons }),
    ...(step.rollbackDispatchedAt && { rollbackDispatchedAt: step.rollbackDispatchedAt }),
    ...(step.rollbackResult && { rollbackResult: { ...step.rollbackResult, answeredAt: new Date(step.rollbackResult.answeredAt) } }),
  };
}

export function buildSnapshot(inputs: SnapshotInputs): { snapshot: RolloutSnapshot; spec: RolloutSpec } {
  const spec = parseRolloutSpec(inputs.rollout.spec);
  const window: MaintenanceWindow | undefined = inputs.windowSpec ? parseMaintenanceWindow(inputs.windowSpec) : undefined;
  const snapshot: RolloutSnapshot = {
    state: inputs.rollout.state,
    ...(inputs.rollout.stopReason && { stopReason: inputs.rollout.stopReason }),
    spec,
    hasCanary: spec.plan.canary !== undefined,
    steps: inputs.steps.map((step) => toHostStep(step, inputs.onlineHosts.has(step.hostName))),
    ...(window && { window }),
  };
  return { snapshot, spec };
}
