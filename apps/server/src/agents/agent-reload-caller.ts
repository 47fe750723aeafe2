// The server's calls to agents for rollout steps: a Reload stream reduced to its
// final result, and a Validate for dry runs. One cached client per host.
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import type { AgentServiceClient, ReloadRequest, ReloadResponse, ReloadResult } from '@hitless/proto';
import type { ServerTlsMaterial } from '../ca/ca-store';
import { connectAgent } from './agent-client';

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
  close(): void;
}

export class GrpcAgentCaller implements AgentCaller {
  private readonly clients = new Map<string, AgentServiceClient>();

  constructor(private readonly tls: Pick<ServerTlsMaterial, 'caCertPem' | 'certPem' | 'keyPem'>) {}

  private client(address: string, hostName: string): AgentServiceClient {
    const key = `${hostName}@${address}`;
    let client = this.clients.get(key);
    if (!client) {
      client = connectAgent(address, hostName, this.tls);
      this.clients.set(key, client);
    }
    return client;
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
