// The changes that undo one host's step, from the typed records of what its
// reload changed (never from the summary text). The scheduler's automatic
// rollback and the CLI's `rollout rollback` both use this.
import { InvalidChangeError, recordsChange, undoAppliedChanges, type AppliedChange, type ConfigChange } from '@hitless/haproxy';

/**
 * Each setting the step changed put back as it was: an explicit value set again, an
 * inherited one made inherited again (its line removed), last change first. The records
 * must be the step's own, one per change of the spec and of the same setting, or nothing
 * is undone: the Error says why, for an operator.
 */
export function rollbackChanges(changes: readonly ConfigChange[], applied: readonly AppliedChange[] | null | undefined): ConfigChange[] | Error {
  const records = applied ?? [];
  if (records.length !== changes.length || !records.every((record, i) => recordsChange(record, changes[i]))) {
    return new Error(`the agent did not report what its ${changes.length} change(s) replaced (${records.length} record(s) of them); roll this host back by hand`);
  }
  try {
    return undoAppliedChanges(records);
  } catch (error) {
    if (!(error instanceof InvalidChangeError)) throw error;
    return new Error(`cannot restore the value before the change: ${error.message}`);
  }
}
