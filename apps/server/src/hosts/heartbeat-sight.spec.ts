import { HeartbeatSight } from './heartbeat-sight';

describe('HeartbeatSight', () => {
  let now = 0;
  const sight = () => new HeartbeatSight(1000, () => now);

  beforeEach(() => {
    now = 10_000;
  });

  it('counts a fresh server as blind since its start', () => {
    const seen = sight();
    now += 2500;
    expect(seen.clearForMs()).toBe(2500);
  });

  it('marks blind when a watched call fails, and passes the error on', async () => {
    const seen = sight();
    now += 5000;
    await expect(seen.watch(async () => Promise.reject(new Error('connect ECONNREFUSED')))).rejects.toThrow('ECONNREFUSED');
    expect(seen.clearForMs()).toBe(0);
  });

  it('marks blind when a watched call succeeds only after stalling past the bound', async () => {
    const seen = sight();
    now += 5000;
    const value = await seen.watch(async () => {
      now += 1500;
      return 'late';
    });
    expect(value).toBe('late');
    expect(seen.clearForMs()).toBe(0);
  });

  it('keeps seeing clearly through calls that answer in time', async () => {
    const seen = sight();
    now += 5000;
    await seen.watch(async () => {
      now += 900;
    });
    expect(seen.clearForMs()).toBe(5900);
  });
});
