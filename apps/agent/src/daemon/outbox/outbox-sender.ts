// Delivers the outbox at least once: oldest first, one at a time, a file removed
// only after the server has stored its result; on failure it retries later. The
// server deduplicates by reload id, so a delivery repeated after a crash is harmless.
import type { Logger } from '@hitless/log';
import type * as wire from '@hitless/proto';
import type { ResultFileStore } from '../storage/result-file-store';

export type Deliver = (result: wire.ReloadResult) => Promise<void>;

/**
 * The server will never take this result (it names a reload id another host owns, or
 * is malformed): retrying would block the outbox forever, so it is set aside.
 */
export class UndeliverableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UndeliverableError';
  }
}

export class OutboxSender {
  private timer?: NodeJS.Timeout;
  private draining?: Promise<void>;
  private again = false;
  private stopped = false;
  delivered = 0;
  failures = 0;
  setAsideCount = 0;

  constructor(
    private readonly outbox: ResultFileStore,
    private readonly deliver: Deliver,
    private readonly retryMs: number,
    private readonly log: Logger,
    /** Where undeliverable results go, kept for an operator rather than deleted. */
    private readonly setAside?: ResultFileStore,
  ) {}

  start(): void {
    this.kick();
  }

  /** Drains now (or right after the drain in progress). */
  kick(): void {
    if (this.stopped) return;
    if (this.draining) {
      this.again = true;
      return;
    }
    this.draining = this.drain().finally(() => {
      this.draining = undefined;
      if (this.again) {
        this.again = false;
        this.kick();
      }
    });
  }

  async pending(): Promise<number> {
    return (await this.outbox.ids()).length;
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.draining;
  }

  private async drain(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    try {
      for (const result of await this.outbox.list()) {
        if (this.stopped) return;
        try {
          await this.deliver(result);
        } catch (error) {
          if (!(error instanceof UndeliverableError) || !this.setAside) throw error;
          this.log.error({ reloadId: result.reloadId, err: error }, 'the server refuses this result for good; set aside');
          await this.setAside.put(result);
          await this.outbox.remove(result.reloadId);
          this.setAsideCount += 1;
          continue;
        }
        await this.outbox.remove(result.reloadId);
        this.delivered += 1;
        this.log.info({ reloadId: result.reloadId }, 'result delivered');
      }
    } catch (error) {
      this.failures += 1;
      this.log.warn({ err: error, retryInMs: this.retryMs }, 'outbox delivery failed; will retry');
      if (!this.stopped) this.timer = setTimeout(() => this.kick(), this.retryMs);
    }
  }
}
