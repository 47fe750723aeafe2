// At most `limit` tasks at once and at most `queueLimit` waiting; a task past that
// is refused at once instead of queueing without end (a flood must not grow memory
// or hold callers for minutes).
export class SlotsFullError extends Error {
  constructor() {
    super('every slot is busy and the queue is full');
    this.name = 'SlotsFullError';
  }
}

export class BoundedConcurrency {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly queueLimit: number,
  ) {}

  /** Runs the task when a slot is free; throws SlotsFullError when the queue is full too. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queueLimit) throw new SlotsFullError();
      // The slot is handed over by the task that finishes, so `running` never dips below the limit while others wait.
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.running += 1;
    }
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }

  /** Tasks running and waiting, for tests and metrics. */
  load(): { running: number; waiting: number } {
    return { running: this.running, waiting: this.waiting.length };
  }
}
