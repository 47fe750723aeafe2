// The engine's ReloadResult and PhaseEvent as wire messages.
import type { PhaseEvent as EnginePhaseEvent, ReloadResult as EngineResult } from '@hitless/reload';
import type { PhaseEvent, ReloadResult } from '../generated/hitless/v1/reload';
import { outcomeToWire, phaseStatusToWire } from './outcome-mapping';
import { strategyToWire } from './strategy-mapping';

export function reloadResultToWire(result: EngineResult, hostName: string): ReloadResult {
  return {
    reloadId: result.reloadId,
    hostName,
    outcome: outcomeToWire(result.outcome),
    strategy: strategyToWire(result.strategy),
    strategyReason: result.strategyReason,
    summary: [...result.summary],
    oldPids: [...result.oldPids],
    newPids: [...result.newPids],
    configHashBefore: result.configHashBefore,
    configHashAfter: result.configHashAfter,
    phases: result.phases.map((phase) => ({ phase: phase.phase, ms: Math.max(0, Math.round(phase.ms)), ok: phase.ok })),
    validationOutput: result.validationOutput,
    error: result.error ?? '',
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
  };
}

export function phaseEventToWire(event: EnginePhaseEvent): PhaseEvent {
  return { reloadId: event.reloadId, phase: event.phase, status: phaseStatusToWire(event.status), at: event.at, detail: event.detail ?? '' };
}
