import { RolloutInputError } from '../errors/rollout-input-error';
import { zodIssues } from '../errors/zod-issues';
import type { RolloutSpec } from './rollout-spec';
import { rolloutSpecSchema } from './rollout-spec-schema';

/**
 * Validates untrusted input (an API body, a stored row) into a RolloutSpec.
 * Throws RolloutInputError listing every failing field.
 */
export function parseRolloutSpec(input: unknown): RolloutSpec {
  const result = rolloutSpecSchema.safeParse(input);
  if (!result.success) throw new RolloutInputError(zodIssues(result.error));
  return result.data;
}
