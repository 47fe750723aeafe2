// What the live rollout view shows, derived from the API's rollout detail:
// steps grouped by batch, how far it got, which commands its state allows.
import { isSettledStep, isTerminal, type RolloutState, type RolloutStep } from '@hitless/api-contract';

export interface BatchView {
  index: number;
  /** Batch 0 is the canary when the plan has one. */
  label: string;
  steps: RolloutStep[];
}

export interface Progress {
  total: number;
  settled: number;
  succeeded: number;
  failed: number;
  failedRequests: number;
}

export function groupBatches(steps: RolloutStep[], hasCanary: boolean): BatchView[] {
  const batches = new Map<number, RolloutStep[]>();
  for (const step of steps) batches.set(step.batch, [...(batches.get(step.batch) ?? []), step]);
  return [...batches.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, list]) => ({
      index,
      label: hasCanary && index === 0 ? 'Canary' : `Batch ${hasCanary ? index : index + 1}`,
      steps: [...list].sort((a, b) => a.position - b.position),
    }));
}

export function progressOf(steps: RolloutStep[]): Progress {
  return {
    total: steps.length,
    settled: steps.filter((s) => isSettledStep(s.state)).length,
    succeeded: steps.filter((s) => s.state === 'succeeded').length,
    failed: steps.filter((s) => s.state === 'failed' || s.state === 'rolled-back').length,
    failedRequests: steps.reduce((sum, s) => sum + (s.failedRequests ?? 0), 0),
  };
}

/** Which of pause, resume, abort the rollout's state allows (the server decides in the end). */
export function allowedCommands(state: RolloutState): { pause: boolean; resume: boolean; abort: boolean } {
  return {
    pause: ['pending', 'waiting-for-window', 'running'].includes(state),
    resume: state === 'paused',
    abort: !isTerminal(state) && state !== 'rolling-back',
  };
}

/** Whether a spec asks for a canary batch. */
export function hasCanary(spec: Record<string, unknown>): boolean {
  const plan = spec.plan as { canary?: unknown } | undefined;
  return plan?.canary !== undefined;
}
