// How the server is assembled, in one place. Each part is built once, after
// what it needs, and handed to what uses it; nothing is wired late:
//
//   database (migrated) + CA ──> repositories ──> services
//        │                              │
//        │         agent caller ──> scheduler (leases, store, step sender)
//        │                              ▲ told of stored results
//        ├──> agent gateway (gRPC, mTLS): enrolment, heartbeats, result intake
//        └──> REST API (NestJS as HTTP transport only: it gets these instances)
//
// Smaller compositions come from the same pieces: the gateway alone (the agent
// suites) and a scheduler on a clock of its own (the window suite).
import type { Logger } from '@hitless/log';
import { GrpcAgentCaller, type AgentCaller } from './agents/agent-reload-caller';
import { ApiTokensRepository } from './api-tokens/api-tokens.repository';
import { ApiTokensService } from './api-tokens/api-tokens.service';
import { AuditRepository } from './audit/audit.repository';
import { CredentialThrottle } from './auth/credential-throttle';
import { loadOrCreateServerTls, type ServerTlsMaterial } from './ca/ca-store';
import { loadHttpsMaterial } from './ca/https-material';
import { systemClock, type Clock } from './clock/clock';
import type { ServerConfig } from './config/server-config';
import { openDatabase, type Database } from './database/open-database';
import type { Sql } from './database/sql-client';
import { Transactions } from './database/transactions';
import { EnrollmentService } from './enrollment/enrollment.service';
import { JoinTokensRepository } from './enrollment/join-tokens.repository';
import { JoinTokensService } from './enrollment/join-tokens.service';
import { FleetOverviewRepository } from './fleet/fleet-overview.repository';
import { createGatewayHandlers } from './grpc/agent-gateway.handlers';
import { startGateway, type GatewayListener } from './grpc/start-gateway';
import { ReadinessRepository } from './health/readiness.repository';
import { ReloadHistoryRepository } from './history/reload-history.repository';
import { HeartbeatBatcher } from './hosts/heartbeat-batcher';
import { HeartbeatSight } from './hosts/heartbeat-sight';
import { HostDirectoryRepository } from './hosts/host-directory.repository';
import { HostLabelsService } from './hosts/host-labels.service';
import { HostPresence } from './hosts/host-presence';
import { HostsRepository } from './hosts/hosts.repository';
import { startHttp } from './http/start-http';
import { ServerMetrics } from './metrics/server-metrics';
import { ReloadResultsRepository } from './results/reload-results.repository';
import { ResultIntakeService, type ResultStored } from './results/result-intake.service';
import { RolloutsRepository } from './rollouts/rollouts.repository';
import { RolloutsService } from './rollouts/rollouts.service';
import { RolloutLeases } from './scheduler/rollout-leases';
import { RolloutScheduler, type SchedulerOptions } from './scheduler/rollout-scheduler';
import { SchedulerStore } from './scheduler/scheduler-store';
import { WindowsRepository } from './windows/windows.repository';
import { WindowsService } from './windows/windows.service';

/** Every query the server makes lives in one of these. */
export interface Repositories {
  hosts: HostsRepository;
  hostDirectory: HostDirectoryRepository;
  joinTokens: JoinTokensRepository;
  apiTokens: ApiTokensRepository;
  audit: AuditRepository;
  results: ReloadResultsRepository;
  history: ReloadHistoryRepository;
  rollouts: RolloutsRepository;
  windows: WindowsRepository;
  fleet: FleetOverviewRepository;
  readiness: ReadinessRepository;
}

export function repositoriesOf(sql: Sql, presence: HostPresence, clock: Clock): Repositories {
  return {
    hosts: new HostsRepository(sql),
    hostDirectory: new HostDirectoryRepository(sql, presence),
    joinTokens: new JoinTokensRepository(sql),
    apiTokens: new ApiTokensRepository(sql, clock),
    audit: new AuditRepository(sql),
    results: new ReloadResultsRepository(sql),
    history: new ReloadHistoryRepository(sql),
    rollouts: new RolloutsRepository(sql),
    windows: new WindowsRepository(sql),
    fleet: new FleetOverviewRepository(sql, presence),
    readiness: new ReadinessRepository(sql),
  };
}

/** What every composition of a server process stands on. */
interface Foundation {
  database: Database;
  tls: ServerTlsMaterial;
  presence: HostPresence;
  /** Whether heartbeats could be recorded lately: the scheduler calls no host offline while they could not. */
  sight: HeartbeatSight;
  transactions: Transactions;
  repos: Repositories;
}

async function openFoundation(config: ServerConfig, log: Logger, clock: Clock): Promise<Foundation> {
  const database = await openDatabase(config.databaseUrl, log);
  try {
    const tls = await loadOrCreateServerTls(config.stateDir, config.serverName, config.serverAltNames);
    const presence = HostPresence.fromConfig(config);
    return {
      database,
      tls,
      presence,
      sight: new HeartbeatSight(config.heartbeatSeconds * 1000),
      transactions: new Transactions(database.sql),
      repos: repositoriesOf(database.sql, presence, clock),
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}

interface GatewayHooks {
  /** Told of each reload result the first time it is stored. */
  onStored: readonly ResultStored[];
  /** Told each agent's address as its heartbeat is recorded. */
  agentHeard?: (hostName: string, address: string) => void;
}

function startAgentGateway(config: ServerConfig, log: Logger, clock: Clock, base: Foundation, hooks: GatewayHooks): Promise<GatewayListener> {
  const { repos, tls } = base;
  const handlers = createGatewayHandlers(
    {
      enrollment: new EnrollmentService(base.transactions, repos.joinTokens, repos.hosts, tls.ca, config.certValidDays, [config.serverName, ...config.serverAltNames]),
      enrollThrottle: new CredentialThrottle('enrolment', config.authLimits, clock),
      intake: new ResultIntakeService(repos.results, hooks.onStored),
      heartbeatSeconds: config.heartbeatSeconds,
      heartbeats: new HeartbeatBatcher(repos.hosts),
      heartbeatSight: base.sight,
      agentHeard: hooks.agentHeard,
    },
    { caCertPem: tls.caCertPem, log },
  );
  return startGateway(handlers, tls, { listen: config.listen, maxMessageBytes: config.maxMessageBytes }, log.child({ serverName: config.serverName }));
}

export interface SchedulerParts {
  sql: Sql;
  repos: Pick<Repositories, 'rollouts' | 'hostDirectory' | 'windows'>;
  caller: AgentCaller;
  clock: Clock;
  metrics: ServerMetrics;
  log: Logger;
  sight: HeartbeatSight;
  replicaName: string;
  leaseTtlMs: number;
  options: SchedulerOptions;
}

/** The rollout scheduler of one replica (not started). */
export function composeScheduler(parts: SchedulerParts): RolloutScheduler {
  const { sql, repos } = parts;
  const leases = new RolloutLeases(sql, parts.replicaName, parts.leaseTtlMs);
  const store = new SchedulerStore(sql, leases, repos.rollouts, repos.hostDirectory, repos.windows);
  const log = parts.log.child({ component: 'scheduler', replica: parts.replicaName });
  return new RolloutScheduler({ leases, store, caller: parts.caller, clock: parts.clock, metrics: parts.metrics, log, sight: parts.sight }, parts.options);
}

/** The agent gateway alone, on its own database: what the agent suites talk to. */
export interface RunningGateway {
  port: number;
  database: Database;
  tls: ServerTlsMaterial;
  tokens: JoinTokensRepository;
  /** Stops accepting calls, lets running ones finish for up to graceMs, then closes the database. */
  stop(graceMs?: number): Promise<void>;
}

export async function composeGateway(config: ServerConfig, log: Logger, clock: Clock = systemClock): Promise<RunningGateway> {
  const base = await openFoundation(config, log, clock);
  try {
    const gateway = await startAgentGateway(config, log, clock, base, { onStored: [] });
    return {
      port: gateway.port,
      database: base.database,
      tls: base.tls,
      tokens: base.repos.joinTokens,
      stop: async (graceMs = 5000) => {
        await gateway.stop(graceMs);
        await base.database.close();
      },
    };
  } catch (error) {
    await base.database.close();
    throw error;
  }
}

/** The whole server of `hitless-server run`. */
export interface RunningServer {
  grpcPort: number;
  httpPort: number;
  httpScheme: 'http' | 'https';
  /** The CA file HTTPS clients trust, when the server's own CA issued the API's certificate. */
  httpsCaFile?: string;
  stop(): Promise<void>;
}

export async function composeServer(config: ServerConfig, log: Logger, clock: Clock = systemClock): Promise<RunningServer> {
  const base = await openFoundation(config, log, clock);
  const { repos, transactions, database } = base;
  const metrics = new ServerMetrics();
  metrics.watchFleet(repos.fleet);
  // A scheduling replica keeps a connection open to every agent it hears from.
  const caller = new GrpcAgentCaller(base.tls);
  metrics.watchAgentChannels(() => caller.channelCounts());
  const scheduler = config.schedulerEnabled
    ? composeScheduler({
        sql: database.sql,
        repos,
        caller,
        clock,
        metrics,
        log,
        sight: base.sight,
        replicaName: config.replicaName,
        leaseTtlMs: config.leaseTtlMs,
        options: { tickMs: config.schedulerTickMs, maxLeases: config.maxLeasesPerReplica, clearSightMs: base.presence.withinMs },
      })
    : undefined;
  let gateway: GatewayListener | undefined;
  try {
    gateway = await startAgentGateway(config, log, clock, base, {
      onStored: [(result) => metrics.recordReload(result.outcome, result.strategy, result.failedRequests), ...(scheduler ? [scheduler.resultStored.bind(scheduler)] : [])],
      agentHeard: scheduler ? (hostName, address) => caller.warm(address, hostName) : undefined,
    });
    const https = config.httpTls
      ? await loadHttpsMaterial(config.httpTls, base.tls, { stateDir: config.stateDir, names: [config.serverName, ...config.serverAltNames], validDays: config.certValidDays, now: clock.now() })
      : undefined;
    const http = await startHttp(
      {
        log,
        clock,
        metrics,
        apiTokens: repos.apiTokens,
        apiTokensService: new ApiTokensService(transactions, repos.apiTokens, repos.audit),
        authThrottle: new CredentialThrottle('authentication', config.authLimits, clock),
        joinTokens: new JoinTokensService(transactions, repos.joinTokens, repos.audit),
        hostDirectory: repos.hostDirectory,
        hostLabels: new HostLabelsService(transactions, repos.hostDirectory, repos.audit),
        history: repos.history,
        rollouts: new RolloutsService(transactions, repos.rollouts, repos.results, repos.hostDirectory, repos.windows, repos.audit),
        windows: new WindowsService(transactions, repos.windows, repos.audit),
        fleet: repos.fleet,
        readiness: repos.readiness,
      },
      { listen: config.httpListen, tls: https },
    );
    scheduler?.start();
    const grpc = gateway;
    return {
      grpcPort: grpc.port,
      httpPort: http.port,
      httpScheme: http.scheme,
      httpsCaFile: https?.caFile,
      stop: async () => {
        await scheduler?.stop(5000);
        await http.close();
        caller.close();
        await grpc.stop(5000);
        await database.close();
      },
    };
  } catch (error) {
    caller.close();
    await gateway?.stop(5000);
    await database.close();
    throw error;
  }
}

/** What hitless-server's own subcommands (`join-token`, `api-token`) need: the database and two services. */
export interface ServerTools {
  joinTokens: JoinTokensService;
  apiTokens: ApiTokensService;
  close(): Promise<void>;
}

export async function composeTools(databaseUrl: string, log: Logger, clock: Clock = systemClock): Promise<ServerTools> {
  const database = await openDatabase(databaseUrl, log);
  const transactions = new Transactions(database.sql);
  const audit = new AuditRepository(database.sql);
  return {
    joinTokens: new JoinTokensService(transactions, new JoinTokensRepository(database.sql), audit),
    apiTokens: new ApiTokensService(transactions, new ApiTokensRepository(database.sql, clock), audit),
    close: () => database.close(),
  };
}
