// The engine's PhaseEvent as the wire message the agent streams while it works.
import type { PhaseEvent } from '@hitless/reload';
import * as wire from '@hitless/proto';
import { enumMapping } from './enum-mapping';

const STATUSES = enumMapping<PhaseEvent['status'], wire.PhaseStatus>({
  started: wire.PhaseStatus.PHASE_STATUS_STARTED,
  ok: wire.PhaseStatus.PHASE_STATUS_OK,
  failed: wire.PhaseStatus.PHASE_STATUS_FAILED,
});

export function phaseEventToWire(event: PhaseEvent): wire.PhaseEvent {
  return { reloadId: event.reloadId, phase: event.phase, status: STATUSES.toWire(event.status), at: event.at, detail: event.detail ?? '' };
}
