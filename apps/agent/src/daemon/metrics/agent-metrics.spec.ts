import * as wire from '@hitless/proto';
import { AgentMetrics } from './agent-metrics';

const snapshot = { outboxPending: 1, reloadInFlight: false, outboxDelivered: 3, outboxFailures: 0 };

const result = (id: string, outcome: wire.Outcome, strategy: wire.Strategy, failed: number, ms: number) =>
  wire.ReloadResult.fromPartial({
    reloadId: id,
    hostName: 'lb-1',
    outcome,
    strategy,
    startedAt: '2026-01-01T00:00:00.000Z',
    finishedAt: new Date(Date.parse('2026-01-01T00:00:00.000Z') + ms).toISOString(),
    probe: { requests: 500, failed, errors: failed ? { ECONNRESET: failed } : {}, p50Ms: 1, p99Ms: 40, maxMs: 60, durationMs: ms },
  });

describe('AgentMetrics', () => {
  it('counts reloads by outcome and strategy, times them, and counts what the probe saw', async () => {
    const metrics = new AgentMetrics();
    metrics.recordResult(result('r1', wire.Outcome.OUTCOME_SUCCEEDED, wire.Strategy.STRATEGY_SEAMLESS, 0, 120));
    metrics.recordResult(result('r2', wire.Outcome.OUTCOME_SUCCEEDED, wire.Strategy.STRATEGY_NAIVE, 3, 700));
    metrics.recordHeartbeat(true);
    const text = await metrics.render(snapshot);
    expect(text).toMatch(/^hitless_agent_reloads_total\{outcome="succeeded",strategy="seamless"\} 1$/m);
    expect(text).toMatch(/^hitless_agent_reloads_total\{outcome="succeeded",strategy="naive"\} 1$/m);
    expect(text).toMatch(/^hitless_agent_reload_duration_seconds_bucket\{le="0.25",strategy="seamless"\} 1$/m);
    expect(text).toMatch(/^hitless_agent_reload_duration_seconds_bucket\{le="0.5",strategy="naive"\} 0$/m);
    expect(text).toMatch(/^hitless_agent_reload_duration_seconds_bucket\{le="1",strategy="naive"\} 1$/m);
    expect(text).toMatch(/^hitless_agent_probe_failed_requests_total\{strategy="naive"\} 3$/m);
    expect(text).toMatch(/^hitless_agent_probe_errors_total\{code="ECONNRESET"\} 3$/m);
    expect(text).toMatch(/^hitless_agent_reloads_with_probe_failures_total\{strategy="naive"\} 1$/m);
    expect(text).toMatch(/^hitless_agent_heartbeats_total\{result="ok"\} 1$/m);
    expect(text).toMatch(/^hitless_agent_outbox_pending 1$/m);
    expect(text).toMatch(/^hitless_agent_outbox_delivered_total 3$/m);
  });

  it('mirrors the outbox totals at every scrape instead of adding them up', async () => {
    const metrics = new AgentMetrics();
    await metrics.render(snapshot);
    const text = await metrics.render({ ...snapshot, outboxDelivered: 4 });
    expect(text).toMatch(/^hitless_agent_outbox_delivered_total 4$/m);
  });
});
