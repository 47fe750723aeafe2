// zod issues as the field list a 400 answer carries.
import type { ZodError, ZodType, ZodTypeDef } from 'zod';
import { BadInputError, type FieldProblem } from './domain-errors';

export function zodProblems(error: ZodError, prefix = ''): FieldProblem[] {
  return error.issues.map((issue) => ({ field: [prefix, ...issue.path.map(String)].filter(Boolean).join('.') || '(body)', message: issue.message }));
}

/** Parses input at the boundary or throws BadInputError naming every failing field. */
export function parseInput<T>(schema: ZodType<T, ZodTypeDef, unknown>, input: unknown, prefix = ''): T {
  const parsed = schema.safeParse(input);
  if (!parsed.success) throw new BadInputError(zodProblems(parsed.error, prefix));
  return parsed.data;
}
