// Rollout details for unit tests, shaped like GET /api/v1/rollouts/:id answers.
import type { RolloutDetail, RolloutState, RolloutStep } from '@hitless/api-contract';

export function step(hostName: string, over: Partial<RolloutStep> = {}): RolloutStep {
  return {
    hostName, batch: 0, position: 0, state: 'pending', attempt: 0, reloadId: null, dispatchedAt: null, outcome: null, failedRequests: null, finishedAt: null,
    changed: null, failureReasons: null, appliedChanges: null, rollbackReloadId: null, refusal: null, rollbackDispatchedAt: null, rollbackRefusal: null, reloadResult: null, rollbackReloadResult: null, ...over,
  };
}

export function detail(state: RolloutState, steps: RolloutStep[], spec: Record<string, unknown> = {}): RolloutDetail {
  return {
    rollout: {
      id: '11111111-1111-4111-8111-111111111111', name: 'to leastconn', spec, state, stopReason: null, summary: null, windowId: null, notBefore: null,
      dryRun: false, idempotencyKey: null, createdBy: 'test', createdAt: '2026-11-25T12:00:00Z', updatedAt: '2026-11-25T12:00:00Z', finishedAt: null, wakeAt: null,
    },
    steps,
  };
}
