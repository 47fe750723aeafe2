// Counts what happened to each request and turns it into ProbeFigures.
import { LatencyHistogram } from './latency-histogram';
import type { ProbeFigures, ProbeTargetFigures } from './probe-types';

export interface RecordedOutcome {
  /** Undefined for a success. */
  code?: string;
  /** Undefined for a request that was never sent (EOVERLOAD). */
  latencyMs?: number;
}

export interface EventLoopLag {
  p99Ms: number;
  maxMs: number;
}

/** Figures rounded to the microsecond, which is all the clock is worth here. */
function roundMs(value: number): number {
  return Math.round(value * 1000) / 1000;
}

export class ProbeRecorder {
  private requests = 0;
  private failed = 0;
  private readonly errors = new Map<string, number>();
  private readonly byTarget = new Map<string, ProbeTargetFigures>();
  private readonly latencies = new LatencyHistogram();

  constructor(labels: readonly string[]) {
    for (const label of labels) this.byTarget.set(label, { requests: 0, failed: 0 });
  }

  record(label: string, outcome: RecordedOutcome): void {
    let target = this.byTarget.get(label);
    if (target === undefined) {
      target = { requests: 0, failed: 0 };
      this.byTarget.set(label, target);
    }
    this.requests += 1;
    target.requests += 1;
    if (outcome.code !== undefined) {
      this.failed += 1;
      target.failed += 1;
      this.errors.set(outcome.code, (this.errors.get(outcome.code) ?? 0) + 1);
    }
    if (outcome.latencyMs !== undefined) this.latencies.recordMs(outcome.latencyMs);
  }

  figures(inFlight: number, durationMs: number, lag: EventLoopLag): ProbeFigures {
    const errors: Record<string, number> = {};
    for (const [code, count] of [...this.errors.entries()].sort(([a], [b]) => a.localeCompare(b))) errors[code] = count;
    const byTarget: Record<string, ProbeTargetFigures> = {};
    for (const [label, figures] of this.byTarget) byTarget[label] = { ...figures };
    return {
      requests: this.requests,
      failed: this.failed,
      errors,
      p50_ms: roundMs(this.latencies.percentileMs(50)),
      p99_ms: roundMs(this.latencies.percentileMs(99)),
      max_ms: roundMs(this.latencies.maxMs()),
      byTarget,
      eventLoopLag_p99_ms: roundMs(lag.p99Ms),
      eventLoopLag_max_ms: roundMs(lag.maxMs),
      inFlight,
      durationMs: roundMs(durationMs),
    };
  }
}
