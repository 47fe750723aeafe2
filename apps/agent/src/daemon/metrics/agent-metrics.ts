// The agent's Prometheus metrics as a tiny text exposition: a handful of
// counters and gauges do not need a client library.
import { outcomeFromWire, type ReloadResult } from '@hitless/proto';

export interface MetricsSnapshot {
  outboxPending: number;
  reloadInFlight: boolean;
  outboxDelivered: number;
  outboxFailures: number;
}

export class AgentMetrics {
  private readonly reloads = new Map<string, number>();
  private failedRequests = 0;
  heartbeatsOk = 0;
  heartbeatsFailed = 0;

  recordResult(result: ReloadResult): void {
    const outcome = outcomeFromWire(result.outcome) ?? 'unknown';
    this.reloads.set(outcome, (this.reloads.get(outcome) ?? 0) + 1);
    this.failedRequests += result.probe?.failed ?? 0;
  }

  render(snapshot: MetricsSnapshot): string {
    const lines: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [string, number][]) => {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) lines.push(`${name}${labels} ${value}`);
    };
    metric('hitless_agent_reloads_total', 'counter', 'Reloads finished on this host, by outcome.', [...this.reloads].map(([outcome, n]) => [`{outcome="${outcome}"}`, n]));
    metric('hitless_agent_probe_failed_requests_total', 'counter', 'Probe requests that failed during reloads.', [['', this.failedRequests]]);
    metric('hitless_agent_reload_in_flight', 'gauge', '1 while a reload runs.', [['', snapshot.reloadInFlight ? 1 : 0]]);
    metric('hitless_agent_outbox_pending', 'gauge', 'Results not yet stored by the server.', [['', snapshot.outboxPending]]);
    metric('hitless_agent_outbox_delivered_total', 'counter', 'Results the server acknowledged.', [['', snapshot.outboxDelivered]]);
    metric('hitless_agent_outbox_failures_total', 'counter', 'Failed outbox delivery rounds.', [['', snapshot.outboxFailures]]);
    metric('hitless_agent_heartbeats_total', 'counter', 'Heartbeats sent, by result.', [
      ['{result="ok"}', this.heartbeatsOk],
      ['{result="failed"}', this.heartbeatsFailed],
    ]);
    return `${lines.join('\n')}\n`;
  }
}
