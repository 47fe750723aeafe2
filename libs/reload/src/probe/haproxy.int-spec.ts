// The probe against the real HAProxy it will watch in production: no failure
// at a steady rate in both client modes, and no ephemeral port pile-up.
import { existsSync } from 'node:fs';
import { startProbe } from './start-probe';
import { HAPROXY_BINARY, startHaproxy, type HaproxyInstance } from './testing/haproxy-instance';
import { countTimeWait } from './testing/time-wait';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const describeWithHaproxy = existsSync(HAPROXY_BINARY) ? describe : describe.skip;

describeWithHaproxy('probe against HAProxy 2.6', () => {
  let haproxy: HaproxyInstance;
  beforeAll(async () => {
    haproxy = await startHaproxy();
  });
  afterAll(async () => {
    await haproxy?.stop();
  });

  it('sees no failure in close mode at 1,000 req/s', async () => {
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: haproxy.port, label: 'fe' }], ratePerSecond: 1000, client: 'close' });
    await sleep(2000);
    const figures = await run.stop();
    expect(figures.errors).toEqual({});
    expect(figures.requests).toBeGreaterThanOrEqual(1800);
    expect(figures.requests).toBeLessThanOrEqual(2200);
    expect(figures.byTarget.fe).toEqual({ requests: figures.requests, failed: 0 });
    // HAProxy closed first, so TIME_WAIT sits on its side and the probe's ephemeral ports are free again.
    const timeWait = await countTimeWait(haproxy.port);
    expect(timeWait.serverSide).toBeGreaterThan(figures.requests * 0.9);
    expect(timeWait.clientSide).toBeLessThan(figures.requests * 0.01);
  });

  it('sees no failure in keepalive mode at 1,000 req/s', async () => {
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: haproxy.port }], ratePerSecond: 1000, client: 'keepalive', keepalivePoolSize: 8 });
    await sleep(2000);
    const figures = await run.stop();
    expect(figures.errors).toEqual({});
    expect(figures.requests).toBeGreaterThanOrEqual(1800);
  });
});
