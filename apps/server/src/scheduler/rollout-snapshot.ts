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

// A rollout's spec is written once, at creation, yet every decision (one per
// agent answer) re-validated it, which was a large share of a small fleet's
// CPU per reload. Parsed once per rollout and spec text; bounded.
const parsedSpecs = new Map<string, { text: string; spec: RolloutSpec }>();
const MAX_PARSED_SPECS = 1000;

function parsedSpec(rolloutId: string, raw: Record<string, unknown>): RolloutSpec {
  const text = JSON.stringify(raw);
  const known = parsedSpecs.get(rolloutId);
  if (known && known.text === text) return known.spec;
  const spec = parseRolloutSpec(raw);
  if (parsedSpecs.size >= MAX_PARSED_SPECS) parsedSpecs.delete(parsedSpecs.keys().next().value as string);
  parsedSpecs.set(rolloutId, { text, spec });
  return spec;
}

export function buildSnapshot(inputs: SnapshotInputs): { snapshot: RolloutSnapshot; spec: RolloutSpec } {
  const spec = parsedSpec(inputs.rollout.id, inputs.rollout.spec);
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
