import { z } from 'zod';
import { cursorSchema, encodeCursor } from './cursor';
import { isoInstantSchema } from './instant';

describe('keyset pagination cursors', () => {
  const cursor = cursorSchema(z.tuple([isoInstantSchema, z.string().uuid()]));
  const id = '0b5cbd5e-7a1f-4c35-9f4e-3d2c1b0a9f8e';

  it('round-trips a cursor it issued into typed parts', () => {
    expect(cursor.parse(encodeCursor(['2026-01-01T00:00:00.000Z', id]))).toEqual([new Date('2026-01-01T00:00:00.000Z'), id]);
  });

  it('encodes as base64url of the JSON parts, as the cursors already handed out are', () => {
    const parts = ['2026-01-01T00:00:00.000Z', 'lb-ü'];
    expect(encodeCursor(parts)).toBe(Buffer.from(JSON.stringify(parts)).toString('base64url'));
  });

  it.each<[string, string]>([
    ['text that is not base64url', 'not base64!'],
    ['base64url that is not JSON', Buffer.from('{"a":').toString('base64url')],
    ['an empty cursor', ''],
    ['too few parts', encodeCursor(['2026-01-01T00:00:00.000Z'])],
    ['too many parts', encodeCursor(['2026-01-01T00:00:00.000Z', id, 'x'])],
    ['a non-date where the timestamp goes', encodeCursor(['nope', id])],
    ['a number where the timestamp goes', encodeCursor([1e308, id])],
    ['a year Postgres and JavaScript disagree on', encodeCursor(['0000-01-01T00:00:00Z', id])],
    ['a non-uuid where the id goes', encodeCursor(['2026-01-01T00:00:00.000Z', "x'; DROP TABLE rollouts; --"])],
    ['a NUL byte in a part', encodeCursor(['2026-01-01T00:00:00.000Z', `${id}\u0000`])],
    ['an object instead of parts', Buffer.from(JSON.stringify({ 0: 'a', 1: 'b' })).toString('base64url')],
    ['bytes that are not UTF-8', Buffer.from([0xff, 0xfe, 0x5b]).toString('base64url')],
  ])('refuses %s as a cursor this API did not issue', (_case, text) => {
    const parsed = cursor.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['is not a cursor this API issued']);
  });
});
