/**
 * Why a runtime API call failed. Callers branch on this (retry a refused
 * socket while a master re-executes, give up on a missing one, surface a
 * rejection text to the operator) instead of matching message strings.
 */
export type RuntimeApiFailure =
  | 'not-found' // the socket path does not exist (ENOENT)
  | 'refused' // nothing accepts on it (ECONNREFUSED), e.g. a stale socket file
  | 'permission' // EACCES / EPERM on the socket file
  | 'timeout' // no complete answer within the deadline
  | 'io' // any other socket error
  | 'invalid-command' // refused locally before anything was sent
  | 'rejected' // HAProxy answered with an error message
  | 'unexpected-output'; // HAProxy answered, but not in a shape we can parse

/** A runtime API call failed; carries where it went and what was asked. */
export class RuntimeApiError extends Error {
  readonly socketPath: string;
  readonly command: string;
  readonly reason: RuntimeApiFailure;
  /** What HAProxy printed, when it printed something. */
  readonly response?: string;

  constructor(
    message: string,
    details: { socketPath: string; command: string; reason: RuntimeApiFailure; response?: string; cause?: unknown },
  ) {
    super(`${message} (socket ${details.socketPath}, command "${details.command}")`, { cause: details.cause });
    this.name = 'RuntimeApiError';
    this.socketPath = details.socketPath;
    this.command = details.command;
    this.reason = details.reason;
    this.response = details.response;
  }
}

/** Errors worth retrying while HAProxy's master re-executes itself during a reload. */
export function isTransientRuntimeError(error: unknown): error is RuntimeApiError {
  return (
    error instanceof RuntimeApiError &&
    (error.reason === 'refused' || error.reason === 'not-found' || error.reason === 'io' || error.reason === 'timeout')
  );
}
