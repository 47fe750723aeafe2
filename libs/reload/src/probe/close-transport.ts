// close mode: a fresh TCP connection per request, the way most health checks
// and many real clients hit a load balancer. Every reload race on the listening
// socket (a SYN queued on a listener that closes) shows up here.
import { HttpConnection } from './http-connection';
import type { ExchangeOutcome } from './exchange-outcome';
import { waitForConnections, type ProbeTransport, type ResolvedTarget } from './probe-transport';

export class CloseTransport implements ProbeTransport {
  /** Connections whose socket is not closed yet, including those waiting for the server's FIN. */
  private readonly open = new Set<HttpConnection>();

  constructor(private readonly timeoutMs: number) {}

  send(target: ResolvedTarget, startedAt: number): Promise<ExchangeOutcome> {
    // The server gets as long to close as a request gets to complete.
    const connection = new HttpConnection(target, this.timeoutMs);
    this.open.add(connection);
    connection.onGone(() => this.open.delete(connection));
    return connection.exchange(target.request, startedAt, this.timeoutMs);
  }

  async close(): Promise<void> {
    await waitForConnections(this.open, this.timeoutMs);
  }
}
