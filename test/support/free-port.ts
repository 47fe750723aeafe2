// A loopback port nobody listens on right now, for a process that must come back on the same one.
// The kernel may hand the same port to two bind(0) calls once the first is closed, so every
// port given out by this process is remembered and never given out twice.
import { createServer, type AddressInfo } from 'node:net';

const handedOut = new Set<number>();

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function freePort(): Promise<number> {
  for (;;) {
    const port = await unusedPort();
    if (handedOut.has(port)) continue;
    handedOut.add(port);
    return port;
  }
}
