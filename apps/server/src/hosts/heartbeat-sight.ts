// Whether this server has been able to see heartbeats. A host is "online" when
// its last heartbeat was recorded within the online window; while heartbeats
// could not be recorded (database down, or so slow that writes queued up),
// every host's record goes stale though the hosts themselves are fine. Anyone
// about to call a host offline asks first how long the server has seen clearly.
export class HeartbeatSight {
  private lastBlindAt: number;

  /**
   * `stallMs`: a heartbeat write or scheduler read slower than this means the
   * database was stalled and heartbeats were not recorded on time (one heartbeat
   * interval is the natural bound).
   */
  constructor(
    readonly stallMs: number,
    private readonly now: () => number = Date.now,
  ) {
    // A server that just started saw nothing while it was down.
    this.lastBlindAt = now();
  }

  markBlind(): void {
    this.lastBlindAt = this.now();
  }

  /** Milliseconds since heartbeats could last not be recorded. */
  clearForMs(): number {
    return this.now() - this.lastBlindAt;
  }

  /** Runs a database call; its failure, or its stall past `stallMs`, marks the server blind. */
  async watch<T>(work: () => Promise<T>): Promise<T> {
    const started = this.now();
    try {
      return await work();
    } catch (error) {
      this.markBlind();
      throw error;
    } finally {
      if (this.now() - started > this.stallMs) this.markBlind();
    }
  }
}
