// Reload outcomes between the engine's strings and the wire's enum.
import type { ReloadOutcome } from '@hitless/reload';
import * as wire from '@hitless/proto';
import { enumMapping } from './enum-mapping';

const OUTCOMES = enumMapping<ReloadOutcome, wire.Outcome>({
  succeeded: wire.Outcome.OUTCOME_SUCCEEDED,
  validated: wire.Outcome.OUTCOME_VALIDATED,
  rejected: wire.Outcome.OUTCOME_REJECTED,
  'rolled-back': wire.Outcome.OUTCOME_ROLLED_BACK,
  failed: wire.Outcome.OUTCOME_FAILED,
});

export const outcomeToWire = OUTCOMES.toWire;

/** undefined for UNSPECIFIED and for numbers this version does not know. */
export const outcomeFromWire = OUTCOMES.fromWire;
