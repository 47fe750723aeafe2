// Sends the inventory every `intervalMs`. (A reload's new inventory goes with its result report.)
// A failed heartbeat is logged and counted; the next one tries again.
import type { Logger } from '@hitless/log';
import type * as wire from '@hitless/proto';

export class HeartbeatLoop {
  private timer?: NodeJS.Timeout;
  private sending?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly inventory: () => Promise<wire.Inventory>,
    private readonly send: (inventory: wire.Inventory) => Promise<void>,
    private readonly intervalMs: number,
    private readonly log: Logger,
    private readonly onOutcome: (ok: boolean) => void,
  ) {}

  start(): void {
    this.beat();
  }

  private beat(): void {
    if (this.stopped || this.sending) return;
    if (this.timer) clearTimeout(this.timer);
    this.sending = this.once().finally(() => {
      this.sending = undefined;
      if (!this.stopped) this.timer = setTimeout(() => this.beat(), this.intervalMs);
    });
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.sending;
  }

  private async once(): Promise<void> {
    try {
      await this.send(await this.inventory());
      this.onOutcome(true);
    } catch (error) {
      this.onOutcome(false);
      this.log.warn({ err: error }, 'heartbeat failed');
    }
  }
}
