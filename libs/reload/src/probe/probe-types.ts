// Public shapes of the reload probe. Kept apart from the implementation so the
// reload engine and the benchmark can depend on the types alone.

export interface ProbeTarget {
  host: string;
  port: number;
  /** Key in `byTarget`; default `host:port`. */
  label?: string;
}

export type ProbeClientMode = 'close' | 'keepalive' | 'h2' | 'idle';

/** Every client kind, in the order reports list them. */
export const PROBE_CLIENT_MODES: readonly ProbeClientMode[] = ['close', 'keepalive', 'h2', 'idle'];

export interface ProbeOptions {
  targets: ProbeTarget[];
  /** New requests per second across all targets, issued round-robin over the targets. */
  ratePerSecond: number;
  /**
   * close: a new TCP connection per request with `Connection: close`.
   * keepalive: a pool of persistent HTTP/1.1 connections per target, each used again at once.
   * h2: a pool of HTTP/2 connections per target (cleartext, prior knowledge), many streams on each.
   * idle: persistent HTTP/1.1 connections that each rest a random 0..idleMaxMs between requests.
   * No mode ever retries a failed request: each failure is counted under its cause.
   */
  client: ProbeClientMode;
  /** Persistent connections per target in keepalive and h2 modes; default 8. */
  keepalivePoolSize?: number;
  /** idle mode: the longest rest of a connection between two requests; default 5000. */
  idleMaxMs?: number;
  /**
   * idle mode: most connections per target. Default: twice what the rate needs at the mean rest
   * (rate × idleMaxMs / 1000, plus 64), so a request practically never waits for a connection.
   */
  idlePoolMax?: number;
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
 * - h2 mode: `H2_<RST_STREAM code>` for a stream the server reset or refused (`H2_REFUSED_STREAM`:
 *   the stream was beyond a GOAWAY's last stream id, so it was never processed; real clients may
 *   retry those, the probe counts them), `ERR_HTTP2_*` for what Node's HTTP/2 layer reported, and
 *   `EEMPTY`/`ETRUNCATED` for a stream closed without (or in the middle of) its response
 *
 * Latency percentiles cover every request that was sent (successes and failures alike), measured
 * from connect start (close mode) or request issue (the other modes) to the full response or the
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
