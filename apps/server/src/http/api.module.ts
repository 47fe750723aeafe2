// The HTTP API's Nest module. Nest here is transport only: repositories and
// services are built by compose.ts and handed in as values, so the scheduler,
// the gRPC gateway and the controllers share the very same instances.
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { LoggerModule } from 'nestjs-pino';
import type { Logger } from '@hitless/log';
import { ApiTokensController } from '../api-tokens/api-tokens.controller';
import { ApiTokensRepository } from '../api-tokens/api-tokens.repository';
import { ApiTokensService } from '../api-tokens/api-tokens.service';
import { ApiTokenGuard } from '../auth/api-token.guard';
import { CredentialThrottle } from '../auth/credential-throttle';
import { WhoamiController } from '../auth/whoami.controller';
import { DashboardAssets } from '../dashboard/dashboard-assets';
import { DashboardController } from '../dashboard/dashboard.controller';
import type { Clock } from '../clock/clock';
import { JoinTokensController } from '../enrollment/join-tokens.controller';
import { JoinTokensService } from '../enrollment/join-tokens.service';
import { HttpErrorFilter } from '../errors/http-error.filter';
import { FleetOverviewController } from '../fleet/fleet-overview.controller';
import { FleetOverviewRepository } from '../fleet/fleet-overview.repository';
import { HealthController } from '../health/health.controller';
import { ReadinessRepository } from '../health/readiness.repository';
import { ReloadHistoryController } from '../history/reload-history.controller';
import { ReloadHistoryRepository } from '../history/reload-history.repository';
import { HostDirectoryRepository } from '../hosts/host-directory.repository';
import { HostLabelsService } from '../hosts/host-labels.service';
import { HostsController } from '../hosts/hosts.controller';
import { MetricsController } from '../metrics/metrics.controller';
import { ServerMetrics } from '../metrics/server-metrics';
import { OpenApiController } from '../openapi/openapi.controller';
import { RolloutsController } from '../rollouts/rollouts.controller';
import { RolloutsService } from '../rollouts/rollouts.service';
import { WindowCalendarController } from '../windows/window-calendar.controller';
import { WindowsController } from '../windows/windows.controller';
import { WindowsService } from '../windows/windows.service';
import { CLOCK, LOGGER } from './tokens';

export interface ApiDependencies {
  log: Logger;
  clock: Clock;
  metrics: ServerMetrics;
  /** The guard checks tokens here. */
  apiTokens: ApiTokensRepository;
  apiTokensService: ApiTokensService;
  /** Failed and missing API tokens per source, and token checks at once. */
  authThrottle: CredentialThrottle;
  joinTokens: JoinTokensService;
  hostDirectory: HostDirectoryRepository;
  hostLabels: HostLabelsService;
  history: ReloadHistoryRepository;
  rollouts: RolloutsService;
  windows: WindowsService;
  fleet: FleetOverviewRepository;
  readiness: ReadinessRepository;
  /** The dashboard's files; default: built from apps/dashboard/src on first request. */
  dashboard?: DashboardAssets;
}

@Module({})
export class ApiModule {
  static with(deps: ApiDependencies): DynamicModule {
    const values: Provider[] = [
      { provide: LOGGER, useValue: deps.log },
      { provide: CLOCK, useValue: deps.clock },
      { provide: ServerMetrics, useValue: deps.metrics },
      { provide: ApiTokensRepository, useValue: deps.apiTokens },
      { provide: ApiTokensService, useValue: deps.apiTokensService },
      { provide: CredentialThrottle, useValue: deps.authThrottle },
      { provide: JoinTokensService, useValue: deps.joinTokens },
      { provide: HostDirectoryRepository, useValue: deps.hostDirectory },
      { provide: HostLabelsService, useValue: deps.hostLabels },
      { provide: ReloadHistoryRepository, useValue: deps.history },
      { provide: RolloutsService, useValue: deps.rollouts },
      { provide: WindowsService, useValue: deps.windows },
      { provide: FleetOverviewRepository, useValue: deps.fleet },
      { provide: ReadinessRepository, useValue: deps.readiness },
      { provide: DashboardAssets, useValue: deps.dashboard ?? new DashboardAssets() },
    ];
    return {
      module: ApiModule,
      // Nest's own log lines through our logger; the request log is start-http.ts's (no routes here).
      imports: [LoggerModule.forRoot({ pinoHttp: { logger: deps.log }, forRoutes: [] })],
      controllers: [
        HealthController,
        MetricsController,
        OpenApiController,
        HostsController,
        JoinTokensController,
        ApiTokensController,
        ReloadHistoryController,
        RolloutsController,
        WindowsController,
        WindowCalendarController,
        FleetOverviewController,
        WhoamiController,
        DashboardController,
      ],
      providers: [...values, { provide: APP_GUARD, useClass: ApiTokenGuard }, { provide: APP_FILTER, useClass: HttpErrorFilter }],
    };
  }
}
