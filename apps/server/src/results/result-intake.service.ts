// Intake of reload results from agents' outboxes: checked, then stored once.
import { assertReloadId, outcomeFromWire, ReloadResult, strategyFromWire, type ReloadResult as WireResult } from '@hitless/proto';
import { InvalidChangeError } from '@hitless/haproxy';
import type { RecordOutcome, ReloadResultsRepository } from './reload-results.repository';

function optionalDate(text: string, field: string): Date | null {
  if (text === '') return null;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) throw new InvalidChangeError(field, 'is not an RFC 3339 time');
  return date;
}

export class ResultIntakeService {
  constructor(private readonly results: ReloadResultsRepository) {}

  /** The caller has already checked that `result.hostName` is the reporting agent. */
  async accept(result: WireResult): Promise<RecordOutcome> {
    assertReloadId(result.reloadId, 'result.reload_id');
    const outcome = outcomeFromWire(result.outcome);
    if (!outcome) throw new InvalidChangeError('result.outcome', 'is missing or unknown');
    return this.results.record({
      reloadId: result.reloadId,
      hostName: result.hostName,
      outcome,
      strategy: strategyFromWire(result.strategy) ?? 'unspecified',
      failedRequests: result.probe?.failed ?? 0,
      startedAt: optionalDate(result.startedAt, 'result.started_at'),
      finishedAt: optionalDate(result.finishedAt, 'result.finished_at'),
      result: ReloadResult.toJSON(result) as Record<string, unknown>,
    });
  }
}
