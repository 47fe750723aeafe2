// Keyset pagination: an opaque cursor naming the last row of the previous page,
// so a page costs one index range scan however deep it is. The cursor is
// base64url of a JSON array of the row's key columns; only the server reads it.
// Written with the web platform's codecs (no Buffer) so this file loads in a browser too.
import { z, type ZodTypeAny } from 'zod';

export const limitSchema = z.coerce.number().int().min(1).max(500).default(50);

const CURSOR_TEXT = /^[A-Za-z0-9_-]{1,2048}$/;

function toBase64Url(text: string): string {
  const bytes = new TextEncoder().encode(text);
  let binary = '';
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function fromBase64Url(text: string): string {
  const binary = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return new TextDecoder('utf-8', { fatal: true }).decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
}

export function encodeCursor(parts: (string | number)[]): string {
  return toBase64Url(JSON.stringify(parts));
}

function decoded(text: string): unknown {
  if (!CURSOR_TEXT.test(text)) return undefined;
  try {
    return JSON.parse(fromBase64Url(text));
  } catch {
    return undefined; // not base64, not UTF-8 or not JSON: answered below as a cursor this API did not issue
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

/** One page of a list answer. */
export function pageSchema<Item extends ZodTypeAny>(item: Item) {
  return z
    .object({
      items: z.array(item),
      /** Pass as `cursor` for the next page; absent on the last page. */
      nextCursor: z.string().optional().describe('pass as cursor for the next page; absent on the last page'),
    })
    .strict();
}
