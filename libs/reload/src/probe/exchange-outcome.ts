// The result of one request as the probe counts it.

export type ExchangeOutcome =
  | { ok: true; status: number; latencyMs: number }
  | { ok: false; code: string; latencyMs: number };

export interface Endpoint {
  host: string;
  port: number;
}

/** Monotonic milliseconds; never the wall clock, which can jump. */
export function monotonicMs(): number {
  return performance.now();
}
