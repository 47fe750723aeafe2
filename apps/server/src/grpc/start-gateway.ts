// Starts the agent-facing server: database (migrated), CA, and the mTLS gRPC
// gateway. Returns handles so that main.ts and tests stop it the same way.
import { Server, type ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from '@hitless/log';
import * as wire from '@hitless/proto';
import { channelOptions, optionalClientCertCredentials } from '@hitless/grpc-transport';
import { CredentialThrottle } from './auth/credential-throttle';
import { loadOrCreateServerTls, type ServerTlsMaterial } from './ca/ca-store';
import { systemClock, type Clock } from './clock/clock';
import type { ServerMetrics } from './metrics/server-metrics';
import type { ServerConfig } from './config/server-config';
import { openDatabase, type Database } from './database/open-database';
import { EnrollmentService } from './enrollment/enrollment.service';
import { JoinTokensRepository } from './enrollment/join-tokens.repository';
import { createGatewayHandlers, type GatewayDeps } from './grpc/agent-gateway.handlers';
import { HeartbeatBatcher } from './hosts/heartbeat-batcher';
import { HeartbeatSight } from './hosts/heartbeat-sight';
import { HostsRepository } from './hosts/hosts.repository';
import { ReloadResultsRepository } from './results/reload-results.repository';
import { ResultIntakeService } from './results/result-intake.service';

export interface RunningServer {
  port: number;
  database: Database;
  tls: ServerTlsMaterial;
  tokens: JoinTokensRepository;
  hosts: HostsRepository;
  results: ReloadResultsRepository;
  /** Whether heartbeats could be recorded lately: the scheduler calls no host offline while they could not. */
  heartbeatSight: HeartbeatSight;
  /** Stops accepting calls, lets running ones finish for up to graceMs, then closes the database. */
  stop(graceMs?: number): Promise<void>;
}

function bind(server: Server, address: string, credentials: ServerCredentials): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, credentials, (error, port) => (error ? reject(error) : resolve(port)));
  });
}

/**
 * `metrics`, when given, counts the reload results the gateway stores; `agentHeard` is told
 * each agent's address as its heartbeat is recorded; `clock` refills the enrolment flood limit.
 */
export async function startServer(
  config: ServerConfig,
  log: Logger,
  metrics?: ServerMetrics,
  agentHeard?: GatewayDeps['agentHeard'],
  clock: Clock = systemClock,
): Promise<RunningServer> {
  const database = await openDatabase(config.databaseUrl, log);
  try {
    const tls = await loadOrCreateServerTls(config.stateDir, config.serverName, config.serverAltNames);
    const tokens = new JoinTokensRepository(database.sql);
    const hosts = new HostsRepository(database.sql);
    const results = new ReloadResultsRepository(database.sql);
    const heartbeatSight = new HeartbeatSight(config.heartbeatSeconds * 1000);
    const handlers = createGatewayHandlers(
      {
        enrollment: new EnrollmentService(database.sql, tokens, hosts, tls.ca, config.certValidDays, [config.serverName, ...config.serverAltNames]),
        enrollThrottle: new CredentialThrottle('enrolment', config.authLimits, clock),
        intake: new ResultIntakeService(results, (stored) => metrics?.recordReload(stored.outcome, stored.strategy, stored.failedRequests)),
        heartbeatSeconds: config.heartbeatSeconds,
        heartbeats: new HeartbeatBatcher(hosts),
        heartbeatSight,
        agentHeard,
      },
      { caCertPem: tls.caCertPem, log },
    );
    const server = new Server(channelOptions(config.maxMessageBytes));
    server.addService(wire.AgentGatewayServiceService, handlers);
    // Client certificates are requested but not required at the TLS layer, because an
    // enrolling agent has none yet; every method other than Enroll checks one itself.
    const credentials = optionalClientCertCredentials(tls.caCertPem, tls.certPem, tls.keyPem);
    const port = await bind(server, config.listen, credentials);
    log.info({ port, serverName: config.serverName }, 'agent gateway listening');
    return {
      port,
      database,
      tls,
      tokens,
      hosts,
      results,
      heartbeatSight,
      stop: async (graceMs = 5000) => {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => {
            server.forceShutdown();
            resolve();
          }, graceMs);
          server.tryShutdown(() => {
            clearTimeout(timer);
            resolve();
          });
        });
        await database.close();
      },
    };
  } catch (error) {
    await database.close();
    throw error;
  }
}
