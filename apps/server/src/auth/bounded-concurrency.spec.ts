import { BoundedConcurrency, SlotsFullError } from './bounded-concurrency';

function gate(): { promise: Promise<void>; open(): void } {
  let open = () => undefined as void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

describe('BoundedConcurrency', () => {
  it('runs at most `limit` tasks at once, queues up to `queueLimit`, and refuses past that', async () => {
    const slots = new BoundedConcurrency(2, 1);
    const gates = [gate(), gate(), gate()];
    let peak = 0;
    let running = 0;
    const task = (i: number) => async () => {
      running += 1;
      peak = Math.max(peak, running);
      await gates[i].promise;
      running -= 1;
      return i;
    };
    const runs = [slots.run(task(0)), slots.run(task(1)), slots.run(task(2))];
    expect(slots.load()).toEqual({ running: 2, waiting: 1 });
    await expect(slots.run(async () => 99)).rejects.toBeInstanceOf(SlotsFullError);
    gates.forEach((g) => g.open());
    expect(await Promise.all(runs)).toEqual([0, 1, 2]);
    expect(peak).toBe(2);
    expect(slots.load()).toEqual({ running: 0, waiting: 0 });
  });

  it('frees the slot of a task that throws', async () => {
    const slots = new BoundedConcurrency(1, 0);
    await expect(slots.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(await slots.run(async () => 'next')).toBe('next');
  });
});
