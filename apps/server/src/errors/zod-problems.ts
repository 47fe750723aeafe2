// zod issues as the field list a 400 answer carries.
import type { ZodError, ZodIssue, ZodType, ZodTypeDef } from 'zod';
import { BadInputError, type FieldProblem } from './domain-errors';

const fieldName = (prefix: string, path: readonly (string | number)[]) => [prefix, ...path.map(String)].filter(Boolean).join('.') || '(body)';

/** One problem per failing field; an unknown key is named at its own path (as @hitless/rollout names them). */
export function zodProblems(error: ZodError, prefix = ''): FieldProblem[] {
  return error.issues.flatMap((issue: ZodIssue) =>
    issue.code === 'unrecognized_keys'
      ? issue.keys.map((key) => ({ field: fieldName(prefix, [...issue.path, key]), message: 'is not a known field' }))
      : [{ field: fieldName(prefix, issue.path), message: issue.message }],
  );
}

/** Parses input at the boundary or throws BadInputError naming every failing field. */
export function parseInput<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown, prefix = ''): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new BadInputError(zodProblems(parsed.error, prefix));
  return parsed.data;
}
