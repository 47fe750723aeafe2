// Rebuilds the state machine's snapshot of one rollout from its rows, so any
// replica, after any restart, decides from exactly what Postgres holds: the
// steps, and the reload results (or refusals) they refer to by reload id.
import { parseMaintenanceWindow, parseRolloutSpec, type HostStep, type MaintenanceWindow, type RollbackResult, type RolloutSnapshot, type RolloutSpec, type StepResult } from '@hitless/rollout';
import type { ResultFigures, RolloutRecord, SchedulerStep } from '../rollouts/rollout-records';

export interface SnapshotInputs {
  rollout: RolloutRecord;
  steps: SchedulerStep[];
  onlineHosts: ReadonlySet<string>;
  windowSpec?: Record<string, unknown>;
}

/**
 * When the answer counts as given, for the agent-late gate: when it was stored, but never
 * later than the moment of this decision (the scheduler's clock, which tests may set apart
 * from the database's).
 */
function answeredAt(result: ResultFigures, now: Date): Date {
  return result.receivedAt.getTime() < now.getTime() ? result.receivedAt : now;
}

/** The step's answer for the gates: its reload result, else the agent's refusal (nothing ran: rejected). */
function forwardAnswer(step: SchedulerStep, now: Date): StepResult | undefined {
  const result = step.reloadResult;
  if (result) return { outcome: result.outcome, error: result.error, probe: result.probe, backendServers: result.backendServers, answeredAt: answeredAt(result, now) };
  if (step.refusal) return { outcome: 'rejected', error: step.refusal.error, probe: { requests: 0, failed: 0 }, answeredAt: new Date(step.refusal.at) };
  return undefined;
}

function rollbackAnswer(step: SchedulerStep, now: Date): RollbackResult | undefined {
  const result = step.rollbackReloadResult;
  if (result) return { ok: result.outcome === 'succeeded', error: result.error, answeredAt: answeredAt(result, now) };
  if (step.rollbackRefusal) return { ok: false, error: step.rollbackRefusal.error, answeredAt: new Date(step.rollbackRefusal.at) };
  return undefined;
}

// Plain literals (absent fields undefined), no conditional spreads: this runs for every step of a
// rollout on every decision.
function toHostStep(step: SchedulerStep, online: boolean, now: Date): HostStep {
  return {
    host: step.hostName,
    batch: step.batch,
    state: step.state,
    hostOnline: online,
    dispatchedAt: step.dispatchedAt ?? undefined,
    result: forwardAnswer(step, now),
    finishedAt: step.finishedAt ?? undefined,
    changed: step.changed ?? undefined,
    failureReasons: step.failureReasons ?? undefined,
    rollbackDispatchedAt: step.rollbackDispatchedAt ?? undefined,
    rollbackResult: rollbackAnswer(step, now),
  };
}

/** Whether the step's forward call still waits for its agent: sent, and neither a result nor a refusal is in. */
export function awaitsAnswer(step: SchedulerStep): boolean {
  return step.state === 'dispatched' && step.reloadId !== null && step.reloadResult === null && step.refusal === null;
}

/** Whether the step's rollback call still waits for its agent. */
export function awaitsRollbackAnswer(step: SchedulerStep): boolean {
  return step.state === 'rolling-back' && step.rollbackReloadId !== null && step.rollbackReloadResult === null && step.rollbackRefusal === null;
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

export function buildSnapshot(inputs: SnapshotInputs, now: Date): { snapshot: RolloutSnapshot; spec: RolloutSpec } {
  const spec = parsedSpec(inputs.rollout.id, inputs.rollout.spec);
  const window: MaintenanceWindow | undefined = inputs.windowSpec ? parseMaintenanceWindow(inputs.windowSpec) : undefined;
  const snapshot: RolloutSnapshot = {
    state: inputs.rollout.state,
    ...(inputs.rollout.stopReason && { stopReason: inputs.rollout.stopReason }),
    spec,
    hasCanary: spec.plan.canary !== undefined,
    steps: inputs.steps.map((step) => toHostStep(step, inputs.onlineHosts.has(step.hostName), now)),
    ...(window && { window }),
  };
  return { snapshot, spec };
}
