// The gRPC edge of the agent gateway: who may call what, and the translation of
// refusals into statuses. The certificate's host name must be the host every
// message speaks for.
import { status } from '@grpc/grpc-js';
import type { PeerIdentity } from '@hitless/pki';
import {
  AgentGatewayServiceService,
  checkImplementation,
  GrpcStatusError,
  guardedUnary,
  haproxyModeToJSON,
  Inventory,
  strategyFromWire,
  type AgentGatewayServiceServer,
  type EnrollRequest,
  type EnrollResponse,
  type GuardContext,
  type HeartbeatRequest,
  type HeartbeatResponse,
  type ReportResultRequest,
  type ReportResultResponse,
} from '@hitless/proto';
import { EnrollmentRefusedError, type EnrollmentService } from '../enrollment/enrollment.service';
import type { HeartbeatBatcher } from '../hosts/heartbeat-batcher';
import type { HeartbeatSight } from '../hosts/heartbeat-sight';
import type { ResultIntakeService } from '../results/result-intake.service';

export interface GatewayDeps {
  enrollment: EnrollmentService;
  intake: ResultIntakeService;
  heartbeatSeconds: number;
  heartbeats: HeartbeatBatcher;
  /** Told when a heartbeat could not be recorded, or only late. */
  heartbeatSight: HeartbeatSight;
}

function requireSameHost(caller: PeerIdentity, claimed: string, what: string): void {
  if (claimed !== caller.name) {
    throw new GrpcStatusError(status.PERMISSION_DENIED, `certificate of '${caller.name}' may not send ${what} for '${claimed.slice(0, 80)}'`);
  }
}

function notCurrentCertificate(caller: PeerIdentity): GrpcStatusError {
  return new GrpcStatusError(status.UNAUTHENTICATED, `certificate ${caller.serial} is not the current one of '${caller.name}'`);
}

export function createGatewayHandlers(deps: GatewayDeps, guard: GuardContext): AgentGatewayServiceServer {
  const enroll = async (request: EnrollRequest): Promise<EnrollResponse> => {
    try {
      const enrolled = await deps.enrollment.enroll(request.hostName, request.joinToken, request.csrPem);
      return { certificatePem: enrolled.certPem, caCertificatePem: enrolled.caCertPem };
    } catch (error) {
      if (!(error instanceof EnrollmentRefusedError)) throw error;
      // A token for another host is a real credential used in the wrong place; the rest are not credentials at all.
      const code = error.refusal === 'other-host' ? status.PERMISSION_DENIED : status.UNAUTHENTICATED;
      throw new GrpcStatusError(code, error.message);
    }
  };

  const heartbeat = async (request: HeartbeatRequest, caller: PeerIdentity): Promise<HeartbeatResponse> => {
    const inventory = request.inventory;
    if (!inventory) throw new GrpcStatusError(status.INVALID_ARGUMENT, 'inventory is missing');
    requireSameHost(caller, inventory.hostName, 'a heartbeat');
    const recorded = await deps.heartbeatSight.watch(() => deps.heartbeats.record(caller.name, caller.serial, {
      agentAddress: inventory.agentAddress,
      agentVersion: inventory.agentVersion,
      haproxyVersion: inventory.haproxyVersion,
      haproxyMode: haproxyModeToJSON(inventory.haproxyMode),
      kernel: inventory.kernel,
      configHash: inventory.configHash,
      preferredStrategy: strategyFromWire(inventory.preferredStrategy) ?? 'unspecified',
      inventory: Inventory.toJSON(inventory) as Record<string, unknown>,
    }));
    if (!recorded) throw notCurrentCertificate(caller);
    return { nextHeartbeatSeconds: deps.heartbeatSeconds };
  };

  const reportResult = async (request: ReportResultRequest, caller: PeerIdentity): Promise<ReportResultResponse> => {
    const result = request.result;
    if (!result) throw new GrpcStatusError(status.INVALID_ARGUMENT, 'result is missing');
    requireSameHost(caller, result.hostName, 'a result');
    const stored = await deps.intake.accept(result, caller.serial);
    if (stored === 'not-current-certificate') throw notCurrentCertificate(caller);
    if (stored === 'conflict') throw new GrpcStatusError(status.ALREADY_EXISTS, `reload id '${result.reloadId}' belongs to another host`);
    return { duplicate: stored === 'duplicate' };
  };

  return checkImplementation(AgentGatewayServiceService as unknown as Record<string, unknown>, {
    enroll: guardedUnary('Enroll', 'anyone', enroll, guard),
    heartbeat: guardedUnary('Heartbeat', 'agent', heartbeat, guard),
    reportResult: guardedUnary('ReportResult', 'agent', reportResult, guard),
  } satisfies AgentGatewayServiceServer);
}
