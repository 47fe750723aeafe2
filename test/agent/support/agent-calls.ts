// Calls the server makes to an agent, as promises: a Reload stream collected into
// its phase events and final result, and the unary methods.
import { Metadata, type ServiceError } from '@grpc/grpc-js';
import type * as wire from '@hitless/proto';

export interface StreamedReload {
  events: wire.PhaseEvent[];
  result: wire.ReloadResult | undefined;
}

export function streamReload(client: wire.AgentServiceClient, request: wire.ReloadRequest, onEvent: (event: wire.PhaseEvent) => void = () => undefined): Promise<StreamedReload> {
  return new Promise((resolve, reject) => {
    const events: wire.PhaseEvent[] = [];
    let result: wire.ReloadResult | undefined;
    const stream = client.reload(request, new Metadata(), { deadline: new Date(Date.now() + 90_000) });
    stream.on('data', (message: wire.ReloadResponse) => {
      if (message.event?.$case === 'phase') {
        events.push(message.event.value);
        onEvent(message.event.value);
      }
      if (message.event?.$case === 'result') result = message.event.value;
    });
    stream.on('error', (error: ServiceError) => reject(error));
    stream.on('end', () => resolve({ events, result }));
  });
}

export function getReloadResult(client: wire.AgentServiceClient, reloadId: string): Promise<wire.ReloadResult | undefined> {
  return new Promise((resolve, reject) =>
    client.getReloadResult({ reloadId }, (error, response) => (error ? reject(error) : resolve(response.result))),
  );
}

export function validate(client: wire.AgentServiceClient, request: wire.ReloadRequest): Promise<wire.ReloadResult | undefined> {
  return new Promise((resolve, reject) => client.validate({ request }, (error, response) => (error ? reject(error) : resolve(response.result))));
}

export function getInventory(client: wire.AgentServiceClient): Promise<wire.Inventory | undefined> {
  return new Promise((resolve, reject) => client.getInventory({}, (error, response) => (error ? reject(error) : resolve(response.inventory))));
}

export function setBalance(reloadId: string, hostName: string, algorithm: string, backend = 'api', args: string[] = []): wire.ReloadRequest {
  return {
    reloadId,
    hostName,
    changes: [{ change: { $case: 'setBalance', value: { backend, balance: { algorithm, args } } } }],
    strategy: 0,
    probe: undefined,
    beforeHooks: [],
    afterHooks: [],
  };
}
