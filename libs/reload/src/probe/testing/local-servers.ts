// Small servers on 127.0.0.1 that misbehave in exactly one known way, so the
// integration tests can check the probe counts what the server caused.
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttp2Server, type ServerHttp2Session, type ServerHttp2Stream } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface LocalServer {
  port: number;
  /** Connections accepted so far. */
  readonly connections: number;
  close(): Promise<void>;
}

async function listen(server: Server, sockets: Set<Socket>): Promise<LocalServer> {
  let connections = 0;
  server.on('connection', (socket: Socket) => {
    connections += 1;
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0, backlog: 4096 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    get connections() {
      return connections;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const socket of sockets) socket.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** An HTTP server whose handler sees every request; keep-alive as Node does it by default. */
export function startHttpServer(handler: (request: IncomingMessage, response: ServerResponse) => void): Promise<LocalServer> {
  const server = createHttpServer(handler);
  server.keepAliveTimeout = 10_000;
  return listen(server, new Set());
}

/** A raw TCP server, for behaviour node:http would not produce. */
export function startTcpServer(onSocket: (socket: Socket, index: number) => void): Promise<LocalServer> {
  let index = 0;
  const server = createNetServer((socket) => {
    // A reset from the probe's side must not crash the test server.
    socket.on('error', () => socket.destroy());
    onSocket(socket, index);
    index += 1;
  });
  return listen(server, new Set());
}

/** A port on which nothing listens (it did a moment ago, and the kernel does not hand it out again at once). */
export async function closedPort(): Promise<number> {
  const server = await startTcpServer(() => undefined);
  const { port } = server;
  await server.close();
  return port;
}

/** Answers each request on a socket once its head (up to the blank line) has arrived; never pipelined. */
export function onEachRequest(socket: Socket, answer: (requestIndex: number) => void): void {
  let buffered = '';
  let requestIndex = 0;
  socket.on('data', (chunk: Buffer) => {
    buffered += chunk.toString('latin1');
    let end = buffered.indexOf('\r\n\r\n');
    while (end >= 0) {
      buffered = buffered.slice(end + 4);
      answer(requestIndex);
      requestIndex += 1;
      end = buffered.indexOf('\r\n\r\n');
    }
  });
}

export const OK_KEEPALIVE_RESPONSE = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';

export interface LocalH2Server extends LocalServer {
  /** Streams received so far. */
  readonly streams: number;
}

/**
 * A cleartext HTTP/2 server (prior knowledge, as HAProxy takes it on a plain bind) whose handler
 * sees every stream with its index and its session.
 */
export async function startH2Server(onStream: (stream: ServerHttp2Stream, index: number, session: ServerHttp2Session) => void): Promise<LocalH2Server> {
  const server = createHttp2Server();
  const sessions = new Set<ServerHttp2Session>();
  let connections = 0;
  let streams = 0;
  server.on('session', (session: ServerHttp2Session) => {
    connections += 1;
    sessions.add(session);
    session.on('error', () => session.destroy());
    session.on('close', () => sessions.delete(session));
  });
  server.on('stream', (stream: ServerHttp2Stream) => {
    stream.on('error', () => stream.destroy());
    onStream(stream, streams, stream.session as ServerHttp2Session);
    streams += 1;
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    port,
    get connections() {
      return connections;
    },
    get streams() {
      return streams;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        for (const session of sessions) session.destroy();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
