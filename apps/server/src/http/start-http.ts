// Starts the REST API: /api/v1/*, /api/openapi.json, /metrics, /healthz, /readyz,
// and the dashboard at /dashboard.
import { RequestMethod, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import type { AddressInfo } from 'node:net';
import { ApiModule, type ApiDependencies } from './api.module';
import { useRequestShape } from './request-shape';

export interface RunningHttp {
  app: INestApplication;
  port: number;
  scheme: 'http' | 'https';
  close(): Promise<void>;
}

export interface HttpListenOptions {
  /** host:port */
  listen: string;
  /** Serve HTTPS with these; absent: plain HTTP (the config allows that only on loopback or when told to). */
  tls?: { certPem: string; keyPem: string };
}

export const API_PREFIX = 'api/v1';

export async function startHttp(deps: ApiDependencies, options: HttpListenOptions): Promise<RunningHttp> {
  const httpsOptions = options.tls ? { cert: options.tls.certPem, key: options.tls.keyPem } : undefined;
  const app = await NestFactory.create<NestExpressApplication>(ApiModule.with(deps), { bufferLogs: true, abortOnError: false, bodyParser: false, httpsOptions });
  app.useLogger(app.get(PinoNestLogger));
  // The request log, on every request before anything else answers it (a 404, a refused body).
  // Not nestjs-pino's route middleware: with / among the prefix exclusions below, Nest applies
  // that middleware to / alone, and no other request was ever logged.
  app.use(pinoHttp({ logger: deps.log, autoLogging: { ignore: (req) => req.url === '/healthz' || req.url === '/metrics' || (req.url ?? '').startsWith('/dashboard') } }));
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
  const { listen } = options;
  const separator = listen.lastIndexOf(':');
  await app.listen(Number(listen.slice(separator + 1)), listen.slice(0, separator));
  const port = (app.getHttpServer().address() as AddressInfo).port;
  const scheme = options.tls ? 'https' : 'http';
  deps.log.info({ port, scheme }, 'HTTP API listening');
  return { app, port, scheme, close: () => app.close() };
}
