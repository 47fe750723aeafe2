// Wires the agent daemon: config, enrollment, the engine behind the reload
// coordinator, the outbox, heartbeats, the mTLS gRPC service and /metrics; and
// takes it down in order on SIGTERM/SIGINT.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { createLogger, type Logger } from '@hitless/log';
import { SystemProcessRunner, type ProcessRunner } from '@hitless/process';
import * as wire from '@hitless/proto';
import { inventoryToWire } from '@hitless/agent-wire';
import { channelOptions, shutdownGracefully } from '@hitless/grpc-transport';
import { AGENT_VERSION } from './agent-version';
import { loadAgentConfig, type AgentConfig } from './config/agent-config';
import { ensureEnrolled } from './enrollment/agent-identity';
import { GatewayClient } from './gateway/gateway-client';
import { createAgentHandlers } from './grpc/agent-service.handlers';
import { HeartbeatLoop } from './heartbeat/heartbeat-loop';
import { AgentMetrics } from './metrics/agent-metrics';
import { startMetricsServer, type MetricsServer } from './metrics/metrics-server';
import { OutboxSender } from './outbox/outbox-sender';
import { deliverTo } from './outbox/report-delivery';
import { createEngineExecutor } from './reload/engine-executor';
import { HookRunner } from './reload/hook-runner';
import { liveConfigHash, livePrecheck } from './reload/live-config-precheck';
import { ReloadCoordinator } from './reload/reload-coordinator';
import type { ReloadExecutor } from './reload/reload-executor';
import { ResultFileStore } from './storage/result-file-store';

export interface DaemonOptions {
  /** JSON config file; HITLESS_AGENT_* variables in `env` override it. */
  configFile?: string;
  env?: NodeJS.ProcessEnv;
  /** Replaces the real reload engine (unit tests). */
  executor?: ReloadExecutor;
  runner?: ProcessRunner;
  log?: Logger;
}

export interface RunningDaemon {
  config: AgentConfig;
  /** The bound gRPC port. */
  port: number;
  metricsPort: number | undefined;
  /** Stops taking calls, lets a running reload finish (up to graceMs), flushes what it can. */
  stop(graceMs?: number): Promise<void>;
}

function bind(server: Server, address: string, creds: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => server.bindAsync(address, creds, (error, port) => (error ? reject(error) : resolve(port))));
}

function hostOf(address: string): string {
  return address.slice(0, address.lastIndexOf(':'));
}

export async function startDaemon(options: DaemonOptions = {}): Promise<RunningDaemon> {
  const config = await loadAgentConfig(options.configFile, options.env ?? process.env);
  const log = (options.log ?? createLogger({ service: 'hitless-agent', level: config.logLevel })).child({ host: config.hostName });
  const runner = options.runner ?? new SystemProcessRunner(log);
  await mkdir(config.stateDir, { recursive: true, mode: 0o700 });

  const identity = await ensureEnrolled({
    hostName: config.hostName,
    stateDir: config.stateDir,
    joinToken: config.joinToken,
    server: { address: config.server.address, serverName: config.server.name, caFile: config.server.caFile, maxMessageBytes: config.maxMessageBytes },
    log,
  });
  const executor = options.executor ?? createEngineExecutor(config, runner, log);
  const results = await new ResultFileStore(join(config.stateDir, 'results')).init();
  const outbox = await new ResultFileStore(join(config.stateDir, 'outbox')).init();
  const gateway = new GatewayClient(
    {
      address: config.server.address,
      serverName: config.server.name,
      caCertPem: identity.caCertPem,
      maxMessageBytes: config.maxMessageBytes,
      maxReconnectBackoffMs: config.heartbeatSeconds * 1000,
    },
    identity,
  );
  const metrics = new AgentMetrics();
  const setAside = await new ResultFileStore(join(config.stateDir, 'outbox-rejected')).init();
  // Results recovered at start are reported before the agent listens, when it has no address to give: those go without an inventory.
  let inventoryForReports: (() => Promise<wire.Inventory>) | undefined = undefined;
  const sender = new OutboxSender(outbox, deliverTo(gateway, async () => inventoryForReports?.(), log), config.outboxRetrySeconds * 1000, log, setAside);

  const coordinator = new ReloadCoordinator({
    hostName: config.hostName,
    stateDir: config.stateDir,
    executor,
    results,
    outbox,
    hooks: new HookRunner(config.hooks, runner),
    precheck: livePrecheck(config.haproxy.configPath),
    onResult: (result, kind) => {
      if (kind === 'reload') metrics.recordResult(result);
      sender.kick();
    },
    log,
  });
  await coordinator.recover();

  let advertised = config.advertiseAddress ?? '';
  const inventory = async (): Promise<wire.Inventory> =>
    inventoryToWire(await executor.capabilities(), {
      hostName: config.hostName,
      configHash: await liveConfigHash(config.haproxy.configPath),
      agentVersion: AGENT_VERSION,
      agentAddress: advertised,
      reloadInFlight: coordinator.inFlight() ?? '',
    });
  const heartbeat = new HeartbeatLoop(
    inventory,
    async (inv) => void (await gateway.heartbeat({ inventory: inv })),
    config.heartbeatSeconds * 1000,
    log,
    (ok) => metrics.recordHeartbeat(ok),
  );

  const server = new Server(channelOptions(config.maxMessageBytes));
  server.addService(
    wire.AgentServiceService,
    createAgentHandlers({ hostName: config.hostName, coordinator, inventory }, { caCertPem: identity.caCertPem, log }),
  );
  // Only the server calls agents, always with its certificate: required at the TLS layer.
  const creds = ServerCredentials.createSsl(Buffer.from(identity.caCertPem), [{ private_key: Buffer.from(identity.keyPem), cert_chain: Buffer.from(identity.certPem) }], true);
  const port = await bind(server, config.listen, creds);
  if (!advertised) advertised = `${hostOf(config.listen)}:${port}`;
  inventoryForReports = inventory;

  let metricsServer: MetricsServer | undefined;
  if (config.metricsListen !== 'off') {
    try {
      metricsServer = await startMetricsServer(config.metricsListen, async () =>
        metrics.render({ outboxPending: await sender.pending(), reloadInFlight: coordinator.inFlight() !== undefined, outboxDelivered: sender.delivered, outboxFailures: sender.failures }),
      );
    } catch (error) {
      // Nothing has run yet: release what is bound so the caller can exit cleanly.
      server.forceShutdown();
      gateway.close();
      throw error;
    }
  }
  sender.start();
  heartbeat.start();
  log.info({ port, advertised, metricsPort: metricsServer?.port }, 'agent listening');

  return {
    config,
    port,
    metricsPort: metricsServer?.port,
    stop: async (graceMs = 60_000) => {
      await heartbeat.stop();
      await shutdownGracefully(server, graceMs, () => log.warn('reload still running at shutdown deadline; forcing'));
      await sender.stop();
      await metricsServer?.close();
      gateway.close();
      log.info('agent stopped');
    },
  };
}

/** Runs the daemon until SIGTERM or SIGINT, then shuts it down gracefully. */
export async function runDaemon(options: DaemonOptions = {}): Promise<void> {
  const daemon = await startDaemon(options);
  await new Promise<void>((resolve) => {
    process.once('SIGTERM', () => resolve());
    process.once('SIGINT', () => resolve());
  });
  await daemon.stop();
}
