// One explicit TCP connection carrying one request at a time. Used by both
// client modes: close mode makes a connection per request, keepalive mode keeps
// a pool of them. No http.Agent: every way a request can end is visible here
// and maps to exactly one outcome.
//
// TIME_WAIT and ephemeral ports: whichever side closes first keeps the
// connection in TIME_WAIT (60 s on Linux) and with it the port pair. At a few
// thousand connections/s that would exhaust the client's ~28,000 ephemeral
// ports if the probe closed first. So after a full response the probe does not
// close: it waits for the server's FIN (HAProxy closes after answering a
// `Connection: close` request) and only then closes its side (Node does so
// automatically, allowHalfOpen being false). The client socket goes through
// CLOSE_WAIT/LAST_ACK to CLOSED at once; TIME_WAIT stays with the server,
// where it does not block the client's port for new connections. Only when the
// server does not close within the linger time, or on timeout, does the probe
// destroy the socket itself.
import { connect, type Socket } from 'node:net';
import { errorCode, statusFailureCode } from './failure-code';
import { HttpResponseParser } from './http-response-parser';
import { monotonicMs, type Endpoint, type ExchangeOutcome } from './exchange-outcome';

interface PendingExchange {
  parser: HttpResponseParser;
  startedAt: number;
  timer: NodeJS.Timeout;
  resolve: (outcome: ExchangeOutcome) => void;
}

export class HttpConnection {
  private readonly socket: Socket;
  private pending: PendingExchange | undefined;
  private ended = false;
  private gone = false;
  /** False once the server said `Connection: close`, or anything odd happened. */
  private reusable = true;
  private lingerTimer: NodeJS.Timeout | undefined;
  private readonly goneListeners: Array<() => void> = [];

  constructor(endpoint: Endpoint, private readonly lingerMs: number) {
    this.socket = connect({ host: endpoint.host, port: endpoint.port });
    // Requests are single small writes; Nagle would only add delay to the measurement.
    this.socket.setNoDelay(true);
    this.socket.on('data', (chunk: Buffer) => this.onData(chunk));
    this.socket.on('end', () => this.onEnd());
    this.socket.on('error', (error: Error) => this.onError(error));
    this.socket.on('close', () => this.onClose());
  }

  /** Can take a request now (a connection still connecting can: the write is queued until connected). */
  get available(): boolean {
    return !this.gone && !this.ended && this.reusable && this.pending === undefined;
  }

  /** Will never carry another request (closing, closed, or told to close); busy or not. */
  get retired(): boolean {
    return this.gone || this.ended || !this.reusable;
  }

  /** Called once when the socket is fully closed. */
  onGone(listener: () => void): void {
    if (this.gone) listener();
    else this.goneListeners.push(listener);
  }

  /**
   * Sends the request and resolves with its outcome; never rejects. `timeoutMs` bounds the time
   * from `startedAt` to the full response.
   */
  exchange(request: Buffer, startedAt: number, timeoutMs: number): Promise<ExchangeOutcome> {
    if (!this.available) throw new Error('HttpConnection.exchange on a busy or closed connection');
    return new Promise((resolve) => {
      const remaining = Math.max(0, timeoutMs - (monotonicMs() - startedAt));
      const timer = setTimeout(() => this.onTimeout(timeoutMs), remaining);
      this.pending = { parser: new HttpResponseParser(), startedAt, timer, resolve };
      this.socket.write(request);
    });
  }

  /** Closes an idle connection (end of a keepalive run). */
  close(): void {
    if (this.gone) return;
    this.reusable = false;
    this.socket.end();
    this.armLinger();
  }

  private onData(chunk: Buffer): void {
    const pending = this.pending;
    if (pending === undefined) {
      // Bytes nobody asked for: the connection can no longer be trusted to frame responses.
      this.reusable = false;
      this.socket.destroy();
      return;
    }
    const result = pending.parser.feed(chunk);
    if (result.kind === 'incomplete') return;
    if (result.kind === 'error') {
      this.settle({ ok: false, code: result.code, latencyMs: monotonicMs() - pending.startedAt });
      this.socket.destroy();
      return;
    }
    if (!result.keepAlive || result.extraBytes > 0) this.reusable = false;
    const failure = statusFailureCode(result.status);
    const latencyMs = monotonicMs() - pending.startedAt;
    this.settle(failure === undefined ? { ok: true, status: result.status, latencyMs } : { ok: false, code: failure, latencyMs });
    if (result.extraBytes > 0) this.socket.destroy();
    else if (!this.reusable) this.armLinger();
  }

  private onEnd(): void {
    this.ended = true;
    const pending = this.pending;
    if (pending === undefined) return;
    const result = pending.parser.finish();
    const latencyMs = monotonicMs() - pending.startedAt;
    if (result.kind === 'complete') {
      const failure = statusFailureCode(result.status);
      this.settle(failure === undefined ? { ok: true, status: result.status, latencyMs } : { ok: false, code: failure, latencyMs });
    } else if (result.kind === 'error') {
      this.settle({ ok: false, code: result.code, latencyMs });
    }
  }

  private onError(error: Error): void {
    this.reusable = false;
    const pending = this.pending;
    // An error on an idle connection affected no request; the connection just leaves the pool.
    if (pending !== undefined) this.settle({ ok: false, code: errorCode(error), latencyMs: monotonicMs() - pending.startedAt });
  }

  private onTimeout(timeoutMs: number): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.reusable = false;
    // Node's timers may fire a fraction of a millisecond before the monotonic clock says the
    // timeout has passed; a timed-out request waited the whole timeout, so record at least that.
    this.settle({ ok: false, code: 'ETIMEDOUT', latencyMs: Math.max(timeoutMs, monotonicMs() - pending.startedAt) });
    this.socket.destroy();
  }

  private onClose(): void {
    this.gone = true;
    if (this.lingerTimer !== undefined) clearTimeout(this.lingerTimer);
    const pending = this.pending;
    // Closed without FIN or error reaching us (destroyed locally): the request got no answer.
    if (pending !== undefined) {
      const result = pending.parser.finish();
      const code = result.kind === 'error' ? result.code : 'ETRUNCATED';
      this.settle({ ok: false, code, latencyMs: monotonicMs() - pending.startedAt });
    }
    for (const listener of this.goneListeners.splice(0)) listener();
  }

  private settle(outcome: ExchangeOutcome): void {
    const pending = this.pending;
    if (pending === undefined) return;
    this.pending = undefined;
    clearTimeout(pending.timer);
    pending.resolve(outcome);
  }

  /** Gives the server lingerMs to send its FIN before the probe closes the socket itself. */
  private armLinger(): void {
    if (this.gone || this.lingerTimer !== undefined) return;
    this.lingerTimer = setTimeout(() => this.socket.destroy(), this.lingerMs);
  }
}
