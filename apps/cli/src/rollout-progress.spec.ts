import { endedBadly, progressBar, progressLine, rolloutProgress } from './rollout-progress';
import { detail, step } from './test-details';

describe('rollout progress', () => {
  it('counts settled hosts and finds the current batch', () => {
    const p = rolloutProgress(
      detail('running', [
        step('lb-1', { batch: 0, state: 'succeeded', failedRequests: 0 }),
        step('lb-2', { batch: 1, state: 'dispatched' }),
        step('lb-3', { batch: 1, state: 'pending' }),
        step('lb-4', { batch: 2, state: 'pending' }),
      ]),
    );
    expect(p).toMatchObject({ total: 4, settled: 1, succeeded: 1, inFlight: 1, batch: { current: 2, total: 3 }, terminal: false });
    expect(progressLine(p)).toBe('[######..................] 1/4 hosts  running  batch 2/3  1 in flight  0 failed  0 failed requests');
  });

  it('reports a finished rollout with its summary', () => {
    const done = detail('succeeded', [step('lb-1', { state: 'succeeded', failedRequests: 0 })]);
    done.rollout.summary = '1 hosts changed';
    expect(progressLine(rolloutProgress(done))).toBe(`${progressBar(1, 1)} 1/1 hosts  succeeded  batch 1/1  0 failed  0 failed requests  1 hosts changed`);
  });

  it('treats failed, rolled-back and aborted as ending badly, and only terminal states as the end', () => {
    expect((['succeeded', 'failed', 'rolled-back', 'aborted', 'running', 'paused'] as const).map(endedBadly)).toEqual([false, true, true, true, false, false]);
    expect(rolloutProgress(detail('paused', [])).terminal).toBe(false);
  });
});
