// keepalive mode: a pool of persistent connections per target, the way browsers
// and service clients talk to a load balancer. On reload the old HAProxy worker
// closes its idle keep-alive connections; a request written just as that
// happens gets no answer. That race is real client pain, so it is counted
// (EEMPTY, ECONNRESET or EPIPE), never retried away.
import { HttpConnection } from './http-connection';
import { monotonicMs, type ExchangeOutcome } from './exchange-outcome';
import { waitForConnections, type ProbeTransport, type ResolvedTarget } from './probe-transport';

interface QueuedRequest {
  startedAt: number;
  resolve: (outcome: ExchangeOutcome) => void;
}

/** The connections to one target. */
class TargetPool {
  private readonly connections: HttpConnection[] = [];
  private readonly queue: QueuedRequest[] = [];
  private nextIndex = 0;

  constructor(
    private readonly target: ResolvedTarget,
    private readonly size: number,
    private readonly timeoutMs: number,
  ) {}

  get all(): readonly HttpConnection[] {
    return this.connections;
  }

  send(startedAt: number): Promise<ExchangeOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ startedAt, resolve });
      this.pump();
    });
  }

  closeAll(): void {
    for (const connection of this.connections) connection.close();
  }

  /**
   * Hands queued requests to connections. The pool fills up to its size first, then rotates over
   * the available connections, so requests are spread over the whole pool rather than always
   * reusing the first idle connection: every connection meets the reload while idle. A connection
   * the server closed has left the pool and is replaced on demand. A request waiting for a free
   * connection keeps its start time, so queueing shows in its latency and counts against its timeout.
   */
  private pump(): void {
    while (this.queue.length > 0) {
      const connection = this.pick();
      if (connection === undefined) return;
      const request = this.queue.shift();
      if (request === undefined) return;
      if (monotonicMs() - request.startedAt >= this.timeoutMs) {
        request.resolve({ ok: false, code: 'ETIMEDOUT', latencyMs: monotonicMs() - request.startedAt });
        continue;
      }
      void connection.exchange(this.target.request, request.startedAt, this.timeoutMs).then((outcome) => {
        request.resolve(outcome);
        this.pump();
      });
    }
  }

  private pick(): HttpConnection | undefined {
    // Connections on their way out (waiting for a FIN) do not take a place in the pool.
    const live = this.connections.filter((connection) => !connection.retired);
    if (live.length < this.size) return this.open();
    for (let step = 0; step < live.length; step += 1) {
      const connection = live[(this.nextIndex + step) % live.length];
      if (connection.available) {
        this.nextIndex = (this.nextIndex + step + 1) % live.length;
        return connection;
      }
    }
    return undefined;
  }

  private open(): HttpConnection {
    const connection = new HttpConnection(this.target, this.timeoutMs);
    this.connections.push(connection);
    connection.onGone(() => {
      const index = this.connections.indexOf(connection);
      if (index >= 0) this.connections.splice(index, 1);
      this.pump();
    });
    return connection;
  }
}

export class KeepalivePool implements ProbeTransport {
  private readonly pools = new Map<string, TargetPool>();

  constructor(
    private readonly poolSize: number,
    private readonly timeoutMs: number,
  ) {}

  send(target: ResolvedTarget, startedAt: number): Promise<ExchangeOutcome> {
    let pool = this.pools.get(target.label);
    if (pool === undefined) {
      pool = new TargetPool(target, this.poolSize, this.timeoutMs);
      this.pools.set(target.label, pool);
    }
    return pool.send(startedAt);
  }

  async close(): Promise<void> {
    const connections = [...this.pools.values()].flatMap((pool) => [...pool.all]);
    for (const pool of this.pools.values()) pool.closeAll();
    await waitForConnections(connections, this.timeoutMs);
  }
}
