// Flattens zod's issues into the FieldIssue list every input error carries.
import type { ZodError, ZodIssue } from 'zod';
import type { FieldIssue } from './rollout-input-error';
import { formatPath } from './rollout-input-error';

/** One FieldIssue per failing field; an unknown key is reported at its own path. */
export function zodIssues(error: ZodError): FieldIssue[] {
  return toFieldIssues(error.issues);
}

function toFieldIssues(issues: readonly ZodIssue[]): FieldIssue[] {
  return issues.flatMap((issue): FieldIssue[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: formatPath([...issue.path, key]), message: 'is not a known field' }));
    }
    if (issue.code === 'invalid_union') {
      // Report the branch with the fewest issues (the one the caller most likely meant), not zod's generic "Invalid input".
      const best = [...issue.unionErrors].sort((a, b) => a.issues.length - b.issues.length)[0];
      if (best && best.issues.length > 0) return toFieldIssues(best.issues);
    }
    return [{ path: formatPath(issue.path), message: issue.message }];
  });
}
