// The server's own error kinds. Services throw these; only the HTTP edge
// (errors/http-error.filter.ts) turns them into status codes.

export interface FieldProblem {
  field: string;
  message: string;
}

/** The caller's mistake: nothing was stored, nothing sent to any agent. */
export class BadInputError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(`bad input: ${problems.map((p) => `${p.field}: ${p.message}`).join('; ')}`);
    this.name = 'BadInputError';
  }
}

/** The request is valid but the world disagrees (busy host, finished rollout). */
export class ConflictError extends Error {
  constructor(message: string, readonly details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'ConflictError';
  }
}

export class NotFoundError extends Error {
  constructor(what: string) {
    super(`${what} not found`);
    this.name = 'NotFoundError';
  }
}

/** Too many failed or unchecked credentials from one source, or too many checks at once: try again later. */
export class TooManyAttemptsError extends Error {
  constructor(
    message: string,
    /** Whole seconds until a retry can succeed (HTTP Retry-After, gRPC retry-after metadata). */
    readonly retryAfterSeconds: number,
  ) {
    super(message);
    this.name = 'TooManyAttemptsError';
  }
}
