// An answer with an error status, as every client of the API meets it.
import type { ErrorBody } from '../schemas/error-bodies';

/** The `message` of an error body (a list of them joined), if it has one. */
export function errorMessageOf(body: unknown): string | undefined {
  if (body === null || typeof body !== 'object' || !('message' in body)) return undefined;
  const message = body.message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.map(String).join('; ');
  return undefined;
}

export class ApiError extends Error {
  constructor(
    /** The HTTP status; 0 when a client could not get an answer at all. */
    readonly status: number,
    /** The error body (see schemas/error-bodies.ts); undefined when there was none, or it was not JSON. */
    readonly body: ErrorBody | undefined,
    message: string = errorMessageOf(body) ?? `HTTP ${status}`,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}
