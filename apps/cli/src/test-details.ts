// Rollout details for unit tests, shaped like GET /api/v1/rollouts/:id answers.
import type { RolloutDetail, RolloutStep } from './api-types';

export function step(hostName: string, over: Partial<RolloutStep> = {}): RolloutStep {
  return { hostName, batch: 0, state: 'pending', outcome: null, failedRequests: null, changed: null, failureReasons: null, appliedChanges: null, ...over };
}

export function detail(state: string, steps: RolloutStep[], spec: Record<string, unknown> = {}): RolloutDetail {
  return {
    rollout: {
      id: '11111111-1111-4111-8111-111111111111', name: 'to leastconn', spec, state, stopReason: null, summary: null, windowId: null,
      dryRun: false, idempotencyKey: null, createdBy: 'test', createdAt: '2026-11-25T12:00:00Z', finishedAt: null,
    },
    steps,
  };
}
