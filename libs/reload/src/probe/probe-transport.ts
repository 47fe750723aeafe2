// How the probe gets a request to a target; one implementation per client mode.
import type { Endpoint, ExchangeOutcome } from './exchange-outcome';

export interface ResolvedTarget extends Endpoint {
  label: string;
  path: string;
  /** The Host header (HTTP/1) and :authority (HTTP/2). */
  authority: string;
  /** The HTTP/1.1 request, built once. */
  request: Buffer;
}

export interface ProbeTransport {
  /** Never rejects: every way a request can end is an outcome. */
  send(target: ResolvedTarget, startedAt: number): Promise<ExchangeOutcome>;
  /** Closes what is left open once no request is in flight. */
  close(): Promise<void>;
}

/** Resolves once every connection has closed, or after graceMs (then the stragglers are left to their linger timers). */
export function waitForConnections(connections: Iterable<{ onGone(listener: () => void): void }>, graceMs: number): Promise<void> {
  const all = [...connections].map((connection) => new Promise<void>((resolve) => connection.onGone(resolve)));
  if (all.length === 0) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, graceMs);
    void Promise.all(all).then(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
