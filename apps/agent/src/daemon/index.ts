// The agent daemon's public surface: main.ts calls runDaemon; tests call startDaemon.
export { runDaemon, startDaemon } from './run-daemon';
export type { DaemonOptions, RunningDaemon } from './run-daemon';
export { AgentConfigError, loadAgentConfig, parseAgentConfig } from './config/agent-config';
export type { AgentConfig } from './config/agent-config';
export type { ReloadExecutor } from './reload/reload-executor';
