// The engine's view of the host as the wire's Inventory. Reasons quote command
// output, so they are trimmed to what the server accepts (inventory-checks.ts).
import type { HostCapabilities } from '@hitless/reload';
import * as wire from '@hitless/proto';
import { inventoryText } from './inventory-checks';
import { strategyToWire } from './strategy-mapping';

export interface InventoryExtras {
  hostName: string;
  configHash: string;
  agentVersion: string;
  agentAddress: string;
  reloadInFlight: string;
}

export function inventoryToWire(capabilities: HostCapabilities, extras: InventoryExtras): wire.Inventory {
  return {
    hostName: extras.hostName,
    haproxyVersion: capabilities.haproxy.version,
    haproxyMode: capabilities.haproxy.mode === 'master-worker' ? wire.HaproxyMode.HAPROXY_MODE_MASTER_WORKER : wire.HaproxyMode.HAPROXY_MODE_DAEMON,
    kernel: capabilities.kernel,
    strategies: capabilities.strategies.map((entry) => ({ strategy: strategyToWire(entry.name), available: entry.available, reason: inventoryText(entry.reason) })),
    preferredStrategy: strategyToWire(capabilities.preferred),
    preferredReason: inventoryText(capabilities.preferredReason),
    configHash: extras.configHash,
    agentVersion: extras.agentVersion,
    agentAddress: extras.agentAddress,
    reloadInFlight: extras.reloadInFlight,
  };
}
