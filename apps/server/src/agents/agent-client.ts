// The server's connection to one agent: mTLS with the server's certificate, the
// agent's certificate checked against our CA and its host name.
import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import { AgentServiceClient, channelOptions } from '@hitless/proto';
import type { ServerTlsMaterial } from '../ca/ca-store';

type AgentTls = Pick<ServerTlsMaterial, 'caCertPem' | 'certPem' | 'keyPem'>;

/**
 * The server's client credentials, made once and shared by every agent channel:
 * building them parses the CA, key and certificate into a new TLS context, which
 * per host was a few milliseconds of CPU on each first call of a rollout.
 */
export function agentCredentials(tls: AgentTls): ChannelCredentials {
  return credentials.createSsl(Buffer.from(tls.caCertPem), Buffer.from(tls.keyPem), Buffer.from(tls.certPem));
}

export function connectAgent(address: string, hostName: string, tls: AgentTls | ChannelCredentials, maxMessageBytes?: number): AgentServiceClient {
  const creds = 'caCertPem' in tls ? agentCredentials(tls) : tls;
  return new AgentServiceClient(address, creds, channelOptions(maxMessageBytes, hostName));
}
