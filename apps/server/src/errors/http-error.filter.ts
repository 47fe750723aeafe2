// The one place where the server's errors become HTTP answers.
import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';
import type { Logger } from '@hitless/log';
import { ConfirmationRequiredError, RolloutConflictError, RolloutInputError } from '@hitless/rollout';
import { BadInputError, ConflictError, NotFoundError } from './domain-errors';
import { LOGGER } from '../http/tokens';

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
    } else if (error instanceof NotFoundError) {
      response.status(404).json({ error: 'not_found', message: error.message });
    } else if (error instanceof HttpException) {
      const status = error.getStatus();
      const body = error.getResponse();
      const message = typeof body === 'string' ? body : (body as { message?: unknown }).message;
      // Express's own body parser failure arrives here as a 400 too.
      response.status(status).json({ error: status === 401 ? 'unauthorized' : status === 403 ? 'forbidden' : 'http_error', message });
    } else {
      this.log.error({ err: error }, 'unhandled error in an API request');
      response.status(500).json({ error: 'internal', message: 'internal error; see the server log' });
    }
  }
}
