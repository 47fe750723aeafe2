// Stopping a gRPC server the same way on agent and server: no new calls, the
// running ones get `graceMs` to finish, then the rest are cut off.
import type { Server } from '@grpc/grpc-js';

/** Resolves once every call has finished, or `graceMs` has passed and the rest were cut (`onForced` is told). */
export function shutdownGracefully(server: Server, graceMs: number, onForced: () => void = () => undefined): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      onForced();
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
