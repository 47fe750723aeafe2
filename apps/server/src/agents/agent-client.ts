// The server's connection to one agent: mTLS with the server's certificate, the
// agent's certificate checked against our CA and its host name, dialled at the
// host:port the agent gave with the resolver named (never one the text picks).
import { credentials, type ChannelCredentials } from '@grpc/grpc-js';
import * as wire from '@hitless/proto';
import { agentTarget, assertAgentAddress } from '@hitless/agent-wire';
import { channelOptions } from '@hitless/grpc-transport';
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

// grpc-js closes a channel's connection after 30 idle minutes. The scheduler's channels
// stay open between rollouts (reconnecting costs more than the calls); a day bounds how
// long a channel to a host that left the fleet lingers.
const KEPT_OPEN_IDLE_MS = 24 * 60 * 60 * 1000;

/** Throws InvalidChangeError when `address` is not host:port with an IP address or DNS name. */
export function connectAgent(address: string, hostName: string, tls: AgentTls | ChannelCredentials, maxMessageBytes?: number, options: { keepOpen?: boolean } = {}): wire.AgentServiceClient {
  const target = agentTarget(assertAgentAddress(address, `address of agent '${hostName}'`));
  const creds = 'caCertPem' in tls ? agentCredentials(tls) : tls;
  return new wire.AgentServiceClient(target, creds, {
    ...channelOptions(maxMessageBytes, hostName),
    ...(options.keepOpen && { 'grpc.client_idle_timeout_ms': KEPT_OPEN_IDLE_MS }),
  });
}
