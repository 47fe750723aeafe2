// The single-host reload engine: strategies, capability probe, probe of the
// listeners, and the engine that ties them into one verified, reversible reload.
export * from './reload-types';
export * from './probe';
export { ReloadEngine } from './reload-engine';
export type { HaproxyRuntime, ReloadEngineOptions } from './reload-engine';
export { ReloadInProgressError, ReloadRequestError } from './reload-errors';
export { probeCapabilities } from './host/host-capabilities';
export { HostLedger } from './host/host-ledger';
export { listListeners } from './host/listeners';
export { listJsonFiles, readIfExists, removeDurable, writeDurable } from './host/durable-file';
