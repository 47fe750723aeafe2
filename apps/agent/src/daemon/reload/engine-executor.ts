// The real reload engine for this host, configured from the agent's config.
import { join } from 'node:path';
import type { Logger } from '@hitless/log';
import type { ProcessRunner } from '@hitless/process';
import { ReloadEngine, type HaproxyRuntime } from '@hitless/reload';
import type { AgentConfig } from '../config/agent-config';
import type { ReloadExecutor } from './reload-executor';

export function createEngineExecutor(config: AgentConfig, runner: ProcessRunner, log: Logger): ReloadExecutor {
  const { masterSocket, pidFile } = config.haproxy;
  const runtime: HaproxyRuntime | undefined = masterSocket
    ? { mode: 'master-worker', masterSocket }
    : pidFile
      ? { mode: 'daemon', pidFile }
      : undefined;
  // Not ReloadEngine.open(): the daemon's coordinator runs recover() itself, so that it
  // also learns which interrupted reload to report.
  return new ReloadEngine({
    configPath: config.haproxy.configPath,
    stateDir: join(config.stateDir, 'engine'),
    haproxyBinary: config.haproxy.binary,
    runtime,
    netns: config.haproxy.netns,
    probeHost: config.haproxy.probeHost,
    checkLimits: { timeoutMs: config.haproxy.checkTimeoutSeconds * 1000, maxMemoryBytes: config.haproxy.checkMemoryMb * 1024 * 1024 },
    runner,
    log,
  }) satisfies ReloadExecutor;
}
