import { maximum, median, roundMs, tally } from './stats';

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
});
