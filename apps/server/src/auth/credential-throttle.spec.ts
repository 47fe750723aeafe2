import type { AuthLimits } from '../config/server-config';
import { TooManyAttemptsError } from '../errors/domain-errors';
import { CredentialThrottle } from './credential-throttle';

const limits: AuthLimits = { burst: 3, refillPerMinute: 60, maxSources: 100, checksInFlight: 1, checksQueued: 0 };

function movableClock(start = Date.parse('2026-01-01T00:00:00Z')): { now(): Date; advance(ms: number): void } {
  let at = start;
  return { now: () => new Date(at), advance: (ms) => (at += ms) };
}

/** `count` checks that fail, as a flood of wrong credentials from one source. */
function failTimes(throttle: CredentialThrottle, source: string, count: number): void {
  for (let i = 0; i < count; i += 1) throttle.failed(throttle.admit(source));
}

describe('CredentialThrottle', () => {
  it('refuses a source past its burst of failures, with the wait, and counts each source apart', () => {
    const throttle = new CredentialThrottle('authentication', limits, movableClock());
    failTimes(throttle, 'a', 3);
    expect(() => throttle.admit('a')).toThrow(TooManyAttemptsError);
    try {
      throttle.admit('a');
    } catch (error) {
      expect(error).toMatchObject({ retryAfterSeconds: 1, message: 'too many failed authentication attempts from a; retry in 1 s' });
    }
    expect(() => throttle.admit('b')).not.toThrow();
  });

  it('takes a token for each check before it runs, so checks at once cannot pass the burst', () => {
    const throttle = new CredentialThrottle('authentication', limits, movableClock());
    // Three checks in flight, none answered yet: the fourth is refused before it runs.
    const inFlight = [throttle.admit('a'), throttle.admit('a'), throttle.admit('a')];
    expect(() => throttle.admit('a')).toThrow(TooManyAttemptsError);
    // Passing checks give their token back.
    throttle.succeeded(inFlight[0]);
    throttle.release(inFlight[1]);
    expect(() => throttle.admit('a')).not.toThrow();
  });

  it('refills at the configured rate, never above the burst', () => {
    const clock = movableClock();
    const throttle = new CredentialThrottle('authentication', limits, clock);
    failTimes(throttle, 'a', 3);
    clock.advance(999);
    expect(() => throttle.admit('a')).toThrow(TooManyAttemptsError);
    clock.advance(1);
    throttle.failed(throttle.admit('a'));
    clock.advance(3_600_000);
    failTimes(throttle, 'a', 3);
    expect(() => throttle.admit('a')).toThrow(TooManyAttemptsError);
  });

  it('lets a credential that passed lately through a refused source, until it fails', () => {
    const throttle = new CredentialThrottle('authentication', limits, movableClock());
    throttle.succeeded(throttle.admit('a', 'good'), 'good');
    failTimes(throttle, 'a', 3);
    const admission = throttle.admit('a', 'good');
    expect(admission.reserved).toBe(false);
    expect(() => throttle.admit('a', 'unknown')).toThrow(TooManyAttemptsError);
    // Revoked since: its failure forgets it.
    throttle.failed(admission, 'good');
    expect(() => throttle.admit('a', 'good')).toThrow(TooManyAttemptsError);
  });

  it('forgets the source seen longest ago past maxSources', () => {
    const throttle = new CredentialThrottle('authentication', { ...limits, maxSources: 2 }, movableClock());
    failTimes(throttle, 'old', 3);
    failTimes(throttle, 'b', 1);
    failTimes(throttle, 'c', 1);
    // 'old' was evicted and starts with a full bucket again.
    expect(() => throttle.admit('old')).not.toThrow();
  });

  it('refuses a check at once when every slot and the queue are taken', async () => {
    const throttle = new CredentialThrottle('enrolment', limits, movableClock());
    let release = () => undefined as void;
    const first = throttle.check(() => new Promise<string>((resolve) => (release = () => resolve('done'))));
    await expect(throttle.check(async () => 'second')).rejects.toMatchObject({ name: 'TooManyAttemptsError', retryAfterSeconds: 1, message: 'too many enrolment checks at once; retry in 1 s' });
    release();
    expect(await first).toBe('done');
  });
});
