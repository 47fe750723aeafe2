import { RolloutConflictError } from '../errors/rollout-conflict-error';
import type { HostStep, RolloutState } from './rollout-state';
import { abortRollout, pauseRollout, resumeRollout } from './transitions';

const untouched: Pick<HostStep, 'state'>[] = [{ state: 'pending' }, { state: 'skipped' }];
const started: Pick<HostStep, 'state'>[] = [{ state: 'succeeded' }, { state: 'pending' }];
const rollout = (state: RolloutState, steps = started) => ({ state, steps });

function conflict(run: () => unknown): RolloutConflictError {
  try {
    run();
  } catch (error) {
    if (error instanceof RolloutConflictError) return error;
    throw error;
  }
  throw new Error('expected a RolloutConflictError');
}

describe('operator transitions', () => {
  it.each<RolloutState>(['pending', 'waiting-for-window', 'running'])('pauses a %s rollout', (state) => {
    expect(pauseRollout(rollout(state))).toEqual({ state: 'paused' });
  });

  it("resumes into 'running' once a host was touched, else into 'pending' so a scheduled start still holds", () => {
    expect(resumeRollout(rollout('paused'))).toEqual({ state: 'running' });
    expect(resumeRollout(rollout('paused', untouched))).toEqual({ state: 'pending' });
  });

  it.each<RolloutState>(['pending', 'waiting-for-window', 'running', 'paused'])('aborts a %s rollout into a rollback', (state) => {
    expect(abortRollout(rollout(state))).toEqual({ state: 'rolling-back', stopReason: 'aborted' });
  });

  it.each<RolloutState>(['succeeded', 'failed', 'aborted', 'rolled-back'])('refuses to pause, resume or abort a %s rollout', (state) => {
    for (const action of [pauseRollout, resumeRollout, abortRollout]) {
      const error = conflict(() => action(rollout(state)));
      expect(error.state).toBe(state);
      expect(error.message).toContain('has finished');
    }
  });

  it('refuses the transitions that make no sense, with the action and state in the error', () => {
    expect(conflict(() => resumeRollout(rollout('running')))).toMatchObject({ action: 'resume', state: 'running' });
    expect(conflict(() => pauseRollout(rollout('paused')))).toMatchObject({ action: 'pause', state: 'paused' });
    expect(conflict(() => pauseRollout(rollout('rolling-back')))).toMatchObject({ action: 'pause', state: 'rolling-back' });
    expect(conflict(() => abortRollout(rollout('rolling-back')))).toMatchObject({ action: 'abort', state: 'rolling-back' });
  });
});
