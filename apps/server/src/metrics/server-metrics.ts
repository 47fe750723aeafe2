// The server's Prometheus registry: one per server instance, so two replicas in
// one test process never share counters. Counters count what this replica saw
// happen; fleet gauges (hosts, config versions, rollouts) are read from the
// database at scrape time, so every replica reports the same fleet.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { isFailedOutcome } from '@hitless/api-contract';
import { registerFleetGauges, type FleetGaugeSource } from './fleet-gauges';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly stepsDispatched = new Counter({ name: 'hitless_server_steps_dispatched_total', help: 'Reload calls sent to agents for rollout steps', labelNames: ['kind'], registers: [this.registry] });
  readonly stepsFinished = new Counter({ name: 'hitless_server_steps_finished_total', help: 'Rollout steps finished, by state', labelNames: ['state'], registers: [this.registry] });
  readonly fencedWrites = new Counter({ name: 'hitless_server_fenced_writes_total', help: 'Writes refused because this replica no longer held the rollout lease', registers: [this.registry] });
  readonly leasesHeld = new Gauge({ name: 'hitless_server_rollout_leases_held', help: 'Rollouts this replica leads now', registers: [this.registry] });
  readonly dispatchSeconds = new Histogram({ name: 'hitless_server_step_dispatch_seconds', help: "From dispatch to the agent's answer (its result is stored from the agent's outbox)", buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64], registers: [this.registry] });
  readonly httpRequests = new Counter({ name: 'hitless_server_http_requests_total', help: 'API requests by status class', labelNames: ['status'], registers: [this.registry] });
  readonly reloads = new Counter({ name: 'hitless_server_reloads_total', help: 'Reload results agents reported and this replica stored (repeated deliveries not counted), by outcome and strategy', labelNames: ['outcome', 'strategy'], registers: [this.registry] });
  readonly reloadsFailed = new Counter({ name: 'hitless_server_reloads_failed_total', help: 'Stored reload results that did not go through (failed, rolled-back, rejected), by strategy', labelNames: ['strategy'], registers: [this.registry] });
  readonly reloadFailedRequests = new Counter({ name: 'hitless_server_reload_failed_requests_total', help: "Probe requests that failed during reloads, summed over stored results", labelNames: ['strategy'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hitless_server_' });
  }

  /** A result stored for the first time (not a repeated delivery). */
  recordReload(outcome: string, strategy: string, failedRequests: number): void {
    this.reloads.inc({ outcome, strategy });
    if (isFailedOutcome(outcome)) this.reloadsFailed.inc({ strategy });
    // prom-client throws on a negative or non-finite increment; a metric must not fail the intake.
    this.reloadFailedRequests.inc({ strategy }, Number.isFinite(failedRequests) && failedRequests > 0 ? failedRequests : 0);
  }

  /** Agent channels by connectivity state, read at scrape time. */
  watchAgentChannels(counts: () => Record<string, number>): void {
    new Gauge({
      name: 'hitless_server_agent_channels',
      help: 'Connections this replica keeps to agents, by gRPC connectivity state',
      labelNames: ['state'],
      registers: [this.registry],
      collect() {
        for (const [state, n] of Object.entries(counts())) this.set({ state }, n);
      },
    });
  }

  /** Adds the gauges read from the database at scrape time. */
  watchFleet(source: FleetGaugeSource): void {
    registerFleetGauges(this.registry, source);
  }
}
