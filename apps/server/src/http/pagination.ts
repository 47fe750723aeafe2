// Keyset pagination: an opaque cursor naming the last row of the previous page,
// so a page costs one index range scan however deep it is.
import { z, type ZodTypeAny } from 'zod';

export const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

export interface Page<T> {
  items: T[];
  /** Pass as `cursor` for the next page; absent on the last page. */
  nextCursor?: string;
}

const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,2048}$/;

export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decoded(text: string): unknown {
  if (!CURSOR_TEXT.test(text)) return undefined;
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return undefined; // not JSON: answered below as a cursor this API did not issue
  }
}

/**
 * A `cursor` query parameter whose parts must match `parts` (a zod tuple of each
 * column's own schema). A cursor is opaque but not trusted: a forged one that
 * decodes must still carry a date where a date goes, so nothing unchecked reaches SQL.
 */
export function cursorSchema<Parts extends ZodTypeAny>(parts: Parts) {
  return z.string().transform((text, ctx): z.output<Parts> => {
    const checked = parts.safeParse(decoded(text));
    if (checked.success) return checked.data;
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'is not a cursor this API issued' });
    return z.NEVER;
  });
}

export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  return rows.length > limit ? { items, nextCursor: encodeCursor(cursorOf(items[items.length - 1])) } : { items };
}
