// The gRPC edge of the agent: only the server's certificate may call, requests
// are checked and translated at the boundary, refusals become statuses here.
import { status, type ServerWritableStream } from '@grpc/grpc-js';
import { InvalidChangeError } from '@hitless/haproxy';
import * as wire from '@hitless/proto';
import { assertReloadId, reloadRequestFromWire } from '@hitless/agent-wire';
import { checkImplementation, GrpcStatusError, type GuardContext, guardedStream, guardedUnary } from '@hitless/grpc-transport';
import type { ReloadCoordinator } from '../reload/reload-coordinator';
import { ReloadInFlightError } from '../reload/reload-errors';

export interface AgentServiceDeps {
  hostName: string;
  coordinator: ReloadCoordinator;
  inventory: () => Promise<wire.Inventory>;
}

function requireThisHost(hostName: string, request: wire.ReloadRequest): void {
  if (request.hostName !== hostName) {
    throw new GrpcStatusError(status.FAILED_PRECONDITION, `this agent is '${hostName}', the request is for '${request.hostName.slice(0, 80)}'`);
  }
}

function edge(error: unknown): unknown {
  if (error instanceof ReloadInFlightError) return new GrpcStatusError(status.ABORTED, error.message);
  return error;
}

export function createAgentHandlers(deps: AgentServiceDeps, guard: GuardContext): wire.AgentServiceServer {
  const getInventory = async (): Promise<wire.GetInventoryResponse> => ({ inventory: await deps.inventory() });

  const validate = async (request: wire.ValidateRequest): Promise<wire.ValidateResponse> => {
    if (!request.request) throw new InvalidChangeError('request', 'is missing');
    requireThisHost(deps.hostName, request.request);
    try {
      return { result: await deps.coordinator.validate(reloadRequestFromWire(request.request, { dryRun: true })) };
    } catch (error) {
      throw edge(error);
    }
  };

  const reload = async (request: wire.ReloadRequest, _caller: unknown, call: ServerWritableStream<wire.ReloadRequest, wire.ReloadResponse>): Promise<void> => {
    requireThisHost(deps.hostName, request);
    const engineRequest = reloadRequestFromWire(request, { dryRun: false });
    let result: wire.ReloadResult;
    try {
      result = await deps.coordinator.reload(engineRequest, { before: request.beforeHooks, after: request.afterHooks }, (event) => {
        // A caller that went away stops getting events; the reload goes on and its result is kept.
        if (!call.cancelled && !call.destroyed) call.write({ event: { $case: 'phase', value: event } });
      });
    } catch (error) {
      throw edge(error);
    }
    if (!call.cancelled) call.write({ event: { $case: 'result', value: result } });
  };

  const getReloadResult = async (request: wire.GetReloadResultRequest): Promise<wire.GetReloadResultResponse> => {
    const reloadId = assertReloadId(request.reloadId);
    const result = await deps.coordinator.result(reloadId);
    if (!result) {
      const inFlight = deps.coordinator.inFlight() === reloadId;
      throw new GrpcStatusError(status.NOT_FOUND, inFlight ? `reload '${reloadId}' is still running` : `no reload '${reloadId}' on this host`);
    }
    return { result };
  };

  return checkImplementation(wire.AgentServiceService as unknown as Record<string, unknown>, {
    getInventory: guardedUnary('GetInventory', 'server', getInventory, guard),
    validate: guardedUnary('Validate', 'server', validate, guard),
    reload: guardedStream('Reload', 'server', reload, guard),
    getReloadResult: guardedUnary('GetReloadResult', 'server', getReloadResult, guard),
  } satisfies wire.AgentServiceServer);
}
