import { bucketIndex, bucketUpperBound, LatencyHistogram } from './latency-histogram';

describe('latency histogram buckets', () => {
  it('stores values below 256 µs exactly', () => {
    for (const micros of [0, 1, 17, 255]) {
      expect(bucketIndex(micros)).toBe(micros);
      expect(bucketUpperBound(bucketIndex(micros))).toBe(micros);
    }
  });

  it('keeps every value within its bucket, and buckets narrower than 1/128 of their values', () => {
    let previousIndex = -1;
    for (let micros = 0; micros < 5_000_000; micros = micros < 1000 ? micros + 1 : Math.ceil(micros * 1.003)) {
      const index = bucketIndex(micros);
      expect(index).toBeGreaterThanOrEqual(previousIndex);
      previousIndex = index;
      const upper = bucketUpperBound(index);
      expect(upper).toBeGreaterThanOrEqual(micros);
      expect(upper - micros).toBeLessThanOrEqual(micros / 128);
      if (index > 0) expect(bucketUpperBound(index - 1)).toBeLessThan(micros);
    }
  });

  it('handles the largest storable value', () => {
    const index = bucketIndex(0x7fffffff);
    expect(bucketUpperBound(index)).toBe(0x7fffffff);
  });
});

describe('LatencyHistogram percentiles', () => {
  it('is all zeros when empty', () => {
    const histogram = new LatencyHistogram();
    expect(histogram.percentileMs(50)).toBe(0);
    expect(histogram.percentileMs(99)).toBe(0);
    expect(histogram.maxMs()).toBe(0);
  });

  it('uses nearest rank on small exact values', () => {
    const histogram = new LatencyHistogram();
    // 1..100 µs as ms: p50 is the 50th value, p99 the 99th.
    for (let micros = 100; micros >= 1; micros -= 1) histogram.recordMs(micros / 1000);
    expect(histogram.count).toBe(100);
    expect(histogram.percentileMs(50)).toBe(0.05);
    expect(histogram.percentileMs(99)).toBe(0.099);
    expect(histogram.percentileMs(100)).toBe(0.1);
    expect(histogram.percentileMs(0)).toBe(0.001);
    expect(histogram.maxMs()).toBe(0.1);
  });

  it('agrees with a sorted array within 1% on 100,000 random latencies', () => {
    let seed = 42;
    const random = (): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    const histogram = new LatencyHistogram();
    const values: number[] = [];
    for (let i = 0; i < 100_000; i += 1) {
      // Mostly ~1 ms with a long tail up to seconds, like a reload.
      const ms = random() < 0.98 ? 0.2 + random() * 2 : 5 + random() ** 3 * 3000;
      values.push(Math.round(ms * 1000) / 1000);
      histogram.recordMs(ms);
    }
    values.sort((a, b) => a - b);
    for (const percent of [50, 90, 99, 99.9]) {
      const exact = values[Math.ceil((percent / 100) * values.length) - 1];
      const estimate = histogram.percentileMs(percent);
      expect(estimate).toBeGreaterThanOrEqual(exact);
      expect(estimate).toBeLessThanOrEqual(exact * 1.01);
    }
    expect(histogram.maxMs()).toBe(values[values.length - 1]);
  });

  it('rejects nonsense', () => {
    const histogram = new LatencyHistogram();
    expect(() => histogram.recordMs(Number.NaN)).toThrow(RangeError);
    expect(() => histogram.percentileMs(101)).toThrow(RangeError);
  });

  it('clamps negative latencies to 0 and huge ones to the maximum', () => {
    const histogram = new LatencyHistogram();
    histogram.recordMs(-1);
    histogram.recordMs(1e12);
    expect(histogram.percentileMs(50)).toBe(0);
    expect(histogram.maxMs()).toBe(0x7fffffff / 1000);
  });
});
