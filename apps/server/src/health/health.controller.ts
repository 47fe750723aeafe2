// Liveness (the process answers) and readiness (the database answers too).
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Served } from '@hitless/api-contract';
import type { Logger } from '@hitless/log';
import type { Sql } from '../database/sql-client';
import { Public } from '../auth/require-role.decorator';
import { LOGGER, SQL } from '../http/tokens';

@Controller()
@Public()
export class HealthController {
  constructor(
    @Inject(SQL) private readonly sql: Sql,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @Get('healthz')
  live(): Served<'healthz'> {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(): Promise<Served<'readyz'>> {
    try {
      await this.sql`SELECT 1 FROM schema_migrations LIMIT 1`;
    } catch (error) {
      // The driver's text (host names, user names, file paths) is for the operator's log, not for anyone who can reach /readyz.
      this.log.warn({ err: error }, 'readiness check: the database did not answer');
      throw new ServiceUnavailableException('database unavailable');
    }
    return { status: 'ready' };
  }
}
