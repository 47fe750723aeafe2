// h2 mode: many streams over a few HTTP/2 connections; a connection the server
// sends away (GOAWAY) is replaced without a false failure, while a stream the
// server refused or reset is counted under its cause, never retried.
import { existsSync } from 'node:fs';
import { constants } from 'node:http2';
import { startProbe } from './start-probe';
import { HAPROXY_BINARY, startHaproxy } from './testing/haproxy-instance';
import { startH2Server, type LocalServer } from './testing/local-servers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('probe, h2 mode', () => {
  const servers: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('spreads streams over a fixed pool of connections against a healthy server', async () => {
    const server = await startH2Server((stream) => stream.respond({ ':status': 200 }, { endStream: true }));
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 200, client: 'h2', keepalivePoolSize: 3 });
    await sleep(1000);
    const figures = await run.stop();
    expect(figures.errors).toEqual({});
    expect(figures.requests).toBeGreaterThanOrEqual(180);
    expect(server.streams).toBe(figures.requests);
    expect(server.connections).toBe(3);
  });

  it('replaces a connection the server sent away after its streams, without a failure', async () => {
    const server = await startH2Server((stream, index, session) => {
      stream.respond({ ':status': 200 }, { endStream: true });
      // Like HAProxy's old worker at soft stop: GOAWAY naming the last stream it took, then close.
      if (index % 5 === 4) session.close();
    });
    servers.push(server);
    // 50 ms between streams, far longer than the GOAWAY takes to arrive: no stream is sent into
    // it (that race, a refused stream, is what the next test counts).
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 20, client: 'h2', keepalivePoolSize: 1 });
    await sleep(1500);
    const figures = await run.stop();
    expect(figures.requests).toBeGreaterThanOrEqual(28);
    expect(figures.errors).toEqual({});
    expect(server.connections).toBeGreaterThanOrEqual(6);
  });

  it('counts refused and reset streams under their codes, and 5xx answers as HTTP_5xx', async () => {
    const server = await startH2Server((stream, index) => {
      if (index % 10 === 3) stream.close(constants.NGHTTP2_REFUSED_STREAM);
      else if (index % 10 === 6) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
      else if (index % 10 === 8) stream.respond({ ':status': 503 }, { endStream: true });
      else stream.respond({ ':status': 200 }, { endStream: true });
    });
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 200, client: 'h2', keepalivePoolSize: 2 });
    await sleep(500);
    const figures = await run.stop();
    const tenths = Math.floor(server.streams / 10);
    expect(figures.requests).toBe(server.streams);
    for (const code of ['H2_REFUSED_STREAM', 'H2_INTERNAL_ERROR', 'HTTP_503']) {
      expect(figures.errors[code]).toBeGreaterThanOrEqual(tenths);
      expect(figures.errors[code]).toBeLessThanOrEqual(tenths + 1);
    }
    expect(Object.keys(figures.errors).sort()).toEqual(['H2_INTERNAL_ERROR', 'H2_REFUSED_STREAM', 'HTTP_503']);
  });

  it('times out a stream that gets no answer, from its start', async () => {
    const server = await startH2Server(() => undefined);
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 50, client: 'h2', timeoutMs: 300 });
    await sleep(400);
    const stopAt = Date.now();
    const figures = await run.stop();
    expect(Date.now() - stopAt).toBeLessThan(300 + 300);
    expect(figures.requests).toBeGreaterThan(15);
    expect(figures.errors).toEqual({ ETIMEDOUT: figures.requests });
    expect(figures.p50_ms).toBeGreaterThanOrEqual(300);
  });

  it('counts every stream when nothing listens', async () => {
    const server = await startH2Server(() => undefined);
    const { port } = server;
    await server.close();
    const run = startProbe({ targets: [{ host: '127.0.0.1', port }], ratePerSecond: 100, client: 'h2' });
    await sleep(300);
    const figures = await run.stop();
    expect(figures.requests).toBeGreaterThan(20);
    expect(figures.errors).toEqual({ ECONNREFUSED: figures.requests });
  });

  (existsSync(HAPROXY_BINARY) ? it : it.skip)('speaks h2c with prior knowledge to an ordinary HAProxy http bind, with no failure', async () => {
    const haproxy = await startHaproxy();
    try {
      const run = startProbe({ targets: [{ host: '127.0.0.1', port: haproxy.port }], ratePerSecond: 500, client: 'h2' });
      await sleep(1000);
      const figures = await run.stop();
      expect(figures.errors).toEqual({});
      expect(figures.requests).toBeGreaterThanOrEqual(450);
    } finally {
      await haproxy.stop();
    }
  });
});
