// The exit codes scripts rely on, and the one mapping from what went wrong to a code.
export const EXIT = {
  ok: 0,
  /** `rollout status --watch`: the rollout ended failed, rolled-back or aborted. */
  rolloutFailed: 1,
  /** Bad usage, or the server answered 400. */
  usage: 2,
  /** The server answered 401 or 403. */
  auth: 3,
  notFound: 4,
  conflict: 5,
  unreachable: 6,
  /** Anything else the server answered (5xx), or a bug in this CLI. */
  internal: 7,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

export function exitCodeForStatus(status: number): ExitCode {
  if (status === 400 || status === 422) return EXIT.usage;
  if (status === 401 || status === 403) return EXIT.auth;
  if (status === 404) return EXIT.notFound;
  if (status === 409) return EXIT.conflict;
  return EXIT.internal;
}

export const EXIT_CODE_HELP = `Exit codes:
  0  ok
  1  rollout status --watch: the rollout ended failed, rolled-back or aborted
  2  bad usage, or the server refused the input (400); the failing fields are named;
     also a wide rollout that was not confirmed (nothing is created)
  3  not authenticated or not allowed (401, 403)
  4  not found (404)
  5  conflict (409), e.g. hosts busy, a state that forbids the command
  6  server unreachable
  7  server error (5xx) or an unexpected failure`;
