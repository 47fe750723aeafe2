// The server's connection to one agent: mTLS with the server's certificate, the
// agent's certificate checked against our CA and its host name.
import { credentials } from '@grpc/grpc-js';
import { AgentServiceClient, channelOptions } from '@hitless/proto';
import type { ServerTlsMaterial } from '../ca/ca-store';

export function connectAgent(address: string, hostName: string, tls: Pick<ServerTlsMaterial, 'caCertPem' | 'certPem' | 'keyPem'>, maxMessageBytes?: number): AgentServiceClient {
  const creds = credentials.createSsl(Buffer.from(tls.caCertPem), Buffer.from(tls.keyPem), Buffer.from(tls.certPem));
  return new AgentServiceClient(address, creds, channelOptions(maxMessageBytes, hostName));
}
