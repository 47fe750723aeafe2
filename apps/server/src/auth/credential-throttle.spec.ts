import type { AuthLimits } from '../config/server-config';
import { TooManyAttemptsError } from '../errors/domain-errors';
import { CredentialThrottle } from './credential-throttle';

const limits: AuthLimits = { burst: 3, refillPerMinute: 60, maxSources: 100, checksInFlight: 1, checksQueued: 0 };

function movableClock(start = Date.parse('2026-01-01T00:00:00Z')): { now(): Date; advance(ms: number): void } {
  let at = start;
  return { now: () => new Date(at), advance: (ms) => (at += ms) };
}

describe('CredentialThrottle', () => {
  it('answers the failures past the burst with a refusal and a Retry-After, per source', () => {
    const clock = movableClock();
    const throttle = new CredentialThrottle('authentication', limits, clock);
    expect([throttle.failed('a'), throttle.failed('a'), throttle.failed('a')]).toEqual([undefined, undefined, undefined]);
    const refusal = throttle.failed('a');
    expect(refusal).toBeInstanceOf(TooManyAttemptsError);
    expect(refusal).toMatchObject({ retryAfterSeconds: 1, message: 'too many failed authentication attempts from a; retry in 1 s' });
    expect(() => throttle.admit('a')).toThrow(TooManyAttemptsError);
    // Another source has its own bucket.
    expect(() => throttle.admit('b')).not.toThrow();
    expect(throttle.failed('b')).toBeUndefined();
  });

  it('refills at the configured rate, never above the burst', () => {
    const clock = movableClock();
    const throttle = new CredentialThrottle('authentication', limits, clock);
    for (let i = 0; i < 3; i += 1) throttle.failed('a');
    clock.advance(999);
    expect(() => throttle.admit('a')).toThrow(TooManyAttemptsError);
    clock.advance(1);
    expect(() => throttle.admit('a')).not.toThrow();
    clock.advance(3_600_000);
    expect([throttle.failed('a'), throttle.failed('a'), throttle.failed('a')]).toEqual([undefined, undefined, undefined]);
    expect(throttle.failed('a')).toBeInstanceOf(TooManyAttemptsError);
  });

  it('lets a credential that passed lately through a refused source, until it fails', () => {
    const throttle = new CredentialThrottle('authentication', limits, movableClock());
    throttle.succeeded('good');
    for (let i = 0; i < 4; i += 1) throttle.failed('a');
    expect(() => throttle.admit('a', 'good')).not.toThrow();
    expect(() => throttle.admit('a', 'unknown')).toThrow(TooManyAttemptsError);
    // Revoked since: its failure forgets it.
    throttle.failed('a', 'good');
    expect(() => throttle.admit('a', 'good')).toThrow(TooManyAttemptsError);
  });

  it('forgets the source seen longest ago past maxSources', () => {
    const throttle = new CredentialThrottle('authentication', { ...limits, maxSources: 2 }, movableClock());
    for (let i = 0; i < 4; i += 1) throttle.failed('old');
    throttle.failed('b');
    throttle.failed('c');
    // 'old' was evicted and starts with a full bucket again; 'b' and 'c' are remembered.
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
