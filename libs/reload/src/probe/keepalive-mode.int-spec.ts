// keepalive mode: a closed idle connection must be replaced without a false
// failure, while a request that the server never answered must be counted.
import { startProbe } from './start-probe';
import { OK_KEEPALIVE_RESPONSE, onEachRequest, startHttpServer, startTcpServer, type LocalServer } from './testing/local-servers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('probe, keepalive mode', () => {
  const servers: LocalServer[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((server) => server.close()));
  });

  it('reuses a fixed pool of connections against a healthy server', async () => {
    const server = await startHttpServer((_request, response) => response.end('ok'));
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 200, client: 'keepalive', keepalivePoolSize: 4 });
    await sleep(1000);
    const figures = await run.stop();
    expect(figures.failed).toBe(0);
    expect(figures.requests).toBeGreaterThanOrEqual(180);
    expect(figures.requests).toBeLessThanOrEqual(220);
    expect(server.connections).toBe(4);
  });

  it('reopens a connection the server closed while idle, without counting a failure', async () => {
    const server = await startTcpServer((socket) => {
      let idleTimer: NodeJS.Timeout | undefined;
      onEachRequest(socket, () => {
        if (idleTimer !== undefined) clearTimeout(idleTimer);
        socket.write(OK_KEEPALIVE_RESPONSE);
        // Like HAProxy's old worker on reload (or a short keep-alive timeout): close the idle connection.
        idleTimer = setTimeout(() => socket.end(), 30);
      });
    });
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 5, client: 'keepalive', keepalivePoolSize: 2 });
    // 200 ms between requests, the server closes after 30 ms: the FIN is always in before the next request.
    await sleep(1200);
    const figures = await run.stop();
    expect(figures.requests).toBeGreaterThanOrEqual(6);
    expect(figures.failed).toBe(0);
    // Every request after the first two found its connection closed and opened a new one.
    expect(server.connections).toBe(figures.requests);
  });

  it('replaces a connection after a Connection: close answer without a failure', async () => {
    const server = await startTcpServer((socket) => {
      onEachRequest(socket, () => socket.end('HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok'));
    });
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 50, client: 'keepalive', keepalivePoolSize: 2 });
    await sleep(500);
    const figures = await run.stop();
    expect(figures.requests).toBeGreaterThan(20);
    expect(figures.failed).toBe(0);
  });

  it('counts the request written on a connection that the server then closed without answering', async () => {
    const server = await startTcpServer((socket, connectionIndex) => {
      onEachRequest(socket, (requestIndex) => {
        // The keep-alive race: the server closes just as the client reuses the connection.
        if (connectionIndex === 0 && requestIndex === 1) socket.end();
        else socket.write(OK_KEEPALIVE_RESPONSE);
      });
    });
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 20, client: 'keepalive', keepalivePoolSize: 1 });
    await sleep(500);
    const figures = await run.stop();
    expect(figures.requests).toBeGreaterThanOrEqual(9);
    expect(figures.errors).toEqual({ EEMPTY: 1 });
    expect(figures.failed).toBe(1);
    expect(server.connections).toBe(2);
  });

  it('queues requests when every pooled connection is busy, and times them out from their start', async () => {
    const server = await startTcpServer(() => undefined);
    servers.push(server);
    const run = startProbe({ targets: [{ host: '127.0.0.1', port: server.port }], ratePerSecond: 50, client: 'keepalive', keepalivePoolSize: 2, timeoutMs: 300 });
    await sleep(400);
    const stopAt = Date.now();
    const figures = await run.stop();
    expect(Date.now() - stopAt).toBeLessThan(300 + 200);
    expect(figures.requests).toBeGreaterThan(15);
    expect(figures.errors).toEqual({ ETIMEDOUT: figures.requests });
  });
});
