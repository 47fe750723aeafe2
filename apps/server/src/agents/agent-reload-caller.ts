// The server's calls to agents for rollout steps: a Reload stream reduced to its
// final result, and a Validate for dry runs. One cached client per host.
import { Metadata, type ChannelCredentials, type ServiceError } from '@grpc/grpc-js';
import type { AgentServiceClient, ReloadRequest, ReloadResponse, ReloadResult } from '@hitless/proto';
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
  reload(address: string, request: ReloadRequest, deadlineMs: number): Promise<ReloadResult>;
  validate(address: string, request: ReloadRequest, deadlineMs: number): Promise<ReloadResult>;
  /** Starts connecting to the agent now (a hint: nothing fails if it cannot). */
  warm(address: string, hostName: string): void;
  close(): void;
}

export class GrpcAgentCaller implements AgentCaller {
  private readonly clients = new Map<string, AgentServiceClient>();
  private readonly creds: ChannelCredentials;

  constructor(tls: Pick<ServerTlsMaterial, 'caCertPem' | 'certPem' | 'keyPem'>) {
    this.creds = agentCredentials(tls);
  }

  private client(address: string, hostName: string): AgentServiceClient {
    const key = `${hostName}@${address}`;
    let client = this.clients.get(key);
    if (!client) {
      client = connectAgent(address, hostName, this.creds);
      this.clients.set(key, client);
    }
    return client;
  }

  warm(address: string, hostName: string): void {
    this.client(address, hostName).getChannel().getConnectivityState(true);
  }

  reload(address: string, request: ReloadRequest, deadlineMs: number): Promise<ReloadResult> {
    const client = this.client(address, request.hostName);
    return new Promise((resolve, reject) => {
      let result: ReloadResult | undefined;
      const stream = client.reload(request, new Metadata(), { deadline: new Date(Date.now() + deadlineMs) });
      stream.on('data', (message: ReloadResponse) => {
        if (message.event?.$case === 'result') result = message.event.value;
      });
      stream.on('error', (error: ServiceError) => reject(new AgentCallError(request.hostName, error.code, error.details || error.message)));
      stream.on('end', () => (result ? resolve(result) : reject(new AgentCallError(request.hostName, 2, 'the reload stream ended without a result'))));
    });
  }

  validate(address: string, request: ReloadRequest, deadlineMs: number): Promise<ReloadResult> {
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
    for (const client of this.clients.values()) client.close();
    this.clients.clear();
  }
}
