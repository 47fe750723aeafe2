// The agent gateway's gRPC server: the handlers bound with the server's TLS
// material, and a graceful stop. Transport only; compose.ts builds what the
// handlers use.
import { Server, type ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from '@hitless/log';
import * as wire from '@hitless/proto';
import { channelOptions, optionalClientCertCredentials, shutdownGracefully } from '@hitless/grpc-transport';
import type { ServerTlsMaterial } from '../ca/ca-store';

export interface GatewayListener {
  port: number;
  /** Stops accepting calls and lets running ones finish for up to graceMs. */
  stop(graceMs: number): Promise<void>;
}

export interface GatewayListenOptions {
  /** host:port; port 0 picks a free one. */
  listen: string;
  maxMessageBytes: number;
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

export async function startGateway(
  handlers: wire.AgentGatewayServiceServer,
  tls: Pick<ServerTlsMaterial, 'caCertPem' | 'certPem' | 'keyPem'>,
  options: GatewayListenOptions,
  log: Logger,
): Promise<GatewayListener> {
  const server = new Server(channelOptions(options.maxMessageBytes));
  server.addService(wire.AgentGatewayServiceService, handlers);
  // Client certificates are requested but not required at the TLS layer, because an
  // enrolling agent has none yet; every method other than Enroll checks one itself.
  const credentials = optionalClientCertCredentials(tls.caCertPem, tls.certPem, tls.keyPem);
  const port = await bind(server, options.listen, credentials);
  log.info({ port }, 'agent gateway listening');
  return {
    port,
    stop: (graceMs) => shutdownGracefully(server, graceMs),
  };
}
