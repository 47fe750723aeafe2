import { WriteBatcher } from './write-batcher';

describe('WriteBatcher', () => {
  it('writes the items of one window together, and answers each caller with its own item', async () => {
    const writes: number[][] = [];
    const batcher = new WriteBatcher<number, string>(async (items) => {
      writes.push(items);
      return items.map((item) => `wrote ${item}`);
    }, 5);
    expect(await Promise.all([batcher.submit(1), batcher.submit(2), batcher.submit(3)])).toEqual(['wrote 1', 'wrote 2', 'wrote 3']);
    expect(writes).toEqual([[1, 2, 3]]);
  });

  it('writes at once when told to, taking the window so far along', async () => {
    const writes: number[][] = [];
    const batcher = new WriteBatcher<number, number>(async (items) => {
      writes.push(items);
      return items;
    }, 60_000);
    const first = batcher.submit(1);
    expect(await Promise.all([first, batcher.submit(2, true)])).toEqual([1, 2]);
    expect(writes).toEqual([[1, 2]]);
  });

  it('fails every item of a failed write, and goes on with the next window', async () => {
    let fail = true;
    const batcher = new WriteBatcher<number, number>(async (items) => {
      if (fail) throw new Error('connect ECONNREFUSED');
      return items;
    }, 5);
    const answers = await Promise.allSettled([batcher.submit(1), batcher.submit(2)]);
    expect(answers.map((answer) => answer.status)).toEqual(['rejected', 'rejected']);
    fail = false;
    expect(await batcher.submit(3)).toBe(3);
  });

  it('fails the items of a write that answered for fewer of them than it was given', async () => {
    const batcher = new WriteBatcher<number, number>(async (items) => items.slice(1), 5);
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('a batched write answered 1 of 2 items');
  });
});
