import { ProbeRecorder } from './probe-recorder';

describe('ProbeRecorder', () => {
  it('counts successes, failures by code and per target', () => {
    const recorder = new ProbeRecorder(['a', 'b', 'idle']);
    recorder.record('a', { latencyMs: 1 });
    recorder.record('a', { code: 'ECONNRESET', latencyMs: 2 });
    recorder.record('b', { code: 'HTTP_503', latencyMs: 3 });
    recorder.record('b', { code: 'EOVERLOAD' });
    const figures = recorder.figures(2, 1234.5678, { p99Ms: 1.5, maxMs: 2.25 });
    expect(figures).toEqual({
      requests: 4,
      failed: 3,
      errors: { ECONNRESET: 1, EOVERLOAD: 1, HTTP_503: 1 },
      // 2 ms lands in a bucket 8 µs wide; percentiles report the bucket's top (max is exact).
      p50_ms: 2.007,
      p99_ms: 3,
      max_ms: 3,
      byTarget: { a: { requests: 2, failed: 1 }, b: { requests: 2, failed: 2 }, idle: { requests: 0, failed: 0 } },
      eventLoopLag_p99_ms: 1.5,
      eventLoopLag_max_ms: 2.25,
      inFlight: 2,
      durationMs: 1234.568,
    });
  });

  it('hands out copies, not its live counters', () => {
    const recorder = new ProbeRecorder(['a']);
    const before = recorder.figures(0, 0, { p99Ms: 0, maxMs: 0 });
    recorder.record('a', { latencyMs: 1 });
    expect(before.byTarget.a.requests).toBe(0);
  });
});
