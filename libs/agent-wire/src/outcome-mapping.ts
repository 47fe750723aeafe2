// Reload outcomes between the engine's strings and the wire's enum.
import type { ReloadOutcome } from '@hitless/reload';
import * as wire from '@hitless/proto';

const OUTCOMES: Record<ReloadOutcome, wire.Outcome> = {
  succeeded: wire.Outcome.OUTCOME_SUCCEEDED,
  validated: wire.Outcome.OUTCOME_VALIDATED,
  rejected: wire.Outcome.OUTCOME_REJECTED,
  'rolled-back': wire.Outcome.OUTCOME_ROLLED_BACK,
  failed: wire.Outcome.OUTCOME_FAILED,
};

export function outcomeToWire(outcome: ReloadOutcome): wire.Outcome {
  return OUTCOMES[outcome];
}

/** undefined for UNSPECIFIED and for numbers this version does not know. */
export function outcomeFromWire(outcome: wire.Outcome): ReloadOutcome | undefined {
  const entry = Object.entries(OUTCOMES).find(([, value]) => value === outcome);
  return entry ? (entry[0] as ReloadOutcome) : undefined;
}
