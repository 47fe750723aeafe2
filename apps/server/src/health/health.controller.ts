// Liveness (the process answers) and readiness (the database answers too).
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Sql } from '../database/sql-client';
import { Public } from '../auth/require-role.decorator';
import { SQL } from '../http/tokens';

@Controller()
@Public()
export class HealthController {
  constructor(@Inject(SQL) private readonly sql: Sql) {}

  @Get('healthz')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(): Promise<{ status: 'ready' }> {
    try {
      await this.sql`SELECT 1 FROM schema_migrations LIMIT 1`;
    } catch (error) {
      throw new ServiceUnavailableException(`database not reachable: ${(error as Error).message}`);
    }
    return { status: 'ready' };
  }
}
