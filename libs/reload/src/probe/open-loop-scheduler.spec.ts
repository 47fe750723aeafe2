import { dueCount, OpenLoopScheduler } from './open-loop-scheduler';

describe('dueCount', () => {
  it('issues request 0 at once and one more per interval', () => {
    expect(dueCount(-1, 5)).toBe(0);
    expect(dueCount(0, 5)).toBe(1);
    expect(dueCount(4.99, 5)).toBe(1);
    expect(dueCount(5, 5)).toBe(2);
    expect(dueCount(2000, 5)).toBe(401);
  });
});

describe('OpenLoopScheduler', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('catches up after a stall instead of dropping the requests that were due', () => {
    let now = 0;
    const issued: number[] = [];
    const scheduler = new OpenLoopScheduler(1000, (index) => issued.push(index), () => now);
    scheduler.start();
    expect(issued).toEqual([0]);
    // The event loop was blocked for 50 ms: the 50 requests due meanwhile all go out on the next wake.
    now = 50;
    jest.advanceTimersByTime(1);
    expect(issued).toHaveLength(51);
    expect(issued[50]).toBe(50);
    scheduler.stop();
    now = 100;
    jest.advanceTimersByTime(100);
    expect(issued).toHaveLength(51);
  });

  it('keeps the rate when the timer is on time', () => {
    let now = 0;
    let count = 0;
    const scheduler = new OpenLoopScheduler(200, () => (count += 1), () => now);
    scheduler.start();
    for (let step = 0; step < 2000; step += 1) {
      now += 1;
      jest.advanceTimersByTime(1);
    }
    scheduler.stop();
    expect(count).toBe(401);
  });

  it('rejects a rate that is not positive', () => {
    expect(() => new OpenLoopScheduler(0, () => undefined, () => 0)).toThrow(RangeError);
  });
});
