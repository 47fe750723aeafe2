// Maps whatever ended a request to the code under which the probe counts it.

export function errorCode(error: unknown): string {
  // Duck-typed, not `instanceof Error`: errors from node internals can come from another realm
  // (a jest sandbox, a worker), where instanceof is false for a perfectly good errno error.
  if (typeof error === 'object' && error !== null && 'code' in error) {
    const code: unknown = error.code;
    if (typeof code === 'string' && code.length > 0) return code;
  }
  // Counted, not hidden: an error without a code still shows up in the figures.
  return 'EUNKNOWN';
}

/** A complete response fails only with a server error status. */
export function statusFailureCode(status: number): string | undefined {
  return status >= 500 ? `HTTP_${status}` : undefined;
}
