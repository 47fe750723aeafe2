// Writes that arrive within a few milliseconds of each other, sent as one
// statement. Every write is its own round trip, socket write and commit; at a
// thousand hosts the server's answers, dispatch records and heartbeats were
// thousands of one-row statements per rollout. Each caller still learns the
// answer for its own item, or the error of the statement that carried it.

/** Writes `items` in one go; returns one answer per item, in the same order. */
export type BatchWrite<Item, Answer> = (items: Item[]) => Promise<Answer[]>;

interface Waiting<Item, Answer> {
  item: Item;
  resolve: (answer: Answer) => void;
  reject: (error: unknown) => void;
}

export class WriteBatcher<Item, Answer> {
  private waiting: Waiting<Item, Answer>[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly write: BatchWrite<Item, Answer>,
    private readonly windowMs: number,
    private readonly maxBatch = 500,
  ) {}

  /** `now`: write this window at once (the caller knows nothing else is coming). */
  submit(item: Item, now = false): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      if (now || this.waiting.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    this.write(batch.map((waiting) => waiting.item)).then(
      (answers) => {
        if (answers.length !== batch.length) {
          const error = new Error(`a batched write answered ${answers.length} of ${batch.length} items`);
          for (const waiting of batch) waiting.reject(error);
          return;
        }
        batch.forEach((waiting, i) => waiting.resolve(answers[i]));
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}
