// The gRPC edge of the agent gateway: who may call what, and the translation of
// refusals into statuses. The certificate's host name must be the host every
// message speaks for, and what an agent says is checked before anything is
// stored: its inventory's shape and sizes, its address (which the server dials),
// and that a result is for a reload the server sent to that host.
import { status, type ServerUnaryCall } from '@grpc/grpc-js';
import { InvalidCsrError, InvalidHostNameError, type PeerIdentity } from '@hitless/pki';
import * as wire from '@hitless/proto';
import { assertInventory, strategyFromWire } from '@hitless/agent-wire';
import { checkImplementation, GrpcStatusError, type GuardContext, guardedUnary } from '@hitless/grpc-transport';
import type { CredentialThrottle } from '../auth/credential-throttle';
import { sourceKeyOfPeer } from '../auth/source-address';
import { EnrollmentRefusedError, type EnrolledCertificate, type EnrollmentService } from '../enrollment/enrollment.service';
import { TooManyAttemptsError } from '../errors/domain-errors';
import type { HeartbeatBatcher } from '../hosts/heartbeat-batcher';
import type { HeartbeatSight } from '../hosts/heartbeat-sight';
import type { ResultIntakeService } from '../results/result-intake.service';

export interface GatewayDeps {
  enrollment: EnrollmentService;
  /** Failed enrolments per source address, and enrolments at once. */
  enrollThrottle: CredentialThrottle;
  intake: ResultIntakeService;
  heartbeatSeconds: number;
  heartbeats: HeartbeatBatcher;
  /** Told when a heartbeat could not be recorded, or only late. */
  heartbeatSight: HeartbeatSight;
  /** Told each agent's address as its heartbeat is recorded (the scheduler keeps a connection to it). */
  agentHeard?: (hostName: string, address: string) => void;
}

function requireSameHost(caller: PeerIdentity, claimed: string, what: string): void {
  if (claimed !== caller.name) {
    throw new GrpcStatusError(status.PERMISSION_DENIED, `certificate of '${caller.name}' may not send ${what} for '${claimed.slice(0, 80)}'`);
  }
}

/** RESOURCE_EXHAUSTED with the wait in metadata: `retry-after` in seconds, and gRPC's own retry pushback in ms. */
function tooManyAttempts(error: TooManyAttemptsError): GrpcStatusError {
  return new GrpcStatusError(status.RESOURCE_EXHAUSTED, error.message, {
    'retry-after': String(error.retryAfterSeconds),
    'grpc-retry-pushback-ms': String(error.retryAfterSeconds * 1000),
  });
}

function notCurrentCertificate(caller: PeerIdentity): GrpcStatusError {
  return new GrpcStatusError(status.UNAUTHENTICATED, `certificate ${caller.serial} is not the current one of '${caller.name}'`);
}

export function createGatewayHandlers(deps: GatewayDeps, guard: GuardContext): wire.AgentGatewayServiceServer {
  /** Enrolment behind the flood guard: every refusal of the caller's input (a wrong token, a bad CSR or host name) counts against its source. */
  const throttledEnroll = async (request: wire.EnrollRequest, source: string): Promise<EnrolledCertificate> => {
    const admission = deps.enrollThrottle.admit(source);
    try {
      const enrolled = await deps.enrollThrottle.check(() => deps.enrollment.enroll(request.hostName, request.joinToken, request.csrPem));
      deps.enrollThrottle.succeeded(admission);
      return enrolled;
    } catch (error) {
      const refused = error instanceof EnrollmentRefusedError || error instanceof InvalidCsrError || error instanceof InvalidHostNameError;
      if (refused) deps.enrollThrottle.failed(admission);
      else deps.enrollThrottle.release(admission);
      throw error;
    }
  };

  const enroll = async (request: wire.EnrollRequest, _caller: PeerIdentity | undefined, call: ServerUnaryCall<wire.EnrollRequest, wire.EnrollResponse>): Promise<wire.EnrollResponse> => {
    try {
      const enrolled = await throttledEnroll(request, sourceKeyOfPeer(call.getPeer()));
      return { certificatePem: enrolled.certPem, caCertificatePem: enrolled.caCertPem };
    } catch (error) {
      if (error instanceof TooManyAttemptsError) throw tooManyAttempts(error);
      if (!(error instanceof EnrollmentRefusedError)) throw error;
      // A token for another host is a real credential used in the wrong place; the rest are not credentials at all.
      const code = error.refusal === 'other-host' ? status.PERMISSION_DENIED : status.UNAUTHENTICATED;
      throw new GrpcStatusError(code, error.message);
    }
  };

  /** Records what an agent says of itself; false when the certificate is not the host's current one. */
  const recordInventory = async (caller: PeerIdentity, inventory: wire.Inventory): Promise<boolean> => {
    const recorded = await deps.heartbeatSight.watch(() =>
      deps.heartbeats.record(caller.name, caller.serial, {
        agentAddress: inventory.agentAddress,
        agentVersion: inventory.agentVersion,
        haproxyVersion: inventory.haproxyVersion,
        haproxyMode: wire.haproxyModeToJSON(inventory.haproxyMode),
        kernel: inventory.kernel,
        configHash: inventory.configHash,
        preferredStrategy: strategyFromWire(inventory.preferredStrategy) ?? 'unspecified',
        inventory: wire.Inventory.toJSON(inventory) as Record<string, unknown>,
      }),
    );
    if (recorded && inventory.agentAddress) deps.agentHeard?.(caller.name, inventory.agentAddress);
    return recorded;
  };

  const heartbeat = async (request: wire.HeartbeatRequest, caller: PeerIdentity): Promise<wire.HeartbeatResponse> => {
    const inventory = request.inventory;
    if (!inventory) throw new GrpcStatusError(status.INVALID_ARGUMENT, 'inventory is missing');
    requireSameHost(caller, inventory.hostName, 'a heartbeat');
    assertInventory(inventory);
    if (!(await recordInventory(caller, inventory))) throw notCurrentCertificate(caller);
    return { nextHeartbeatSeconds: deps.heartbeatSeconds };
  };

  const reportResult = async (request: wire.ReportResultRequest, caller: PeerIdentity): Promise<wire.ReportResultResponse> => {
    const { result, inventory } = request;
    if (!result) throw new GrpcStatusError(status.INVALID_ARGUMENT, 'result is missing');
    requireSameHost(caller, result.hostName, 'a result');
    if (inventory) {
      requireSameHost(caller, inventory.hostName, 'an inventory');
      assertInventory(inventory);
    }
    const stored = await deps.intake.accept(result, caller.serial);
    if (stored === 'not-current-certificate') throw notCurrentCertificate(caller);
    // PERMISSION_DENIED: the agent's outbox sets such a result aside instead of retrying it (report-delivery.ts).
    if (stored === 'not-dispatched') throw new GrpcStatusError(status.PERMISSION_DENIED, `reload id '${result.reloadId}' was not dispatched to '${caller.name}'`);
    if (stored === 'conflict') throw new GrpcStatusError(status.ALREADY_EXISTS, `reload id '${result.reloadId}' belongs to another host`);
    // The inventory that comes with a report counts as the host's heartbeat: recorded once the
    // result is taken, so a refused report stores nothing at all.
    if (inventory && !(await recordInventory(caller, inventory))) throw notCurrentCertificate(caller);
    return { duplicate: stored === 'duplicate' };
  };

  return checkImplementation(wire.AgentGatewayServiceService as unknown as Record<string, unknown>, {
    enroll: guardedUnary('Enroll', 'anyone', enroll, guard),
    heartbeat: guardedUnary('Heartbeat', 'agent', heartbeat, guard),
    reportResult: guardedUnary('ReportResult', 'agent', reportResult, guard),
  } satisfies wire.AgentGatewayServiceServer);
}
