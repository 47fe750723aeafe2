import type { HostStepState, RolloutStep } from '@hitless/api-contract';
import { allowedCommands, groupBatches, progressOf } from './rollout-progress';

const step = (hostName: string, batch: number, position: number, state: HostStepState, failedRequests: number | null = null): RolloutStep => ({
  hostName, batch, position, state, attempt: 1, reloadId: null, outcome: null, failedRequests, dispatchedAt: null, finishedAt: null, changed: null, failureReasons: null,
  appliedChanges: null, rollbackReloadId: null, rollbackDispatchedAt: null, refusal: null, rollbackRefusal: null, reloadResult: null, rollbackReloadResult: null,
});

describe('rollout progress', () => {
  const steps = [step('lb-3', 1, 1, 'pending'), step('lb-1', 0, 0, 'succeeded', 0), step('lb-2', 1, 0, 'dispatched'), step('lb-4', 2, 0, 'rolled-back', 2)];

  it('groups steps into a canary and numbered batches, in plan order', () => {
    const batches = groupBatches(steps, true);
    expect(batches.map((b) => [b.label, b.steps.map((s) => s.hostName)])).toEqual([
      ['Canary', ['lb-1']],
      ['Batch 1', ['lb-2', 'lb-3']],
      ['Batch 2', ['lb-4']],
    ]);
    expect(groupBatches(steps, false).map((b) => b.label)).toEqual(['Batch 1', 'Batch 2', 'Batch 3']);
  });

  it('counts settled, failed hosts and failed probe requests', () => {
    expect(progressOf(steps)).toEqual({ total: 4, settled: 2, succeeded: 1, failed: 1, failedRequests: 2 });
  });

  it('offers pause only while it can run, resume only when paused, abort until it ends', () => {
    expect(allowedCommands('running')).toEqual({ pause: true, resume: false, abort: true });
    expect(allowedCommands('paused')).toEqual({ pause: false, resume: true, abort: true });
    expect(allowedCommands('succeeded')).toEqual({ pause: false, resume: false, abort: false });
    expect(allowedCommands('rolling-back')).toEqual({ pause: false, resume: false, abort: false });
  });
});
