// Keyset pagination: a page of rows and the cursor naming its last row (the
// cursor's format and its check are the API contract's, @hitless/api-contract).
import { encodeCursor, type Page } from '@hitless/api-contract';

export function pageOf<T>(rows: T[], limit: number, cursorOf: (row: T) => (string | number)[]): Page<T> {
  const items = rows.slice(0, limit);
  return rows.length > limit ? { items, nextCursor: encodeCursor(cursorOf(items[items.length - 1])) } : { items };
}
