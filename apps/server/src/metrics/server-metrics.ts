// The server's Prometheus registry: one per server instance, so two replicas in
// one test process never share counters.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

export class ServerMetrics {
  readonly registry = new Registry();
  readonly stepsDispatched = new Counter({ name: 'hitless_server_steps_dispatched_total', help: 'Reload calls sent to agents for rollout steps', labelNames: ['kind'], registers: [this.registry] });
  readonly stepsFinished = new Counter({ name: 'hitless_server_steps_finished_total', help: 'Rollout steps finished, by state', labelNames: ['state'], registers: [this.registry] });
  readonly fencedWrites = new Counter({ name: 'hitless_server_fenced_writes_total', help: 'Writes refused because this replica no longer held the rollout lease', registers: [this.registry] });
  readonly leasesHeld = new Gauge({ name: 'hitless_server_rollout_leases_held', help: 'Rollouts this replica leads now', registers: [this.registry] });
  readonly dispatchSeconds = new Histogram({ name: 'hitless_server_step_dispatch_seconds', help: 'From dispatch to the recorded result', buckets: [0.25, 0.5, 1, 2, 4, 8, 16, 32, 64], registers: [this.registry] });
  readonly httpRequests = new Counter({ name: 'hitless_server_http_requests_total', help: 'API requests by status class', labelNames: ['status'], registers: [this.registry] });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'hitless_server_' });
  }
}
