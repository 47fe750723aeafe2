/** One rejected input field: `path` is dotted with indexes, e.g. `plan.batchSize.percent` or `changes[0].backend`. */
export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

/**
 * The caller's mistake: a rollout spec, a maintenance window or a target set
 * we will not act on. Carries every failing field at once so an API can
 * answer 400 with the full list instead of one error per round trip.
 */
export class RolloutInputError extends Error {
  constructor(readonly issues: readonly FieldIssue[]) {
    super(`invalid input: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`);
    this.name = 'RolloutInputError';
  }
}

/** `['changes', 0, 'backend']` -> `changes[0].backend`. */
export function formatPath(segments: readonly (string | number)[]): string {
  return segments.reduce<string>((out, segment) => {
    if (typeof segment === 'number') return `${out}[${segment}]`;
    return out === '' ? segment : `${out}.${segment}`;
  }, '');
}
