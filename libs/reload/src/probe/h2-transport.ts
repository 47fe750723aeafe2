// h2 mode: HTTP/2 over cleartext with prior knowledge (h2c, no upgrade dance),
// a few connections per target and many concurrent streams on each, the way
// browsers and gRPC-style service clients talk to a load balancer. HAProxy
// recognises the HTTP/2 preface on an ordinary `mode http` bind, so the same
// listener serves these clients and the HTTP/1 ones. At soft stop the old
// worker sends GOAWAY and closes; a stream beyond the GOAWAY's last stream id
// is refused. Real clients may retry such a stream; the probe never retries,
// it counts it under its cause (H2_REFUSED_STREAM) like any other failure.
import { connect as connectHttp2, constants, type ClientHttp2Session, type ClientHttp2Stream } from 'node:http2';
import { connect as connectTcp } from 'node:net';
import { monotonicMs, type ExchangeOutcome } from './exchange-outcome';
import { errorCode, statusFailureCode } from './failure-code';
import { waitForConnections, type ProbeTransport, type ResolvedTarget } from './probe-transport';

/** RST_STREAM and GOAWAY error codes by number (RFC 9113, section 7). */
const H2_ERROR_NAMES = [
  'NO_ERROR', 'PROTOCOL_ERROR', 'INTERNAL_ERROR', 'FLOW_CONTROL_ERROR', 'SETTINGS_TIMEOUT', 'STREAM_CLOSED', 'FRAME_SIZE_ERROR',
  'REFUSED_STREAM', 'CANCEL', 'COMPRESSION_ERROR', 'CONNECT_ERROR', 'ENHANCE_YOUR_CALM', 'INADEQUATE_SECURITY', 'HTTP_1_1_REQUIRED',
];

/** The code under which a stream reset by the peer is counted, e.g. `H2_REFUSED_STREAM`. */
export function h2ResetCode(rstCode: number): string {
  return `H2_${H2_ERROR_NAMES[rstCode] ?? `ERROR_${rstCode}`}`;
}

/**
 * What ended a stream that got no complete response. A connection-level error (ECONNREFUSED,
 * ECONNRESET, ERR_HTTP2_SESSION_ERROR ...) comes first: Node marks the streams it destroys for it
 * with INTERNAL_ERROR, which is not what the peer said. Then the peer's own RST_STREAM code
 * (Node reports those as ERR_HTTP2_STREAM_ERROR), then whether any response came at all.
 */
export function h2FailureCode(stream: { rstCode?: number; error?: unknown; sawResponse: boolean }): string {
  const errorName = stream.error === undefined ? undefined : errorCode(unwrapCancel(stream.error));
  if (errorName !== undefined && errorName !== 'ERR_HTTP2_STREAM_ERROR') return errorName;
  if (stream.rstCode !== undefined && stream.rstCode !== constants.NGHTTP2_NO_ERROR) return h2ResetCode(stream.rstCode);
  if (errorName !== undefined) return errorName;
  return stream.sawResponse ? 'ETRUNCATED' : 'EEMPTY';
}

/** Node wraps the connection's error into ERR_HTTP2_STREAM_CANCEL for each stream it ends; the cause is what happened. */
function unwrapCancel(error: unknown): unknown {
  if (errorCode(error) !== 'ERR_HTTP2_STREAM_CANCEL' || typeof error !== 'object' || error === null || !('cause' in error)) return error;
  return error.cause ?? error;
}

/** One HTTP/2 connection. It stops taking streams at the first sign of going away. */
class H2Connection {
  private readonly session: ClientHttp2Session;
  private leaving = false;
  private gone = false;
  private readonly goneListeners: Array<() => void> = [];

  constructor(target: ResolvedTarget) {
    this.session = connectHttp2(`http://${target.authority}`, {
      // Our own socket, so Nagle can be off: each request is a small write that must not wait.
      createConnection: () => connectTcp({ host: target.host, port: target.port, noDelay: true }),
    });
    this.session.on('goaway', () => (this.leaving = true));
    // A connection-level error also ends each open stream, and those streams are what is counted.
    this.session.on('error', () => (this.leaving = true));
    this.session.on('close', () => {
      this.leaving = true;
      this.gone = true;
      for (const listener of this.goneListeners.splice(0)) listener();
    });
  }

  get usable(): boolean {
    return !this.leaving && !this.session.closed && !this.session.destroyed;
  }

  onGone(listener: () => void): void {
    if (this.gone) listener();
    else this.goneListeners.push(listener);
  }

  /** Resolves with the stream's outcome; never rejects. */
  exchange(target: ResolvedTarget, startedAt: number, timeoutMs: number): Promise<ExchangeOutcome> {
    return new Promise((resolve) => {
      let stream: ClientHttp2Stream;
      try {
        stream = this.session.request(
          { ':method': 'GET', ':path': target.path, ':authority': target.authority, 'user-agent': 'hitless-probe' },
          { endStream: true },
        );
      } catch (error) {
        // The session went away between the pick and the request (ERR_HTTP2_GOAWAY_SESSION, ...).
        this.leaving = true;
        resolve({ ok: false, code: errorCode(error), latencyMs: monotonicMs() - startedAt });
        return;
      }
      let status: number | undefined;
      let ended = false;
      let failure: unknown;
      let settled = false;
      const settle = (outcome: ExchangeOutcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve(outcome);
      };
      const timer = setTimeout(() => {
        // Node's timers may fire a fraction of a millisecond early; a timed-out request waited the whole timeout.
        settle({ ok: false, code: 'ETIMEDOUT', latencyMs: Math.max(timeoutMs, monotonicMs() - startedAt) });
        stream.close(constants.NGHTTP2_CANCEL);
      }, Math.max(0, timeoutMs - (monotonicMs() - startedAt)));
      stream.on('response', (headers) => (status = Number(headers[':status'])));
      stream.on('end', () => (ended = true));
      stream.on('error', (error: unknown) => (failure = error));
      // The body is not kept; reading it keeps the flow-control window open.
      stream.resume();
      stream.on('close', () => {
        const latencyMs = monotonicMs() - startedAt;
        if (ended && status !== undefined && failure === undefined) {
          const code = statusFailureCode(status);
          settle(code === undefined ? { ok: true, status, latencyMs } : { ok: false, code, latencyMs });
          return;
        }
        settle({ ok: false, code: h2FailureCode({ rstCode: stream.rstCode, error: failure, sawResponse: status !== undefined }), latencyMs });
      });
    });
  }

  close(): void {
    if (!this.session.closed) this.session.close();
  }

  destroy(): void {
    this.session.destroy();
  }
}

/** The connections to one target: fills up to `size`, then spreads streams round-robin. */
class H2TargetPool {
  private readonly connections: H2Connection[] = [];
  private nextIndex = 0;

  constructor(private readonly size: number) {}

  get all(): readonly H2Connection[] {
    return this.connections;
  }

  pick(target: ResolvedTarget): H2Connection {
    const usable = this.connections.filter((connection) => connection.usable);
    if (usable.length < this.size) return this.open(target);
    this.nextIndex = (this.nextIndex + 1) % usable.length;
    return usable[this.nextIndex];
  }

  private open(target: ResolvedTarget): H2Connection {
    const connection = new H2Connection(target);
    this.connections.push(connection);
    connection.onGone(() => {
      const index = this.connections.indexOf(connection);
      if (index >= 0) this.connections.splice(index, 1);
    });
    return connection;
  }
}

export class H2Transport implements ProbeTransport {
  private readonly pools = new Map<string, H2TargetPool>();

  constructor(
    private readonly connectionsPerTarget: number,
    private readonly timeoutMs: number,
  ) {}

  send(target: ResolvedTarget, startedAt: number): Promise<ExchangeOutcome> {
    let pool = this.pools.get(target.label);
    if (pool === undefined) {
      pool = new H2TargetPool(this.connectionsPerTarget);
      this.pools.set(target.label, pool);
    }
    return pool.pick(target).exchange(target, startedAt, this.timeoutMs);
  }

  async close(): Promise<void> {
    const connections = [...this.pools.values()].flatMap((pool) => [...pool.all]);
    // Graceful first (GOAWAY, then the socket closes); a peer that never lets go is cut off.
    for (const connection of connections) connection.close();
    await waitForConnections(connections, this.timeoutMs);
    for (const connection of connections) connection.destroy();
  }
}
