// The server's calls to agents for rollout steps: a Reload stream reduced to its
// final result, and a Validate for dry runs. One client per host, kept open:
// setting up a connection (TLS handshake, HTTP/2 session, channel) cost the
// server more CPU than the reload call made over it, so a connection is opened
// once, when the agent is first heard from, and reused by every rollout after.
import { connectivityState, Metadata, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import type * as wire from '@hitless/proto';
import type { ServerTlsMaterial } from '../ca/ca-store';
import { agentCredentials, connectAgent } from './agent-client';

/** The agent could not be reached or refused; `code` is the gRPC status. */
export class AgentCallError extends Error {
  constructor(readonly hostName: string, readonly code: number, details: string) {
    super(`agent ${hostName}: ${details}`);
    this.name = 'AgentCallError';
  }
}

export interface AgentCaller {
  reload(address: string, request: wire.ReloadRequest, deadlineMs: number): Promise<wire.ReloadResult>;
  validate(address: string, request: wire.ReloadRequest, deadlineMs: number): Promise<wire.ReloadResult>;
  /** Starts connecting to the agent now, or keeps the connection it has (a hint: nothing fails if it cannot). */
  warm(address: string, hostName: string): void;
  close(): void;
}

/** Agent channels by connectivity state, for the metrics. */
export type ChannelCounts = Record<'idle' | 'connecting' | 'ready' | 'transient_failure' | 'shutdown', number>;

const STATE_NAMES: Record<connectivityState, keyof ChannelCounts> = {
  [connectivityState.IDLE]: 'idle',
  [connectivityState.CONNECTING]: 'connecting',
  [connectivityState.READY]: 'ready',
  [connectivityState.TRANSIENT_FAILURE]: 'transient_failure',
  [connectivityState.SHUTDOWN]: 'shutdown',
};

export class GrpcAgentCaller implements AgentCaller {
  private readonly clients = new Map<string, { address: string; client: wire.AgentServiceClient }>();
  private readonly creds: ChannelCredentials;

  constructor(tls: Pick<ServerTlsMaterial, 'caCertPem' | 'certPem' | 'keyPem'>) {
    this.creds = agentCredentials(tls);
  }

  private client(address: string, hostName: string): wire.AgentServiceClient {
    const known = this.clients.get(hostName);
    if (known?.address === address) return known.client;
    // The agent moved (restarted on another port or address): its old channel could only dial a dead address.
    known?.client.close();
    const client = connectAgent(address, hostName, this.creds, undefined, { keepOpen: true });
    this.clients.set(hostName, { address, client });
    return client;
  }

  warm(address: string, hostName: string): void {
    this.client(address, hostName).getChannel().getConnectivityState(true);
  }

  channelCounts(): ChannelCounts {
    const counts: ChannelCounts = { idle: 0, connecting: 0, ready: 0, transient_failure: 0, shutdown: 0 };
    for (const { client } of this.clients.values()) counts[STATE_NAMES[client.getChannel().getConnectivityState(false)]] += 1;
    return counts;
  }

  reload(address: string, request: wire.ReloadRequest, deadlineMs: number): Promise<wire.ReloadResult> {
    const client = this.client(address, request.hostName);
    return new Promise((resolve, reject) => {
      let result: wire.ReloadResult | undefined;
      const stream = client.reload(request, new Metadata(), { deadline: new Date(Date.now() + deadlineMs) });
      stream.on('data', (message: wire.ReloadResponse) => {
        if (message.event?.$case === 'result') result = message.event.value;
      });
      stream.on('error', (error: ServiceError) => reject(new AgentCallError(request.hostName, error.code, error.details || error.message)));
      stream.on('end', () => (result ? resolve(result) : reject(new AgentCallError(request.hostName, 2, 'the reload stream ended without a result'))));
    });
  }

  validate(address: string, request: wire.ReloadRequest, deadlineMs: number): Promise<wire.ReloadResult> {
    const client = this.client(address, request.hostName);
    return new Promise((resolve, reject) =>
      client.validate({ request }, new Metadata(), { deadline: new Date(Date.now() + deadlineMs) }, (error, response) => {
        if (error) reject(new AgentCallError(request.hostName, error.code, error.details || error.message));
        else if (!response.result) reject(new AgentCallError(request.hostName, 2, 'the validation answer carried no result'));
        else resolve(response.result);
      }),
    );
  }

  close(): void {
    for (const { client } of this.clients.values()) client.close();
    this.clients.clear();
  }
}
