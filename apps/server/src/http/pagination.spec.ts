import { encodeCursor } from '@hitless/api-contract';
import { pageOf } from './pagination';

describe('keyset pagination', () => {
  it('gives a next cursor only when a further row exists', () => {
    expect(pageOf([1, 2, 3], 2, (n) => [n])).toEqual({ items: [1, 2], nextCursor: encodeCursor([2]) });
    expect(pageOf([1, 2], 2, (n) => [n])).toEqual({ items: [1, 2] });
  });
});
