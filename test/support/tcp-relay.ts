// A TCP relay from a lab host's veth (the root namespace's end, 198.18.x.1) to
// a loopback service. An agent running inside the host's namespace reaches the
// server only through it, i.e. only across the veth: take the veth down and the
// host is cut off from the server the way a real load balancer would be.
import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpRelay {
  /** `address:port` to dial from inside the namespace. */
  address: string;
  close(): Promise<void>;
}

export async function startTcpRelay(listenHost: string, target: { host: string; port: number }): Promise<TcpRelay> {
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  };
  const server = createServer((inbound) => {
    const outbound = createConnection(target);
    track(inbound);
    track(outbound);
    // Either side failing ends both: a half-open relay would hide the cut from the peers.
    inbound.on('error', () => outbound.destroy());
    outbound.on('error', () => inbound.destroy());
    inbound.pipe(outbound);
    outbound.pipe(inbound);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, listenHost, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    address: `${listenHost}:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
