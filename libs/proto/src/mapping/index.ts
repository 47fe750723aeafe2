export { assertReloadId, reloadRequestFromWire } from './reload-request-mapping';
export { phaseEventToWire, refusedResultToWire, reloadResultToWire } from './reload-result-mapping';
export { inventoryToWire } from './inventory-mapping';
export type { InventoryExtras } from './inventory-mapping';
export { outcomeFromWire, outcomeToWire } from './outcome-mapping';
export { strategyFromWire, strategyToWire } from './strategy-mapping';
