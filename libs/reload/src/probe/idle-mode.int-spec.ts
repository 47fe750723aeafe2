// idle mode: each connection rests between requests, the pool grows only when
// no rested connection is ready, a connection the server closed while it
// rested is replaced without a false failure, and a request written just as
// the server closes is counted.
import { buildRequest } from './http-request';
import { IdlePool } from './idle-pool';
import { monotonicMs } from './exchange-outcome';
import type { ResolvedTarget } from './probe-transport';
import { startProbe } from './start-probe';
import { OK_KEEPALIVE_RESPONSE, onEachRequest, startTcpServer, type LocalServer } from './testing/local-servers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function target(port: number): ResolvedTarget {
  const authority = `127.0.0.1:${port}`;
  return { host: '127.0.0.1', port, label: authority, path: '/', authority, request: buildRequest('/', authority, true) };
}

describe('probe, idle mode', () => {
  const servers: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('rests each connection for its drawn time before the next request, opening new ones meanwhile', async () => {
    const arrivals = new Map<number, number[]>();
    const server = await startTcpServer((socket, index) => {
      onEachRequest(socket, () => {
        arrivals.set(index, [...(arrivals.get(index) ?? []), monotonicMs()]);
        socket.write(OK_KEEPALIVE_RESPONSE);
      });
    });
    servers.push(server);
    // random() = 1: every rest is the whole 200 ms.
    const pool = new IdlePool({ idleMaxMs: 200, maxConnections: 100, timeoutMs: 2000, random: () => 1 });
    const outcomes = [];
    for (let i = 0; i < 30; i++) {
      outcomes.push(pool.send(target(server.port), monotonicMs()));
      await sleep(20);
    }
    const settled = await Promise.all(outcomes);
    await pool.close();
    expect(settled.filter((outcome) => !outcome.ok)).toEqual([]);
    // About 200 ms / 20 ms = 10 connections carry the load, each reused once rested.
    expect(server.connections).toBeGreaterThanOrEqual(9);
    expect(server.connections).toBeLessThanOrEqual(13);
    const gaps = [...arrivals.values()].flatMap((times) => times.slice(1).map((time, i) => time - times[i]));
    expect(gaps.length).toBeGreaterThanOrEqual(15);
    // Timers may fire a little early; never a whole tick.
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(195);
  });

  it('holds about rate × mean rest connections and fails nothing against a healthy server', async () => {
    const server = await startTcpServer((socket) => onEachRequest(socket, () => socket.write(OK_KEEPALIVE_RESPONSE)));
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 100, client: 'idle', idleMaxMs: 300 });
    await sleep(1500);
    const figures = await run.stop();
    expect(figures.errors).toEqual({});
    expect(figures.requests).toBeGreaterThanOrEqual(140);
    // Mean rest 150 ms at 100 req/s: about 15 connections; one per request would be 150.
    expect(server.connections).toBeGreaterThanOrEqual(5);
    expect(server.connections).toBeLessThanOrEqual(40);
  });

  it('replaces a connection the server closed while it rested, without counting a failure', async () => {
    const server = await startTcpServer((socket) => {
      onEachRequest(socket, () => {
        socket.write(OK_KEEPALIVE_RESPONSE);
        // Like HAProxy's old worker at soft stop: the idle connection is closed, long before its rest ends.
        setTimeout(() => socket.end(), 30);
      });
    });
    servers.push(server);
    const pool = new IdlePool({ idleMaxMs: 200, maxConnections: 100, timeoutMs: 2000, random: () => 1 });
    const outcomes = [];
    for (let i = 0; i < 10; i++) {
      outcomes.push(pool.send(target(server.port), monotonicMs()));
      await sleep(100);
    }
    const settled = await Promise.all(outcomes);
    await pool.close();
    expect(settled.filter((outcome) => !outcome.ok)).toEqual([]);
    expect(server.connections).toBe(10);
  });

  it('counts the request written on a rested connection that the server then closed without answering', async () => {
    const server = await startTcpServer((socket, connectionIndex) => {
      onEachRequest(socket, (requestIndex) => {
        // The idle race: the server closes just as the client reuses the connection after its rest.
        if (connectionIndex === 0 && requestIndex === 1) socket.end();
        else socket.write(OK_KEEPALIVE_RESPONSE);
      });
    });
    servers.push(server);
    const pool = new IdlePool({ idleMaxMs: 50, maxConnections: 1, timeoutMs: 2000, random: () => 1 });
    const outcomes = [];
    for (let i = 0; i < 4; i++) {
      outcomes.push(pool.send(target(server.port), monotonicMs()));
      await sleep(80);
    }
    const settled = await Promise.all(outcomes);
    await pool.close();
    expect(settled.map((outcome) => (outcome.ok ? 'ok' : outcome.code))).toEqual(['ok', 'EEMPTY', 'ok', 'ok']);
    expect(server.connections).toBe(2);
  });
});
