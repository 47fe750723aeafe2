// Liveness (the process answers) and readiness (the database answers too).
import { Controller, Get, Inject, ServiceUnavailableException } from '@nestjs/common';
import type { Served } from '@hitless/api-contract';
import type { Logger } from '@hitless/log';
import { Public } from '../auth/require-role.decorator';
import { LOGGER } from '../http/tokens';
import { ReadinessRepository } from './readiness.repository';

@Controller()
@Public()
export class HealthController {
  constructor(
    @Inject(ReadinessRepository) private readonly readiness: ReadinessRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @Get('healthz')
  live(): Served<'healthz'> {
    return { status: 'ok' };
  }

  @Get('readyz')
  async ready(): Promise<Served<'readyz'>> {
    try {
      await this.readiness.check();
    } catch (error) {
      // The driver's text (host names, user names, file paths) is for the operator's log, not for anyone who can reach /readyz.
      this.log.warn({ err: error }, 'readiness check: the database did not answer');
      throw new ServiceUnavailableException('database unavailable');
    }
    return { status: 'ready' };
  }
}
