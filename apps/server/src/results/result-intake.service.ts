// Intake of reload results from agents' outboxes: checked, then stored once.
// This is the only way a reload result enters the database; the scheduler is
// told, so that the rollout it belongs to is decided again.
import * as wire from '@hitless/proto';
import { assertReloadId, assertStorableResult, outcomeFromWire, strategyFromWire } from '@hitless/agent-wire';
import { InvalidChangeError } from '@hitless/haproxy';
import type { NewReloadResult } from './reload-result-record';
import type { RecordOutcome, ReloadResultsRepository } from './reload-results.repository';

function optionalDate(text: string, field: string): Date | null {
  if (text === '') return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new InvalidChangeError(field, 'is not an RFC 3339 time');
  return date;
}

/** Told of each result once, when it is first stored (never of a repeated delivery). */
export type ResultStored = (result: NewReloadResult, rolloutId: string) => void;

export class ResultIntakeService {
  constructor(
    private readonly results: ReloadResultsRepository,
    private readonly onStored: readonly ResultStored[] = [],
  ) {}

  /** The caller has already checked that `result.hostName` is the reporting agent, whose certificate has `certSerial`. */
  async accept(result: wire.ReloadResult, certSerial: string): Promise<RecordOutcome> {
    assertReloadId(result.reloadId, 'result.reload_id');
    const outcome = outcomeFromWire(result.outcome);
    if (!outcome) throw new InvalidChangeError('result.outcome', 'is missing or unknown');
    assertStorableResult(result);
    const entry: NewReloadResult = {
      reloadId: result.reloadId,
      hostName: result.hostName,
      outcome,
      strategy: strategyFromWire(result.strategy) ?? 'unspecified',
      failedRequests: result.probe?.failed ?? 0,
      startedAt: optionalDate(result.startedAt, 'result.started_at'),
      finishedAt: optionalDate(result.finishedAt, 'result.finished_at'),
      result: wire.ReloadResult.toJSON(result) as Record<string, unknown>,
    };
    const recorded = await this.results.record(entry, certSerial);
    if (recorded.outcome === 'stored' && recorded.rolloutId !== undefined) {
      for (const told of this.onStored) told(entry, recorded.rolloutId);
    }
    return recorded.outcome;
  }
}
