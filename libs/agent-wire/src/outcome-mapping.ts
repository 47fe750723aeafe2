// Reload outcomes and phase statuses between the engine's strings and the wire's enums.
import type { PhaseEvent, ReloadOutcome } from '@hitless/reload';
import { Outcome, PhaseStatus } from '../generated/hitless/v1/reload';

const OUTCOMES: Record<ReloadOutcome, Outcome> = {
  succeeded: Outcome.OUTCOME_SUCCEEDED,
  validated: Outcome.OUTCOME_VALIDATED,
  rejected: Outcome.OUTCOME_REJECTED,
  'rolled-back': Outcome.OUTCOME_ROLLED_BACK,
  failed: Outcome.OUTCOME_FAILED,
};

const STATUSES: Record<PhaseEvent['status'], PhaseStatus> = {
  started: PhaseStatus.PHASE_STATUS_STARTED,
  ok: PhaseStatus.PHASE_STATUS_OK,
  failed: PhaseStatus.PHASE_STATUS_FAILED,
};

export function outcomeToWire(outcome: ReloadOutcome): Outcome {
  return OUTCOMES[outcome];
}

export function outcomeFromWire(outcome: Outcome): ReloadOutcome | undefined {
  const entry = Object.entries(OUTCOMES).find(([, wire]) => wire === outcome);
  return entry ? (entry[0] as ReloadOutcome) : undefined;
}

export function phaseStatusToWire(status: PhaseEvent['status']): PhaseStatus {
  return STATUSES[status];
}
