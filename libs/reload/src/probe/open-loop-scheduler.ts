// Issues requests on a fixed schedule: request k is due at start + k / rate,
// whatever happened to earlier requests. A closed loop (send, wait, send) would
// slow down exactly when the server stalls and so hide the failures and the
// latency a real client population would see (coordinated omission). The timer
// only wakes the loop; on each wake every request whose deadline has passed is
// issued, so a late timer or a busy event loop is caught up with, not lost.

/** Number of requests due `elapsedMs` after the start (request 0 is due at once). */
export function dueCount(elapsedMs: number, intervalMs: number): number {
  if (elapsedMs < 0) return 0;
  return Math.floor(elapsedMs / intervalMs) + 1;
}

export class OpenLoopScheduler {
  private readonly intervalMs: number;
  private startedAt = 0;
  private issued = 0;
  private timer: NodeJS.Timeout | undefined;
  private running = false;

  constructor(
    ratePerSecond: number,
    private readonly issue: (index: number) => void,
    private readonly clock: () => number,
  ) {
    if (!Number.isFinite(ratePerSecond) || ratePerSecond <= 0) throw new RangeError(`ratePerSecond must be > 0, got ${ratePerSecond}`);
    this.intervalMs = 1000 / ratePerSecond;
  }

  get issuedCount(): number {
    return this.issued;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.startedAt = this.clock();
    this.wake();
  }

  stop(): void {
    this.running = false;
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private wake(): void {
    if (!this.running) return;
    const due = dueCount(this.clock() - this.startedAt, this.intervalMs);
    while (this.issued < due && this.running) {
      const index = this.issued;
      this.issued += 1;
      this.issue(index);
    }
    if (!this.running) return;
    const nextAt = this.startedAt + this.issued * this.intervalMs;
    // Node timers have 1 ms resolution: above 1,000 req/s each wake issues a small batch.
    this.timer = setTimeout(() => this.wake(), Math.max(1, nextAt - this.clock()));
  }
}
