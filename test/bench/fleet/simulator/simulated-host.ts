// One simulated load balancer: enrols like the real agent (join token -> CSR ->
// signed certificate), serves hitless.v1.AgentService over mTLS on its own port
// with its own certificate, heartbeats, and answers a Reload by sleeping its
// simulated reload time and reporting a result through an outbox. Only the
// fleet benchmark uses it; it is not the agent and never runs HAProxy.
import { Server, ServerCredentials, status, type ServerWritableStream } from '@grpc/grpc-js';
import type { Logger } from '@hitless/log';
import { createCsr } from '@hitless/pki';
import * as wire from '@hitless/proto';
import { assertReloadId } from '@hitless/agent-wire';
import { channelOptions, checkImplementation, DEFAULT_MAX_MESSAGE_BYTES, GrpcStatusError, guardedStream, guardedUnary } from '@hitless/grpc-transport';
import { GatewayClient, type ClientIdentity, type GatewayTarget } from '../../../../apps/agent/src/daemon/gateway/gateway-client';
import { applyChanges, configHash, simulatedInventory, succeededResult, validatedResult, type HostState } from './simulated-wire';

/** Where simulated hosts reach the server: the real agent's gateway client is used for the calls, at the contract's default message size. */
export type SimulatorGateway = Pick<GatewayTarget, 'address' | 'serverName' | 'caCertPem'>;

export interface SimulatedHostOptions {
  hostName: string;
  /** How long this host's reload takes. */
  reloadMs: number;
  /** The host's first heartbeat interval; the server's answer sets the next ones. */
  heartbeatSeconds: number;
  gateway: SimulatorGateway;
  log: Logger;
}

/** What the host saw of one reload, for the benchmark's own accounting. */
export interface ReloadRecord {
  reloadId: string;
  receivedAt: number;
  answeredAt: number;
  /** Calls with this id, the first included: more than one is a re-send. */
  calls: number;
  reported: boolean;
}

const OUTBOX_RETRY_MS = 1000;

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function bind(server: Server, creds: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync('127.0.0.1:0', creds, (error, port) => (error ? reject(error) : resolve(port))));
}

export class SimulatedHost {
  readonly reloads = new Map<string, ReloadRecord>();
  private readonly results = new Map<string, wire.ReloadResult>();
  private readonly running = new Map<string, Promise<wire.ReloadResult>>();
  private readonly outbox = new Map<string, wire.ReloadResult>();
  private readonly state: HostState;
  private server?: Server;
  private gateway?: GatewayClient;
  private heartbeatTimer?: NodeJS.Timeout;
  private outboxTimer?: NodeJS.Timeout;
  private heartbeatSeconds: number;
  private stopped = false;
  heartbeatsOk = 0;
  heartbeatsFailed = 0;

  constructor(private readonly options: SimulatedHostOptions) {
    this.state = { hostName: options.hostName, agentAddress: '', balances: new Map([['api', 'roundrobin']]), reloadInFlight: '' };
    this.heartbeatSeconds = options.heartbeatSeconds;
  }

  get hostName(): string {
    return this.options.hostName;
  }

  get reloadMs(): number {
    return this.options.reloadMs;
  }

  /** Enrols, listens, and sends the first heartbeat (so the server knows the address before this resolves). */
  async start(joinToken: string): Promise<void> {
    const identity = await this.enrol(joinToken);
    const caCertPem = this.options.gateway.caCertPem;
    this.gateway = new GatewayClient({ ...this.options.gateway, maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES }, identity);
    this.server = new Server(channelOptions());
    this.server.addService(wire.AgentServiceService, this.handlers({ caCertPem, log: this.options.log }));
    // Only the server calls agents, always with its certificate: required at the TLS layer, as on the real agent.
    const creds = ServerCredentials.createSsl(Buffer.from(caCertPem), [{ private_key: Buffer.from(identity.keyPem), cert_chain: Buffer.from(identity.certPem) }], true);
    const port = await bind(this.server, creds);
    this.state.agentAddress = `127.0.0.1:${port}`;
    await this.heartbeat();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.heartbeatTimer);
    clearTimeout(this.outboxTimer);
    this.server?.forceShutdown();
    this.gateway?.close();
  }

  /** Results not yet accepted by the server. */
  get pendingReports(): number {
    return this.outbox.size;
  }

  private async enrol(joinToken: string): Promise<ClientIdentity> {
    const { csrPem, keyPem } = await createCsr(this.options.hostName);
    const anonymous = new GatewayClient({ ...this.options.gateway, maxMessageBytes: DEFAULT_MAX_MESSAGE_BYTES });
    try {
      const response = await anonymous.enroll({ hostName: this.options.hostName, joinToken, csrPem });
      return { keyPem, certPem: response.certificatePem };
    } finally {
      anonymous.close();
    }
  }

  private async heartbeat(): Promise<void> {
    clearTimeout(this.heartbeatTimer);
    try {
      const answer = await this.gateway!.heartbeat({ inventory: simulatedInventory(this.state) });
      if (answer.nextHeartbeatSeconds > 0) this.heartbeatSeconds = answer.nextHeartbeatSeconds;
      this.heartbeatsOk += 1;
    } catch (error) {
      // A beat cut off by stop() is the end of the run, not a failure.
      if (this.stopped) return;
      this.heartbeatsFailed += 1;
      this.options.log.warn({ err: error, host: this.options.hostName }, 'heartbeat failed');
    }
    if (!this.stopped) this.heartbeatTimer = setTimeout(() => void this.heartbeat(), this.heartbeatSeconds * 1000);
  }

  private handlers(guard: { caCertPem: string; log: Logger }): wire.AgentServiceServer {
    const reload = async (request: wire.ReloadRequest, _caller: unknown, call: ServerWritableStream<wire.ReloadRequest, wire.ReloadResponse>): Promise<void> => {
      this.requireThisHost(request);
      const result = await this.reload(request, (phase) => {
        if (!call.cancelled && !call.destroyed) call.write({ event: { $case: 'phase', value: phase } });
      });
      if (!call.cancelled) call.write({ event: { $case: 'result', value: result } });
    };
    const validate = async (request: wire.ValidateRequest) => {
      if (!request.request) throw new GrpcStatusError(status.INVALID_ARGUMENT, 'request is missing');
      this.requireThisHost(request.request);
      const result = validatedResult(request.request, configHash(this.state), new Date());
      // As the real agent: a dry run's verdict is reported through the outbox too.
      this.outbox.set(result.reloadId, result);
      void this.flushOutbox();
      return { result };
    };
    const getReloadResult = async (request: wire.GetReloadResultRequest) => {
      const reloadId = assertReloadId(request.reloadId);
      const result = this.results.get(reloadId);
      if (!result) throw new GrpcStatusError(status.NOT_FOUND, this.running.has(reloadId) ? `reload '${reloadId}' is still running` : `no reload '${reloadId}' on this host`);
      return { result };
    };
    return checkImplementation(wire.AgentServiceService as unknown as Record<string, unknown>, {
      getInventory: guardedUnary('GetInventory', 'server', async () => ({ inventory: simulatedInventory(this.state) }), guard),
      validate: guardedUnary('Validate', 'server', validate, guard),
      reload: guardedStream('Reload', 'server', reload, guard),
      getReloadResult: guardedUnary('GetReloadResult', 'server', getReloadResult, guard),
    } satisfies wire.AgentServiceServer);
  }

  private requireThisHost(request: wire.ReloadRequest): void {
    if (request.hostName !== this.options.hostName) {
      throw new GrpcStatusError(status.FAILED_PRECONDITION, `this agent is '${this.options.hostName}', the request is for '${request.hostName.slice(0, 80)}'`);
    }
  }

  /** Idempotent on the reload id, one reload at a time, as the contract says. */
  private reload(request: wire.ReloadRequest, onPhase: (phase: wire.PhaseEvent) => void): Promise<wire.ReloadResult> {
    const reloadId = assertReloadId(request.reloadId);
    const seen = this.reloads.get(reloadId);
    if (seen) seen.calls += 1;
    const done = this.results.get(reloadId);
    if (done) return Promise.resolve(done);
    const joined = this.running.get(reloadId);
    if (joined) return joined;
    if (this.running.size > 0) throw new GrpcStatusError(status.ABORTED, `reload '${[...this.running.keys()][0]}' is in flight on this host`);
    this.reloads.set(reloadId, { reloadId, receivedAt: Date.now(), answeredAt: 0, calls: 1, reported: false });
    const work = this.perform(request, onPhase).finally(() => this.running.delete(reloadId));
    this.running.set(reloadId, work);
    return work;
  }

  private async perform(request: wire.ReloadRequest, onPhase: Parameters<SimulatedHost['reload']>[1]): Promise<wire.ReloadResult> {
    const startedAt = new Date();
    this.state.reloadInFlight = request.reloadId;
    const event = (phase: string, phaseStatus: wire.PhaseStatus) => onPhase({ reloadId: request.reloadId, phase, status: phaseStatus, at: new Date().toISOString(), detail: '' });
    event('validate', wire.PhaseStatus.PHASE_STATUS_STARTED);
    const before = configHash(this.state);
    event('validate', wire.PhaseStatus.PHASE_STATUS_OK);
    event('reload', wire.PhaseStatus.PHASE_STATUS_STARTED);
    await sleep(this.options.reloadMs);
    const applied = applyChanges(this.state, request);
    event('reload', wire.PhaseStatus.PHASE_STATUS_OK);
    this.state.reloadInFlight = '';
    const result = succeededResult(request, before, configHash(this.state), applied, { startedAt, finishedAt: new Date(), reloadMs: this.options.reloadMs }, 4000);
    this.results.set(request.reloadId, result);
    const record = this.reloads.get(request.reloadId);
    if (record) record.answeredAt = Date.now();
    // As the real agent: the result goes to the outbox, and its report carries the new inventory.
    this.outbox.set(request.reloadId, result);
    void this.flushOutbox();
    return result;
  }

  private async flushOutbox(): Promise<void> {
    clearTimeout(this.outboxTimer);
    for (const [reloadId, result] of [...this.outbox]) {
      try {
        await this.gateway!.reportResult({ result, inventory: simulatedInventory(this.state) });
        this.outbox.delete(reloadId);
        const record = this.reloads.get(reloadId);
        if (record) record.reported = true;
      } catch (error) {
        this.options.log.warn({ err: error, host: this.options.hostName, reloadId }, 'reporting a result failed; will retry');
      }
    }
    if (this.outbox.size > 0 && !this.stopped) this.outboxTimer = setTimeout(() => void this.flushOutbox(), OUTBOX_RETRY_MS);
  }
}
