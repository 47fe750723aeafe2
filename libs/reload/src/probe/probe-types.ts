// Public shapes of the reload probe. Kept apart from the implementation so the
// reload engine and the benchmark can depend on the types alone.

export interface ProbeTarget {
  host: string;
  port: number;
  /** Key in `byTarget`; default `host:port`. */
  label?: string;
}

export type ProbeClientMode = 'close' | 'keepalive';

export interface ProbeOptions {
  targets: ProbeTarget[];
  /** New requests per second across all targets, issued round-robin over the targets. */
  ratePerSecond: number;
  /**
   * close: a new TCP connection per request with `Connection: close`.
   * keepalive: a pool of persistent connections per target.
   */
  client: ProbeClientMode;
  /** Persistent connections per target in keepalive mode; default 8. */
  keepalivePoolSize?: number;
  /** Per request, from its start to its full response; default 2000. A timeout fails with `ETIMEDOUT`. */
  timeoutMs?: number;
  /** Default `/`. */
  path?: string;
  /** Default `host:port` of the target. */
  hostHeader?: string;
  /**
   * Safety cap on requests in flight; default derived from rate × timeout. Requests beyond it are
   * counted as `EOVERLOAD` failures, never silently skipped.
   */
  maxInFlight?: number;
}

export interface ProbeTargetFigures {
  requests: number;
  failed: number;
}

/**
 * What the probe saw. `requests` counts settled requests (including `EOVERLOAD` ones that were
 * never sent); requests still in flight at snapshot time are in `inFlight` only.
 *
 * Failure codes in `errors`:
 * - a socket error's own code: ECONNRESET, ECONNREFUSED, EPIPE, ...
 * - `HTTP_<status>`: a complete response with status >= 500
 * - `ETIMEDOUT`: no full response within timeoutMs (connect included)
 * - `EEMPTY`: the connection was closed (FIN) before a single response byte arrived; in keepalive
 *   mode this is the idle-connection race: the request was written, the server closed anyway
 * - `ETRUNCATED`: the connection was closed in the middle of a response
 * - `EBADRESPONSE`: bytes that are not an HTTP/1.x response
 * - `EOVERLOAD`: not sent, because maxInFlight requests were already in flight
 * - `EUNKNOWN`: an error without a code (should not happen; reported rather than hidden)
 *
 * Latency percentiles cover every request that was sent (successes and failures alike), measured
 * from connect start (close mode) or request issue (keepalive mode) to the full response or the
 * failure. `EOVERLOAD` requests have no latency.
 */
export interface ProbeFigures {
  requests: number;
  failed: number;
  errors: Record<string, number>;
  p50_ms: number;
  p99_ms: number;
  max_ms: number;
  byTarget: Record<string, ProbeTargetFigures>;
  /**
   * Delay of the probe's own event loop (p99 and max, ms). Latencies include it: when it is high,
   * a latency spike may be the probe's, not the server's (on 2 cores, above ~6,000 new
   * connections/s in close mode).
   */
  eventLoopLag_p99_ms: number;
  eventLoopLag_max_ms: number;
  /** Requests started but not yet settled (always 0 in the result of stop()). */
  inFlight: number;
  /** Milliseconds since the probe started (until stop() was called, once it has been). */
  durationMs: number;
}

export interface ProbeRun {
  /** Stops issuing requests, waits for those in flight to settle, returns the final figures. */
  stop(): Promise<ProbeFigures>;
  /** Figures so far, without stopping. */
  snapshot(): ProbeFigures;
}
