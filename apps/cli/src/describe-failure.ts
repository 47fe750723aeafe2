// Any error as the one stderr line, the JSON error object and the exit code.
import { ApiError, CliFailure, UnreachableError, UsageError, oneLine } from './cli-errors';
import { EXIT, type ExitCode } from './exit-codes';

export interface Failure {
  message: string;
  exitCode: ExitCode;
  json: Record<string, unknown>;
  /** False for a bug: main.ts then prints the stack too. */
  known: boolean;
}

export function describeFailure(error: unknown): Failure {
  if (error instanceof ApiError) {
    const body = error.body !== null && typeof error.body === 'object' ? (error.body as Record<string, unknown>) : {};
    return { message: error.message, exitCode: error.exitCode, json: { status: error.status, message: error.message, ...(Array.isArray(body.fields) && { fields: body.fields }) }, known: true };
  }
  if (error instanceof UsageError || error instanceof UnreachableError || error instanceof CliFailure) {
    return { message: oneLine(error.message), exitCode: error.exitCode, json: { message: oneLine(error.message), kind: error.name }, known: true };
  }
  const message = oneLine(error instanceof Error ? error.message : String(error));
  return { message: `unexpected error: ${message}`, exitCode: EXIT.internal, json: { message, kind: 'internal' }, known: false };
}
