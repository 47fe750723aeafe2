// close mode against local servers that each fail in one known way: the probe
// must count exactly what the server caused, under the right code.
import { startProbe } from './start-probe';
import type { ProbeOptions } from './probe-types';
import { closedPort, startHttpServer, startTcpServer, type LocalServer } from './testing/local-servers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function target(port: number): ProbeOptions['targets'][number] {
  return { host: '127.0.0.1', port };
}

describe('probe, close mode', () => {
  const servers: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('sees no failure at 200 req/s for 2 s against a healthy server, at the requested rate', async () => {
    const server = await startHttpServer((_request, response) => response.end('ok'));
    servers.push(server);
    const run = startProbe({ targets: [target(server.port)], ratePerSecond: 200, client: 'close' });
    await sleep(2000);
    const figures = await run.stop();
    expect(figures.failed).toBe(0);
    expect(figures.errors).toEqual({});
    expect(figures.requests).toBeGreaterThanOrEqual(360);
    expect(figures.requests).toBeLessThanOrEqual(440);
    // One connection per request.
    expect(server.connections).toBe(figures.requests);
    expect(figures.inFlight).toBe(0);
    expect(figures.p50_ms).toBeGreaterThan(0);
    expect(figures.max_ms).toBeGreaterThanOrEqual(figures.p99_ms);
    expect(figures.p99_ms).toBeGreaterThanOrEqual(figures.p50_ms);
  });

  it('counts every reset the server caused under ECONNRESET, and nothing else', async () => {
    let requests = 0;
    let resets = 0;
    const server = await startHttpServer((request, response) => {
      requests += 1;
      if (requests % 10 === 0) {
        resets += 1;
        // The request has arrived, so the probe is waiting for an answer when the RST lands.
        request.socket.resetAndDestroy();
      } else {
        response.end('ok');
      }
    });
    servers.push(server);
    const run = startProbe({ targets: [target(server.port)], ratePerSecond: 300, client: 'close' });
    await sleep(1000);
    const figures = await run.stop();
    expect(resets).toBeGreaterThanOrEqual(25);
    expect(figures.requests).toBe(requests);
    expect(figures.errors).toEqual({ ECONNRESET: resets });
    expect(figures.failed).toBe(resets);
  });

  it('counts 503 answers as HTTP_503', async () => {
    const server = await startHttpServer((_request, response) => {
      response.statusCode = 503;
      response.end('down');
    });
    servers.push(server);
    const run = startProbe({ targets: [target(server.port)], ratePerSecond: 100, client: 'close' });
    await sleep(300);
    const figures = await run.stop();
    expect(figures.requests).toBeGreaterThan(20);
    expect(figures.errors).toEqual({ HTTP_503: figures.requests });
  });

  it('counts 4xx answers as successes: the load balancer answered', async () => {
    const server = await startHttpServer((_request, response) => {
      response.statusCode = 404;
      response.end();
    });
    servers.push(server);
    const run = startProbe({ targets: [target(server.port)], ratePerSecond: 100, client: 'close' });
    await sleep(200);
    const figures = await run.stop();
    expect(figures.requests).toBeGreaterThan(10);
    expect(figures.failed).toBe(0);
  });

  it('counts a closed port as ECONNREFUSED', async () => {
    const port = await closedPort();
    const run = startProbe({ targets: [target(port)], ratePerSecond: 100, client: 'close' });
    await sleep(300);
    const figures = await run.stop();
    expect(figures.requests).toBeGreaterThan(20);
    expect(figures.errors).toEqual({ ECONNREFUSED: figures.requests });
  });

  it('counts a server that never answers as ETIMEDOUT, and stop() waits no longer than the timeout', async () => {
    const server = await startTcpServer(() => undefined);
    servers.push(server);
    const run = startProbe({ targets: [target(server.port)], ratePerSecond: 50, client: 'close', timeoutMs: 300 });
    await sleep(500);
    const stopAt = Date.now();
    const figures = await run.stop();
    expect(Date.now() - stopAt).toBeLessThan(300 + 200);
    expect(figures.requests).toBeGreaterThanOrEqual(20);
    expect(figures.errors).toEqual({ ETIMEDOUT: figures.requests });
    expect(figures.max_ms).toBeGreaterThanOrEqual(300);
  });

  it('counts a connection closed before any answer as EEMPTY, and a cut-off answer as ETRUNCATED', async () => {
    const server = await startTcpServer((socket, index) => {
      socket.once('data', () => {
        if (index % 2 === 0) socket.end();
        else socket.end('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc');
      });
    });
    servers.push(server);
    const run = startProbe({ targets: [target(server.port)], ratePerSecond: 100, client: 'close' });
    await sleep(300);
    const figures = await run.stop();
    expect(figures.requests).toBe(server.connections);
    expect(figures.errors).toEqual({ EEMPTY: Math.ceil(figures.requests / 2), ETRUNCATED: Math.floor(figures.requests / 2) });
  });

  it('counts requests beyond maxInFlight as EOVERLOAD instead of skipping them', async () => {
    const server = await startTcpServer(() => undefined);
    servers.push(server);
    const run = startProbe({ targets: [target(server.port)], ratePerSecond: 100, client: 'close', timeoutMs: 1000, maxInFlight: 5 });
    await sleep(300);
    const snapshot = run.snapshot();
    expect(snapshot.inFlight).toBe(5);
    const figures = await run.stop();
    expect(figures.errors.ETIMEDOUT).toBe(5);
    expect(figures.errors.EOVERLOAD).toBe(figures.requests - 5);
    expect(figures.requests).toBeGreaterThan(25);
  });

  it('spreads requests round-robin over the targets', async () => {
    const first = await startHttpServer((_request, response) => response.end('a'));
    const second = await startHttpServer((_request, response) => response.end('b'));
    servers.push(first, second);
    const run = startProbe({
      targets: [{ ...target(first.port), label: 'first' }, { ...target(second.port), label: 'second' }],
      ratePerSecond: 200,
      client: 'close',
    });
    await sleep(500);
    const figures = await run.stop();
    expect(figures.failed).toBe(0);
    expect(Math.abs(figures.byTarget.first.requests - figures.byTarget.second.requests)).toBeLessThanOrEqual(1);
    expect(figures.byTarget.first.requests + figures.byTarget.second.requests).toBe(figures.requests);
  });

  it('rejects options it cannot honour', () => {
    expect(() => startProbe({ targets: [], ratePerSecond: 10, client: 'close' })).toThrow(RangeError);
    expect(() => startProbe({ targets: [target(1)], ratePerSecond: 0, client: 'close' })).toThrow(RangeError);
    expect(() => startProbe({ targets: [target(1)], ratePerSecond: 10, client: 'close', path: 'no-slash' })).toThrow(RangeError);
  });
});
