// idle mode: persistent HTTP/1.1 connections that rest a random 0..idleMaxMs
// after each answer before they carry another request, like browsers and
// service clients with think time between calls. This is the case that races
// hardest on reload: the old worker closes idle connections at soft stop, and a
// connection that has rested long is likely to be written to just as its close
// is on the way. A request takes the connection that has been ready longest; a
// new connection is opened only when none is ready, so the pool settles at what
// the rate needs (about rate × mean rest). Nothing is retried: a request the
// server never answered counts (EEMPTY, ECONNRESET, EPIPE).
import { HttpConnection } from './http-connection';
import { monotonicMs, type ExchangeOutcome } from './exchange-outcome';
import { waitForConnections, type ProbeTransport, type ResolvedTarget } from './probe-transport';

interface QueuedRequest {
  startedAt: number;
  resolve: (outcome: ExchangeOutcome) => void;
}

export interface IdlePoolOptions {
  /** Longest rest between two requests on a connection. */
  idleMaxMs: number;
  /** Most connections per target; beyond it a request waits for the next connection to be ready. */
  maxConnections: number;
  timeoutMs: number;
  /** Uniform in [0, 1); injectable so that tests can pin the rests. */
  random?: () => number;
}

class IdleTargetPool {
  private readonly connections = new Set<HttpConnection>();
  /** Connections whose rest is over, the longest-ready first. */
  private ready: HttpConnection[] = [];
  private readonly resting = new Map<HttpConnection, NodeJS.Timeout>();
  private readonly queue: QueuedRequest[] = [];
  private closing = false;

  constructor(
    private readonly target: ResolvedTarget,
    private readonly options: Required<IdlePoolOptions>,
  ) {}

  get all(): readonly HttpConnection[] {
    return [...this.connections];
  }

  get size(): number {
    return this.connections.size;
  }

  send(startedAt: number): Promise<ExchangeOutcome> {
    return new Promise((resolve) => {
      this.queue.push({ startedAt, resolve });
      this.pump();
    });
  }

  closeAll(): void {
    this.closing = true;
    for (const timer of this.resting.values()) clearTimeout(timer);
    this.resting.clear();
    this.ready = [];
    for (const connection of this.connections) connection.close();
  }

  private pump(): void {
    while (this.queue.length > 0) {
      const connection = this.take();
      if (connection === undefined) return;
      const request = this.queue.shift();
      if (request === undefined) return;
      if (monotonicMs() - request.startedAt >= this.options.timeoutMs) {
        // Waited for a connection the whole timeout; the connection goes back unused.
        request.resolve({ ok: false, code: 'ETIMEDOUT', latencyMs: monotonicMs() - request.startedAt });
        this.ready.unshift(connection);
        continue;
      }
      void connection.exchange(this.target.request, request.startedAt, this.options.timeoutMs).then((outcome) => {
        request.resolve(outcome);
        this.rest(connection);
      });
    }
  }

  /** A connection whose rest is over, or a new one while the pool has room. */
  private take(): HttpConnection | undefined {
    while (this.ready.length > 0) {
      const connection = this.ready.shift();
      if (connection?.available) return connection;
    }
    // Counted with the ones still waiting for the server's FIN: they hold a socket too.
    return this.connections.size < this.options.maxConnections ? this.open() : undefined;
  }

  private rest(connection: HttpConnection): void {
    if (this.closing || !connection.available) return;
    const timer = setTimeout(() => {
      this.resting.delete(connection);
      if (!connection.available) return;
      this.ready.push(connection);
      this.pump();
    }, this.options.random() * this.options.idleMaxMs);
    this.resting.set(connection, timer);
  }

  private open(): HttpConnection {
    const connection = new HttpConnection(this.target, this.options.timeoutMs);
    this.connections.add(connection);
    connection.onGone(() => {
      this.connections.delete(connection);
      const timer = this.resting.get(connection);
      if (timer !== undefined) clearTimeout(timer);
      this.resting.delete(connection);
      // A connection the server closed while it rested frees a place: a queued request may now open one.
      this.pump();
    });
    return connection;
  }
}

export class IdlePool implements ProbeTransport {
  private readonly pools = new Map<string, IdleTargetPool>();
  private readonly options: Required<IdlePoolOptions>;

  constructor(options: IdlePoolOptions) {
    this.options = { random: Math.random, ...options };
  }

  /** Connections open now, over all targets (for tests and the benchmark's own accounting). */
  get connectionCount(): number {
    return [...this.pools.values()].reduce((sum, pool) => sum + pool.size, 0);
  }

  send(target: ResolvedTarget, startedAt: number): Promise<ExchangeOutcome> {
    let pool = this.pools.get(target.label);
    if (pool === undefined) {
      pool = new IdleTargetPool(target, this.options);
      this.pools.set(target.label, pool);
    }
    return pool.send(startedAt);
  }

  async close(): Promise<void> {
    const connections = [...this.pools.values()].flatMap((pool) => [...pool.all]);
    for (const pool of this.pools.values()) pool.closeAll();
    await waitForConnections(connections, this.options.timeoutMs);
  }
}
