// A compact log-linear histogram of latencies (HDR-histogram style): exact below
// 256 µs, then 128 buckets per power of two, so any recorded value is reported
// within 1/128 (< 0.8%) of itself. Memory stays a few KiB whatever the number of
// requests, so a probe run of millions of requests costs nothing extra.

const SUB_BITS = 8;
const SUB_COUNT = 1 << SUB_BITS; // values below this are stored exactly
const HALF_COUNT = SUB_COUNT >> 1; // buckets per power of two above that
/** Largest value stored (µs, about 35 minutes); longer latencies are clamped to it. */
const MAX_MICROS = 0x7fffffff;

export function bucketIndex(micros: number): number {
  if (micros < SUB_COUNT) return micros;
  const exponent = 31 - Math.clz32(micros) - (SUB_BITS - 1);
  return SUB_COUNT + (exponent - 1) * HALF_COUNT + ((micros >>> exponent) - HALF_COUNT);
}

/** Highest value (µs) that falls into the bucket. */
export function bucketUpperBound(index: number): number {
  if (index < SUB_COUNT) return index;
  const offset = index - SUB_COUNT;
  const exponent = Math.floor(offset / HALF_COUNT) + 1;
  const mantissa = (offset % HALF_COUNT) + HALF_COUNT;
  return mantissa * 2 ** exponent + 2 ** exponent - 1;
}

export class LatencyHistogram {
  private counts: number[] = [];
  private total = 0;
  private maxMicros = 0;
  private minMicros = Number.POSITIVE_INFINITY;

  get count(): number {
    return this.total;
  }

  recordMs(latencyMs: number): void {
    if (!Number.isFinite(latencyMs)) throw new RangeError(`latency must be finite, got ${latencyMs}`);
    const micros = Math.min(MAX_MICROS, Math.max(0, Math.round(latencyMs * 1000)));
    const index = bucketIndex(micros);
    while (this.counts.length <= index) this.counts.push(0);
    this.counts[index] += 1;
    this.total += 1;
    if (micros > this.maxMicros) this.maxMicros = micros;
    if (micros < this.minMicros) this.minMicros = micros;
  }

  /**
   * Nearest-rank percentile in ms: the smallest recorded value such that at least p% of the values
   * are at or below it, reported as its bucket's upper bound (a conservative figure), clamped to
   * the exact min and max. 0 when nothing was recorded.
   */
  percentileMs(percent: number): number {
    if (percent < 0 || percent > 100) throw new RangeError(`percentile must be within 0..100, got ${percent}`);
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((percent / 100) * this.total));
    let seen = 0;
    for (let index = 0; index < this.counts.length; index += 1) {
      seen += this.counts[index];
      if (seen >= rank) {
        const micros = Math.min(this.maxMicros, Math.max(this.minMicros, bucketUpperBound(index)));
        return micros / 1000;
      }
    }
    return this.maxMicros / 1000;
  }

  maxMs(): number {
    return this.maxMicros / 1000;
  }
}
