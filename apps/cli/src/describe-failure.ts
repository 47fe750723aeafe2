// Any error as the one stderr line, the JSON error object and the exit code.
import { ApiError } from '@hitless/api-contract';
import { CliFailure, describeApiError, UnreachableError, UsageError, oneLine } from './cli-errors';
import { EXIT, exitCodeForStatus, type ExitCode } from './exit-codes';

export interface Failure {
  message: string;
  exitCode: ExitCode;
  json: Record<string, unknown>;
  /** False for a bug: main.ts then prints the stack too. */
  known: boolean;
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof ApiError) {
    const message = describeApiError(error.status, error.body);
    return { message, exitCode: exitCodeForStatus(error.status), json: { status: error.status, message, ...(Array.isArray(error.body?.fields) && { fields: error.body.fields }) }, known: true };
  }
  if (error instanceof UsageError || error instanceof UnreachableError || error instanceof CliFailure) {
    return { message: oneLine(error.message), exitCode: error.exitCode, json: { message: oneLine(error.message), kind: error.name }, known: true };
  }
  const message = oneLine(error instanceof Error ? error.message : String(error));
  return { message: `unexpected error: ${message}`, exitCode: EXIT.internal, json: { message, kind: 'internal' }, known: false };
}
