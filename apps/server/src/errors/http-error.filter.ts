// The one place where the server's errors become HTTP answers.
import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import postgres from 'postgres';
import type { Logger } from '@hitless/log';
import { ConfirmationRequiredError, RolloutConflictError, RolloutInputError } from '@hitless/rollout';
import { BadInputError, ConflictError, NotFoundError, TooManyAttemptsError } from './domain-errors';
import { LOGGER } from '../http/tokens';

const HTTP_ERROR_NAMES: Record<number, string> = {
  400: 'bad_input',
  401: 'unauthorized',
  403: 'forbidden',
  404: 'not_found',
  413: 'payload_too_large',
  415: 'unsupported_media_type',
  503: 'unavailable',
};

/** Postgres refusing a value: SQLSTATE class 22 (data exception) or 54 (program limit exceeded). */
function isDataException(error: unknown): error is postgres.PostgresError {
  return error instanceof postgres.PostgresError && /^(22|54)/.test(error.code);
}

@Catch()
export class HttpErrorFilter implements ExceptionFilter {
  constructor(@Inject(LOGGER) private readonly log: Logger) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    if (error instanceof BadInputError) {
      response.status(400).json({ error: 'bad_input', message: error.message, fields: error.problems });
    } else if (error instanceof ConfirmationRequiredError) {
      // The counts as data: a client shows them and asks the operator (the CLI does, like terraform apply).
      response.status(400).json({
        error: 'confirmation_required',
        message: error.message,
        fields: error.issues.map((i) => ({ field: `spec.${i.path}`, message: i.message })),
        confirm: { hosts: error.targetedHosts, firstBatchHosts: error.firstBatchHosts },
      });
    } else if (error instanceof RolloutInputError) {
      // The rollout lib names fields relative to the spec it was given.
      response.status(400).json({ error: 'bad_input', message: error.message, fields: error.issues.map((i) => ({ field: i.path ? `spec.${i.path}` : 'spec', message: i.message })) });
    } else if (error instanceof RolloutConflictError) {
      response.status(409).json({ error: 'conflict', message: error.message, state: error.state });
    } else if (error instanceof ConflictError) {
      response.status(409).json({ error: 'conflict', message: error.message, ...error.details });
    } else if (error instanceof TooManyAttemptsError) {
      response.status(429).set('Retry-After', String(error.retryAfterSeconds)).json({ error: 'too_many_requests', message: error.message, retryAfterSeconds: error.retryAfterSeconds });
    } else if (error instanceof NotFoundError) {
      response.status(404).json({ error: 'not_found', message: error.message });
    } else if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      // The request-shape checks (http/request-shape.ts) and Express's own failures arrive here too.
      response.status(status).json({ error: HTTP_ERROR_NAMES[status] ?? 'http_error', message });
    } else if (isDataException(error)) {
      // A safety net, not the design: input is validated at the controller edge, so a value
      // the database refuses is a validation gap. The caller still sent it: 400, no driver text.
      this.log.error({ err: error, sqlState: error.code }, 'bug: validation let through a value the database refused; answered 400');
      response.status(400).json({ error: 'bad_input', message: 'a value in the request is not acceptable' });
    } else {
      this.log.error({ err: error }, 'unhandled error in an API request');
      response.status(500).json({ error: 'internal', message: 'internal error; see the server log' });
    }
  }
}
