// The agent's Prometheus metrics: reloads by outcome and strategy, how long
// they took, what the probe saw during them, and the outbox and heartbeat
// health. One registry per daemon, so several agents in one test process keep
// their own figures.
import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type * as wire from '@hitless/proto';
import { outcomeFromWire, strategyFromWire } from '@hitless/agent-wire';

export interface MetricsSnapshot {
  outboxPending: number;
  reloadInFlight: boolean;
  outboxDelivered: number;
  outboxFailures: number;
}

// Counting must never fail a reload (onResult runs inside the coordinator):
// prom-client throws on negative or non-finite increments, so clamp first.
const count = (n: number | undefined) => (Number.isFinite(n) && (n as number) > 0 ? (n as number) : 0);

function seconds(startedAt: string, finishedAt: string): number | undefined {
  if (!startedAt || !finishedAt) return undefined;
  const ms = Date.parse(finishedAt) - Date.parse(startedAt);
  return Number.isFinite(ms) && ms >= 0 ? ms / 1000 : undefined;
}

export class AgentMetrics {
  readonly registry = new Registry();
  private readonly reloads = new Counter({ name: 'hitless_agent_reloads_total', help: 'Reloads finished on this host, by outcome and the strategy used.', labelNames: ['outcome', 'strategy'], registers: [this.registry] });
  private readonly duration = new Histogram({
    name: 'hitless_agent_reload_duration_seconds',
    help: 'Wall time of a reload from start to the verified takeover (or rollback), by strategy.',
    labelNames: ['strategy'],
    // From a seamless master-worker reload (tens of ms) to syn-drop's retransmits (seconds).
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 4, 8, 16, 32],
    registers: [this.registry],
  });
  private readonly probeRequests = new Counter({ name: 'hitless_agent_probe_requests_total', help: 'Probe requests sent during reloads.', labelNames: ['strategy'], registers: [this.registry] });
  private readonly probeFailed = new Counter({ name: 'hitless_agent_probe_failed_requests_total', help: 'Probe requests that failed during reloads.', labelNames: ['strategy'], registers: [this.registry] });
  private readonly probeErrors = new Counter({ name: 'hitless_agent_probe_errors_total', help: 'Failed probe requests by error code (ECONNRESET, ...).', labelNames: ['code'], registers: [this.registry] });
  private readonly droppingReloads = new Counter({ name: 'hitless_agent_reloads_with_probe_failures_total', help: 'Reloads during which the probe saw at least one failed request.', labelNames: ['strategy'], registers: [this.registry] });
  private readonly lastP99 = new Gauge({ name: 'hitless_agent_last_reload_probe_p99_seconds', help: "The probe's p99 latency during the last reload.", registers: [this.registry] });
  private readonly heartbeats = new Counter({ name: 'hitless_agent_heartbeats_total', help: 'Heartbeats sent, by result.', labelNames: ['result'], registers: [this.registry] });
  private readonly inFlight = new Gauge({ name: 'hitless_agent_reload_in_flight', help: '1 while a reload runs.', registers: [this.registry] });
  private readonly outboxPending = new Gauge({ name: 'hitless_agent_outbox_pending', help: 'Results not yet stored by the server.', registers: [this.registry] });
  // The outbox keeps its own running totals; these mirror them at scrape time.
  private readonly outboxDelivered = new Counter({ name: 'hitless_agent_outbox_delivered_total', help: 'Results the server acknowledged.', registers: [this.registry] });
  private readonly outboxFailures = new Counter({ name: 'hitless_agent_outbox_failures_total', help: 'Failed outbox delivery rounds.', registers: [this.registry] });

  constructor() {
    this.heartbeats.inc({ result: 'ok' }, 0);
    this.heartbeats.inc({ result: 'failed' }, 0);
  }

  recordResult(result: wire.ReloadResult): void {
    const outcome = outcomeFromWire(result.outcome) ?? 'unknown';
    const strategy = strategyFromWire(result.strategy) ?? 'unspecified';
    this.reloads.inc({ outcome, strategy });
    const took = seconds(result.startedAt, result.finishedAt);
    if (took !== undefined) this.duration.observe({ strategy }, took);
    const probe = result.probe;
    if (!probe) return;
    this.probeRequests.inc({ strategy }, count(probe.requests));
    this.probeFailed.inc({ strategy }, count(probe.failed));
    if (probe.failed > 0) this.droppingReloads.inc({ strategy });
    for (const [code, n] of Object.entries(probe.errors)) this.probeErrors.inc({ code }, count(n));
    if (probe.requests > 0 && Number.isFinite(probe.p99Ms)) this.lastP99.set(probe.p99Ms / 1000);
  }

  recordHeartbeat(ok: boolean): void {
    this.heartbeats.inc({ result: ok ? 'ok' : 'failed' });
  }

  async render(snapshot: MetricsSnapshot): Promise<string> {
    this.inFlight.set(snapshot.reloadInFlight ? 1 : 0);
    this.outboxPending.set(snapshot.outboxPending);
    this.outboxDelivered.reset();
    this.outboxDelivered.inc(snapshot.outboxDelivered);
    this.outboxFailures.reset();
    this.outboxFailures.inc(snapshot.outboxFailures);
    return this.registry.metrics();
  }
}
