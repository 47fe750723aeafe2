import { maximum, median, roundMs, tally, withP99Ratios } from './stats';

describe('bench statistics', () => {
  it('takes the median of odd and even counts, and none of nothing', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([])).toBeNull();
    expect(maximum([])).toBeNull();
    expect(maximum([2, 9, 4])).toBe(9);
  });

  it('tallies and rounds', () => {
    expect(tally(['succeeded', 'rolled-back', 'succeeded'])).toEqual({ succeeded: 2, 'rolled-back': 1 });
    expect(roundMs(12.345)).toBe(12.3);
  });

  it('divides each p99 by the no-reload p99 of the same client kind', () => {
    const run = (strategy: string, client: string, p99: number) => ({ strategy, client, p99_ms: p99, p99_ratio: null });
    const runs = withP99Ratios([run('seamless', 'close', 6), run('none', 'close', 4), run('seamless', 'h2', 9), run('none', 'h2', 3), run('naive', 'idle', 5)]);
    expect(runs.map((r) => [r.strategy, r.client, r.p99_ratio])).toEqual([
      ['seamless', 'close', 1.5],
      ['none', 'close', 1],
      ['seamless', 'h2', 3],
      ['none', 'h2', 1],
      // No idle baseline in this invocation: no ratio rather than a made-up one.
      ['naive', 'idle', null],
    ]);
  });

  it('gives no ratio over a baseline that measured nothing', () => {
    const runs = withP99Ratios([
      { strategy: 'none', client: 'close', p99_ms: 0, p99_ratio: null },
      { strategy: 'plug', client: 'close', p99_ms: 3, p99_ratio: null },
    ]);
    expect(runs.map((r) => r.p99_ratio)).toEqual([null, null]);
  });

  it('rounds the ratio to hundredths', () => {
    const [, run] = withP99Ratios([
      { strategy: 'none', client: 'keepalive', p99_ms: 3, p99_ratio: null },
      { strategy: 'migrate', client: 'keepalive', p99_ms: 4, p99_ratio: null },
    ]);
    expect(run.p99_ratio).toBe(1.33);
  });
});
