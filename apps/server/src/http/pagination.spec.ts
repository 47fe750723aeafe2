import { BadInputError } from '../errors/domain-errors';
import { decodeCursor, encodeCursor, pageOf } from './pagination';

describe('keyset pagination', () => {
  it('round-trips a cursor and refuses one it did not issue', () => {
    expect(decodeCursor(encodeCursor(['2026-01-01T00:00:00.000Z', 'id-1']), 2)).toEqual(['2026-01-01T00:00:00.000Z', 'id-1']);
    expect(() => decodeCursor('not-base64-json', 2)).toThrow(BadInputError);
    expect(() => decodeCursor(encodeCursor(['a']), 2)).toThrow(BadInputError);
  });

  it('gives a next cursor only when a further row exists', () => {
    expect(pageOf([1, 2, 3], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: encodeCursor([2]) });
    expect(pageOf([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2] });
  });
});
