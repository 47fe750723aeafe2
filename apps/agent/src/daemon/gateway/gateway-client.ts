// The agent's connection to the server's gateway: TLS that checks the server's
// certificate against the configured CA and name, the agent's own certificate
// once it has one, deadlines on every call.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import * as wire from '@hitless/proto';
import { channelOptions } from '@hitless/grpc-transport';

export interface GatewayTarget {
  address: string;
  serverName: string;
  caCertPem: string;
  maxMessageBytes: number;
  /**
   * Cap on gRPC's reconnect backoff (default: grpc-js's 120 s). The daemon sets its heartbeat
   * interval: after a server outage the agent must be back within about one heartbeat, or the
   * restarted server (whose start-up grace is a few heartbeats) sees the host as offline and a
   * rollout skips it.
   */
  maxReconnectBackoffMs?: number;
}

export interface ClientIdentity {
  keyPem: string;
  certPem: string;
}

const CALL_TIMEOUT_MS = 10_000;

type Unary<Req, Res> = (request: Req, metadata: Metadata, options: { deadline: Date }, callback: (error: ServiceError | null, response: Res) => void) => unknown;

function call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
  return new Promise((resolve, reject) => {
    method(request, new Metadata(), { deadline: new Date(Date.now() + CALL_TIMEOUT_MS) }, (error, response) => (error ? reject(error) : resolve(response)));
  });
}

export class GatewayClient {
  private readonly client: wire.AgentGatewayServiceClient;

  constructor(target: GatewayTarget, identity?: ClientIdentity) {
    const tls = identity
      ? credentials.createSsl(Buffer.from(target.caCertPem), Buffer.from(identity.keyPem), Buffer.from(identity.certPem))
      : credentials.createSsl(Buffer.from(target.caCertPem));
    const options = channelOptions(target.maxMessageBytes, target.serverName);
    if (target.maxReconnectBackoffMs !== undefined) {
      options['grpc.initial_reconnect_backoff_ms'] = Math.min(1000, target.maxReconnectBackoffMs);
      options['grpc.max_reconnect_backoff_ms'] = target.maxReconnectBackoffMs;
    }
    this.client = new wire.AgentGatewayServiceClient(target.address, tls, options);
  }

  enroll(request: wire.EnrollRequest): Promise<wire.EnrollResponse> {
    return call(this.client.enroll.bind(this.client) as Unary<wire.EnrollRequest, wire.EnrollResponse>, request);
  }

  heartbeat(request: wire.HeartbeatRequest): Promise<wire.HeartbeatResponse> {
    return call(this.client.heartbeat.bind(this.client) as Unary<wire.HeartbeatRequest, wire.HeartbeatResponse>, request);
  }

  /** The inventory is optional: a report without it is still a whole report. */
  reportResult(request: Pick<wire.ReportResultRequest, 'result'> & Partial<wire.ReportResultRequest>): Promise<wire.ReportResultResponse> {
    return call(this.client.reportResult.bind(this.client) as Unary<wire.ReportResultRequest, wire.ReportResultResponse>, { inventory: undefined, ...request });
  }

  close(): void {
    this.client.close();
  }
}
