// The CLI's own kinds of failure, each carrying its exit code, and the words for
// an error answer of the server (the API client's ApiError); main.ts turns them
// into one line on stderr.
import { errorMessageOf } from '@hitless/api-contract';
import { EXIT, type ExitCode } from './exit-codes';

export interface FieldProblem {
  field: string;
  message: string;
}

/** The user's mistake on the command line (exit 2). */
export class UsageError extends Error {
  readonly exitCode: ExitCode = EXIT.usage;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** No answer at all: connection refused, DNS, timeout (exit 6). */
export class UnreachableError extends Error {
  readonly exitCode: ExitCode = EXIT.unreachable;
  constructor(server: string, cause: string) {
    super(`cannot reach the server at ${server}: ${cause}`);
    this.name = 'UnreachableError';
  }
}

/** A failure the user can act on that is none of the above, with a chosen code. */
export class CliFailure extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCode,
  ) {
    super(message);
    this.name = 'CliFailure';
  }
}

const STATUS_WORDS: Record<number, string> = {
  400: 'bad input',
  401: 'not authenticated (check HITLESS_TOKEN or --token)',
  403: 'not allowed for this token\'s role',
  404: 'not found',
  409: 'conflict',
  429: 'too many attempts',
};

/** Messages end up on one terminal line; a newline from the server must not split it. */
export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}

function fieldsOf(body: unknown): FieldProblem[] {
  if (body === null || typeof body !== 'object' || !('fields' in body) || !Array.isArray(body.fields)) return [];
  return body.fields.filter(
    (f): f is FieldProblem => f !== null && typeof f === 'object' && typeof (f as FieldProblem).field === 'string' && typeof (f as FieldProblem).message === 'string',
  );
}

/** `400 bad input: spec.changes[0].balance.algorithm: unknown ...; name: ...` */
export function describeApiError(status: number, body: unknown): string {
  const word = STATUS_WORDS[status] ?? 'server error';
  const fields = fieldsOf(body);
  if (fields.length > 0) return oneLine(`${status} ${word}: ${fields.map((f) => `${f.field}: ${f.message}`).join('; ')}`);
  const message = errorMessageOf(body);
  return oneLine(message ? `${status} ${word}: ${message}` : `${status} ${word}`);
}
