// How the outbox hands a result to the server: with the agent's inventory of the
// moment, and with the server's refusals sorted into "try again later" and "never":
// a refusal no retry can change sets the result aside, because the outbox
// delivers oldest first and one stuck result would hold back every later one.
import { status, type ServiceError } from '@grpc/grpc-js';
import type { Logger } from '@hitless/log';
import type * as wire from '@hitless/proto';
import type { GatewayClient } from '../gateway/gateway-client';
import { UndeliverableError, type Deliver } from './outbox-sender';

/**
 * Refusals that no retry can change. PERMISSION_DENIED also covers a result for a
 * reload id the server never sent to this host (a local run, another host's id).
 * Anything else (unreachable, overloaded, our certificate not yet known after a
 * restore) is retried.
 */
const PERMANENT = new Set<number>([status.INVALID_ARGUMENT, status.ALREADY_EXISTS, status.PERMISSION_DENIED, status.RESOURCE_EXHAUSTED]);

/**
 * Each report carries the agent's inventory of the moment, which the server records
 * as a heartbeat: a reload's new config hash reaches it with the result. A report
 * whose inventory cannot be read goes without it; the next heartbeat brings it.
 */
export function deliverTo(gateway: Pick<GatewayClient, 'reportResult'>, inventory: () => Promise<wire.Inventory | undefined>, log: Logger): Deliver {
  return async (result) => {
    const current = await inventory().catch((error: unknown) => {
      log.warn({ err: error }, 'reading the inventory failed; reporting the result without it');
      return undefined;
    });
    try {
      await gateway.reportResult({ result, inventory: current });
    } catch (error) {
      const code = (error as Partial<ServiceError>).code;
      if (code !== undefined && PERMANENT.has(code)) throw new UndeliverableError((error as Error).message);
      throw error;
    }
  };
}
