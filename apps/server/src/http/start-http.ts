// Starts the REST API: /api/v1/*, /api/openapi.json, /metrics, /healthz, /readyz,
// and the dashboard at /dashboard.
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import type { AddressInfo } from 'node:net';
import { ApiModule, type ApiDependencies } from './api.module';
import { useRequestShape } from './request-shape';

export interface RunningHttp {
  app: INestApplication;
  port: number;
  close(): Promise<void>;
}

export const API_PREFIX = 'api/v1';

export async function startHttp(deps: ApiDependencies, listen: string): Promise<RunningHttp> {
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.with(deps), { bufferLogs: true, abortOnError: false, bodyParser: false });
  app.useLogger(app.get(PinoNestLogger));
  app.setGlobalPrefix(API_PREFIX, {
    exclude: [
      { path: 'healthz', method: RequestMethod.GET },
      { path: 'readyz', method: RequestMethod.GET },
      { path: 'metrics', method: RequestMethod.GET },
      { path: 'api/openapi.json', method: RequestMethod.GET },
      { path: '/', method: RequestMethod.GET },
      { path: 'dashboard', method: RequestMethod.GET },
      { path: 'dashboard/app.js', method: RequestMethod.GET },
      { path: 'dashboard/app.css', method: RequestMethod.GET },
    ],
  });
  // Counted when the answer is sent, whatever route (or none) answered it.
  app.use((_req: unknown, res: { statusCode: number; on(event: 'finish', listener: () => void): void }, next: () => void) => {
    res.on('finish', () => deps.metrics.httpRequests.inc({ status: `${Math.floor(res.statusCode / 100)}xx` }));
    next();
  });
  useRequestShape(app);
  app.enableShutdownHooks();
  const separator = listen.lastIndexOf(':');
  await app.listen(Number(listen.slice(separator + 1)), listen.slice(0, separator));
  const port = (app.getHttpServer().address() as AddressInfo).port;
  deps.log.info({ port }, 'HTTP API listening');
  return { app, port, close: () => app.close() };
}
