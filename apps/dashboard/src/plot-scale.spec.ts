import { linearScale, niceTicks } from './plot-scale';

describe('plot scales', () => {
  it('picks round ticks that cover the data', () => {
    expect(niceTicks(0, 46)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(0, 0.7)).toEqual([0, 0.2, 0.4, 0.6, 0.8]);
    expect(niceTicks(0, 0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });

  it('maps the top tick to the top of the plot', () => {
    const y = linearScale([0, 46], [190, 10], true);
    expect([y(0), y(50), y(25)]).toEqual([190, 10, 100]);
  });
});
