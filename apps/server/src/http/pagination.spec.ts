import { z } from 'zod';
import { isoInstantSchema } from '@hitless/rollout';
import { cursorSchema, encodeCursor, pageOf } from './pagination';

describe('keyset pagination', () => {
  const cursor = cursorSchema(z.tuple([isoInstantSchema, z.string().uuid()]));
  const id = '0b5cbd5e-7a1f-4c35-9f4e-3d2c1b0a9f8e';

  it('round-trips a cursor it issued into typed parts', () => {
    expect(cursor.parse(encodeCursor(['2026-01-01T00:00:00.000Z', id]))).toEqual([new Date('2026-01-01T00:00:00.000Z'), id]);
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
  ])('refuses %s as a cursor this API did not issue', (_case, text) => {
    const parsed = cursor.safeParse(text);
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual(['is not a cursor this API issued']);
  });

  it('gives a next cursor only when a further row exists', () => {
    expect(pageOf([1, 2, 3], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: encodeCursor([2]) });
    expect(pageOf([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2] });
  });
});
