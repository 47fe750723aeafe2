// The flood guard in front of every credential check (API tokens on REST, join
// tokens on Enroll). Two limits, each for its own reason:
// - Per source, a token bucket of failures: a source that has presented `burst`
//   wrong or missing credentials is answered 429 / RESOURCE_EXHAUSTED before any
//   database query, until the bucket refills. Each check takes its token before
//   it runs and gets it back when it passes, so a hundred wrong tokens sent at
//   once cost `burst` queries, not a hundred. A credential that passed lately is
//   checked without a token, so an operator behind the same address keeps working.
// - Checks at once: a semaphore, not a pool of its own. The checks share the
//   server's pool but may hold at most `checksInFlight` of its connections, so
//   heartbeats and lease renewals always find one; a separate pool would add
//   connections per replica to Postgres and still queue without bound inside
//   postgres.js, where this refuses past `checksQueued` at once.
// Memory is bounded: at most `maxSources` buckets and as many known-good
// credentials, the one used longest ago forgotten first.
import type { Clock } from '../clock/clock';
import { systemClock } from '../clock/clock';
import type { AuthLimits } from '../config/server-config';
import { TooManyAttemptsError } from '../errors/domain-errors';
import { BoundedConcurrency, SlotsFullError } from './bounded-concurrency';

interface Bucket {
  tokens: number;
  at: number;
}

/** What admit() took for one check; hand it back to succeeded, failed or release. */
export interface Admission {
  readonly source: string;
  readonly reserved: boolean;
}

/** Touches a key of an insertion-ordered map, so the first key is always the one used longest ago. */
function touch<V>(map: Map<string, V>, key: string, value: V, cap: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > cap) map.delete(map.keys().next().value as string);
}

export class CredentialThrottle {
  private readonly buckets = new Map<string, Bucket>();
  private readonly recentlyGood = new Map<string, true>();
  private readonly slots: BoundedConcurrency;
  private readonly refillPerMs: number;

  constructor(
    /** What is checked, for messages: 'authentication', 'enrolment'. */
    private readonly what: string,
    private readonly limits: AuthLimits,
    private readonly clock: Clock = systemClock,
  ) {
    this.slots = new BoundedConcurrency(limits.checksInFlight, limits.checksQueued);
    this.refillPerMs = limits.refillPerMinute / 60_000;
  }

  /**
   * Before a check: refuses a source whose failures are used up, else takes one of its
   * tokens for the check (none for a credential that passed lately).
   */
  admit(source: string, credentialKey?: string): Admission {
    if (credentialKey !== undefined && this.recentlyGood.has(credentialKey)) return { source, reserved: false };
    const bucket = this.bucket(source);
    if (bucket.tokens < 1) throw this.refusal(source, bucket);
    bucket.tokens -= 1;
    return { source, reserved: true };
  }

  /** Runs one credential check in a bounded slot. */
  async check<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await this.slots.run(run);
    } catch (error) {
      if (error instanceof SlotsFullError) throw new TooManyAttemptsError(`too many ${this.what} checks at once; retry in 1 s`, 1);
      throw error;
    }
  }

  /** The check passed: its token goes back, and the credential skips the bucket from now on. */
  succeeded(admission: Admission, credentialKey?: string): void {
    this.release(admission);
    if (credentialKey !== undefined) touch(this.recentlyGood, credentialKey, true, this.limits.maxSources);
  }

  /** The caller's credential was wrong: the token stays taken (one is taken now if the credential had skipped the bucket). */
  failed(admission: Admission, credentialKey?: string): void {
    if (credentialKey !== undefined) this.recentlyGood.delete(credentialKey);
    if (!admission.reserved) {
      const bucket = this.bucket(admission.source);
      bucket.tokens = Math.max(0, bucket.tokens - 1);
    }
  }

  /** The check could not tell (the database failed, say): not the caller's failure, so its token goes back. */
  release(admission: Admission): void {
    if (!admission.reserved) return;
    const bucket = this.bucket(admission.source);
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + 1);
  }

  /** The source's bucket, refilled to now and marked as used most recently. */
  private bucket(source: string): Bucket {
    const now = this.clock.now().getTime();
    const bucket = this.buckets.get(source) ?? { tokens: this.limits.burst, at: now };
    // A clock stepped back refills nothing rather than draining.
    bucket.tokens = Math.min(this.limits.burst, bucket.tokens + Math.max(0, now - bucket.at) * this.refillPerMs);
    bucket.at = now;
    touch(this.buckets, source, bucket, this.limits.maxSources);
    return bucket;
  }

  private refusal(source: string, bucket: Bucket): TooManyAttemptsError {
    const seconds = Math.max(1, Math.ceil((1 - bucket.tokens) / this.refillPerMs / 1000));
    return new TooManyAttemptsError(`too many failed ${this.what} attempts from ${source}; retry in ${seconds} s`, seconds);
  }
}
