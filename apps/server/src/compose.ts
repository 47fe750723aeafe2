// The whole server of `main.ts run`: the agent gateway (gRPC, mTLS), the REST
// API (NestJS) and the rollout scheduler, sharing one database and one set of
// repositories. server-app.ts stays the gateway alone, for agent tests.
import type { Logger } from '@hitless/log';
import { GrpcAgentCaller } from './agents/agent-reload-caller';
import { ApiTokensRepository } from './api-tokens/api-tokens.repository';
import { AuditRepository } from './audit/audit.repository';
import { CredentialThrottle } from './auth/credential-throttle';
import { loadHttpsMaterial } from './ca/https-material';
import { systemClock, type Clock } from './clock/clock';
import type { ServerConfig } from './config/server-config';
import { ReloadHistoryRepository } from './history/reload-history.repository';
import { FleetOverviewRepository } from './fleet/fleet-overview.repository';
import { HostDirectoryRepository } from './hosts/host-directory.repository';
import { startHttp } from './http/start-http';
import { ServerMetrics } from './metrics/server-metrics';
import { RolloutsRepository } from './rollouts/rollouts.repository';
import { RolloutsService } from './rollouts/rollouts.service';
import { RolloutLeases } from './scheduler/rollout-leases';
import { RolloutScheduler } from './scheduler/rollout-scheduler';
import { SchedulerStore } from './scheduler/scheduler-store';
import { StepSender } from './scheduler/step-sender';
import { startServer, type RunningServer } from './server-app';
import { WindowsRepository } from './windows/windows.repository';
import { WindowsService } from './windows/windows.service';

export interface RunningRuntime {
  gateway: RunningServer;
  httpPort: number;
  httpScheme: 'http' | 'https';
  /** The CA file HTTPS clients trust, when the server's own CA issued the API's certificate. */
  httpsCaFile?: string;
  stop(): Promise<void>;
}

export async function startRuntime(config: ServerConfig, log: Logger, clock: Clock = systemClock): Promise<RunningRuntime> {
  const metrics = new ServerMetrics();
  // A scheduling replica keeps a connection open to every agent it hears from.
  let keepConnected: ((hostName: string, address: string) => void) | undefined = undefined;
  const gateway = await startServer(config, log, metrics, config.schedulerEnabled ? (hostName, address) => keepConnected?.(hostName, address) : undefined, clock);
  const { sql } = gateway.database;
  const onlineWithinSeconds = config.heartbeatSeconds * config.offlineAfterHeartbeats;
  const fleet = new FleetOverviewRepository(sql, onlineWithinSeconds);
  metrics.watchFleet(fleet);
  const audit = new AuditRepository(sql);
  const hostDirectory = new HostDirectoryRepository(sql, onlineWithinSeconds);
  const windows = new WindowsRepository(sql);
  const caller = new GrpcAgentCaller(gateway.tls);
  keepConnected = (hostName, address) => caller.warm(address, hostName);
  metrics.watchAgentChannels(() => caller.channelCounts());
  let scheduler: RolloutScheduler | undefined;
  try {
    const https = config.httpTls
      ? await loadHttpsMaterial(config.httpTls, gateway.tls, { stateDir: config.stateDir, names: [config.serverName, ...config.serverAltNames], validDays: config.certValidDays, now: clock.now() })
      : undefined;
    const http = await startHttp(
      {
        log,
        sql,
        clock,
        metrics,
        audit,
        apiTokens: new ApiTokensRepository(sql, clock),
        authThrottle: new CredentialThrottle('authentication', config.authLimits, clock),
        joinTokens: gateway.tokens,
        hostDirectory,
        history: new ReloadHistoryRepository(sql),
        rollouts: new RolloutsService(sql, new RolloutsRepository(sql), hostDirectory, windows, audit),
        windows: new WindowsService(sql, windows, audit),
        fleet,
      },
      { listen: config.httpListen, tls: https },
    );
    if (config.schedulerEnabled) {
      const leases = new RolloutLeases(sql, config.replicaName, config.leaseTtlMs);
      const store = new SchedulerStore(sql, leases, onlineWithinSeconds);
      const schedulerLog = log.child({ component: 'scheduler', replica: config.replicaName });
      const sender = new StepSender(caller, store, clock, metrics, schedulerLog, (rolloutId) => scheduler?.poke(rolloutId));
      scheduler = new RolloutScheduler(leases, store, sender, clock, metrics, schedulerLog, gateway.heartbeatSight, {
        tickMs: config.schedulerTickMs,
        maxLeases: config.maxLeasesPerReplica,
        clearSightMs: onlineWithinSeconds * 1000,
      });
      scheduler.start();
    }
    return {
      gateway,
      httpPort: http.port,
      httpScheme: http.scheme,
      httpsCaFile: https?.caFile,
      stop: async () => {
        await scheduler?.stop(5000);
        await http.close();
        caller.close();
        await gateway.stop();
      },
    };
  } catch (error) {
    caller.close();
    await gateway.stop();
    throw error;
  }
}
