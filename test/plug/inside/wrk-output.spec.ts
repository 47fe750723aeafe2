import { durationMs, parseWrkOutput } from './wrk-output';

const REPORT = `Running 1m test @ http://127.0.0.1:8080/
  1 threads and 16 connections
  Thread Stats   Avg      Stdev     Max   +/- Stdev
    Latency     2.10ms    5.33ms 215.42ms   98.10%
    Req/Sec     1.20k   210.00     1.50k    70.00%
  Latency Distribution
     50%    1.20ms
     75%    1.90ms
     90%    2.80ms
     99%   12.50ms
  7050 requests in 6.02s, 0.90MB read
  Socket errors: connect 0, read 3, write 0, timeout 1
  Non-2xx or 3xx responses: 2
Requests/sec:   1171.10
Transfer/sec:    152.00KB
`;

describe('parseWrkOutput', () => {
  it('reads completed requests, the percentiles, the maximum and every kind of error', () => {
    expect(parseWrkOutput(REPORT)).toEqual({ completed: 7050, errors: { read: 3, timeout: 1, 'non-2xx': 2 }, p50_ms: 1.2, p99_ms: 12.5, max_ms: 215.42 });
  });

  it('reports no errors when wrk printed none, and converts every unit', () => {
    const clean = REPORT.replace(/\s+Socket errors.*\n/, '\n').replace(/\s+Non-2xx.*\n/, '\n');
    expect(parseWrkOutput(clean).errors).toEqual({});
    expect([durationMs('850.00us'), durationMs('1.50s'), durationMs('2.00m')]).toEqual([0.85, 1500, 120_000]);
  });

  it('says what is missing instead of inventing a figure', () => {
    expect(() => parseWrkOutput('Running 1m test\n')).toThrow(/request count/);
  });
});
