// The engine's ReloadResult as the wire message. Free text goes through
// storableText: the server can store anything but NUL (result-text.ts).
import type { ReloadResult } from '@hitless/reload';
import * as wire from '@hitless/proto';
import { appliedChangeToWire } from './applied-change-mapping';
import { outcomeToWire } from './outcome-mapping';
import { storableText } from './result-text';
import { strategyToWire } from './strategy-mapping';

export function reloadResultToWire(result: ReloadResult, hostName: string): wire.ReloadResult {
  return {
    reloadId: result.reloadId,
    hostName,
    outcome: outcomeToWire(result.outcome),
    strategy: strategyToWire(result.strategy),
    strategyReason: storableText(result.strategyReason),
    summary: result.summary.map(storableText),
    oldPids: [...result.oldPids],
    newPids: [...result.newPids],
    configHashBefore: result.configHashBefore,
    configHashAfter: result.configHashAfter,
    phases: result.phases.map((phase) => ({ phase: phase.phase, ms: Math.max(0, Math.round(phase.ms)), ok: phase.ok })),
    validationOutput: storableText(result.validationOutput),
    error: storableText(result.error ?? ''),
    probe: {
      requests: result.probe.requests,
      failed: result.probe.failed,
      errors: { ...result.probe.errors },
      p50Ms: result.probe.p50_ms,
      p99Ms: result.probe.p99_ms,
      maxMs: result.probe.max_ms,
      durationMs: result.probe.durationMs,
    },
    startedAt: result.startedAt,
    finishedAt: result.finishedAt,
    backendServers: result.backendServers && { total: result.backendServers.total, up: result.backendServers.up, notRunning: result.backendServers.notRunning.map(storableText) },
    changes: result.changes.map(appliedChangeToWire),
  };
}

/** A result for a reload that never reached the engine (refused, or lost): nothing ran, nothing was measured. */
export function refusedResultToWire(reloadId: string, hostName: string, outcome: wire.Outcome, error: string, at: string): wire.ReloadResult {
  return {
    reloadId,
    hostName,
    outcome,
    strategy: wire.Strategy.STRATEGY_UNSPECIFIED,
    strategyReason: '',
    summary: [],
    oldPids: [],
    newPids: [],
    configHashBefore: '',
    configHashAfter: '',
    phases: [],
    validationOutput: '',
    error: storableText(error),
    probe: undefined,
    startedAt: at,
    finishedAt: at,
    backendServers: undefined,
    changes: [],
  };
}
