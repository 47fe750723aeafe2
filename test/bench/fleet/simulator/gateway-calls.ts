// A simulated host's calls to the server's gateway: the same generated client
// and channel options as the real agent, each host with its own mTLS identity.
import { credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import {
  AgentGatewayServiceClient,
  channelOptions,
  type EnrollRequest,
  type EnrollResponse,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type ReportResultRequest,
  type ReportResultResponse,
} from '@hitless/proto';

export interface GatewayTarget {
  address: string;
  serverName: string;
  caCertPem: string;
}

export interface HostIdentity {
  keyPem: string;
  certPem: string;
}

const CALL_TIMEOUT_MS = 30_000;

type Unary<Req, Res> = (request: Req, metadata: Metadata, options: { deadline: Date }, callback: (error: ServiceError | null, response: Res) => void) => unknown;

export class GatewayCalls {
  private readonly client: AgentGatewayServiceClient;

  constructor(target: GatewayTarget, identity?: HostIdentity) {
    const ca = Buffer.from(target.caCertPem);
    const tls = identity ? credentials.createSsl(ca, Buffer.from(identity.keyPem), Buffer.from(identity.certPem)) : credentials.createSsl(ca);
    this.client = new AgentGatewayServiceClient(target.address, tls, channelOptions(undefined, target.serverName));
  }

  private call<Req, Res>(method: Unary<Req, Res>, request: Req): Promise<Res> {
    return new Promise((resolve, reject) => {
      method.call(this.client, request, new Metadata(), { deadline: new Date(Date.now() + CALL_TIMEOUT_MS) }, (error, response) => (error ? reject(error) : resolve(response)));
    });
  }

  enroll(request: EnrollRequest): Promise<EnrollResponse> {
    return this.call(this.client.enroll as Unary<EnrollRequest, EnrollResponse>, request);
  }

  heartbeat(request: HeartbeatRequest): Promise<HeartbeatResponse> {
    return this.call(this.client.heartbeat as Unary<HeartbeatRequest, HeartbeatResponse>, request);
  }

  reportResult(request: ReportResultRequest): Promise<ReportResultResponse> {
    return this.call(this.client.reportResult as Unary<ReportResultRequest, ReportResultResponse>, request);
  }

  close(): void {
    this.client.close();
  }
}
