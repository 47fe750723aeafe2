import { RolloutInputError, type FieldIssue } from './rollout-input-error';

/**
 * A rollout with a wide blast radius that was not confirmed, or was confirmed for
 * another number of hosts. A 400 like any bad spec; it carries the counts as data
 * so a client can show them and ask (never by reading the message).
 */
export class ConfirmationRequiredError extends RolloutInputError {
  constructor(
    issue: FieldIssue,
    /** What `confirm.hosts` must say: every host the target selects now. */
    readonly targetedHosts: number,
    /** Hosts the first batch would change at once. */
    readonly firstBatchHosts: number,
  ) {
    super([issue]);
    this.name = 'ConfirmationRequiredError';
  }
}
