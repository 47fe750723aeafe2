// Between the wire (@hitless/proto) and the domain types of the engine and the
// HAProxy model: one file per message pair, and the only place that knows both
// shapes. Also the rules for what a wire message may carry (reload ids, agent
// addresses, inventory and result text), which agent and server both apply.
export { configChangeFromWire, configChangeToWire } from './config-change-mapping';
export { reloadRequestFromWire, reloadRequestToWire } from './reload-request-mapping';
export { refusedResultToWire, reloadResultToWire } from './reload-result-mapping';
export { appliedChangeFromWire, appliedChangesFromWire, appliedChangeToWire } from './applied-change-mapping';
export { phaseEventToWire } from './phase-event-mapping';
export { inventoryToWire } from './inventory-mapping';
export type { InventoryExtras } from './inventory-mapping';
export { outcomeFromWire, outcomeToWire } from './outcome-mapping';
export { strategyFromWire, strategyToWire } from './strategy-mapping';
export { assertReloadId } from './reload-id';
export { agentTarget, assertAgentAddress, MAX_AGENT_ADDRESS_LENGTH, parseAgentAddress } from './agent-address';
export type { AgentAddress, AgentAddressFamily } from './agent-address';
export { assertInventory, INVENTORY_LIMITS, inventoryText } from './inventory-checks';
export { assertStorableResult, storableText } from './result-text';
