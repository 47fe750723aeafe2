// GET /metrics in Prometheus text format.
import { Controller, Get, Header, Inject } from '@nestjs/common';
import type { Served } from '@hitless/api-contract';
import { Public } from '../auth/require-role.decorator';
import { ServerMetrics } from './server-metrics';

@Controller('metrics')
@Public()
export class MetricsController {
  constructor(@Inject(ServerMetrics) private readonly metrics: ServerMetrics) {}

  @Get()
  @Header('Content-Type', 'text/plain; version=0.0.4')
  async scrape(): Promise<Served<'metrics'>> {
    return this.metrics.registry.metrics();
  }
}
