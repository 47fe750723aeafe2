// Keyset pagination: an opaque cursor naming the last row of the previous page,
// so a page costs one index range scan however deep it is.
import { z } from 'zod';
import { BadInputError } from '../errors/domain-errors';

export const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

export function decodeCursor(cursor: string | undefined, arity: number): (string | number)[] | undefined {
  if (cursor === undefined) return undefined;
  let parts: unknown;
  try {
    parts = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch (error) {
    throw new BadInputError([{ field: 'cursor', message: `is not a cursor this API issued (${(error as Error).message})` }]);
  }
  if (!Array.isArray(parts) || parts.length !== arity || !parts.every((p) => typeof p === 'string' || typeof p === 'number')) {
    throw new BadInputError([{ field: 'cursor', message: 'is not a cursor this API issued' }]);
  }
  return parts as (string | number)[];
}

export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  return rows.length > limit ? { items, nextCursor: encodeCursor(cursorOf(items[items.length - 1])) } : { items };
}
