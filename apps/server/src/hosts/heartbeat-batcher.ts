// Heartbeats written together. A thousand agents beating every 15 s are 67
// single-row UPDATEs a second, each its own round trip and its own commit (a WAL
// flush); collected for a few milliseconds they become a handful of statements.
// Every caller still learns whether its own beat was recorded, or why not.
import type { HeartbeatRecord, HostsRepository } from './hosts.repository';

type Beat = HeartbeatRecord & { name: string; certSerial: string };

interface Waiting {
  beat: Beat;
  resolve: (recorded: boolean) => void;
  reject: (error: unknown) => void;
}

const keyOf = (host: { name: string; certSerial: string }) => `${host.name}\n${host.certSerial}`;

export class HeartbeatBatcher {
  private waiting: Waiting[] = [];
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly hosts: Pick<HostsRepository, 'recordHeartbeats'>,
    private readonly windowMs = 20,
    private readonly maxBatch = 500,
  ) {}

  /** Resolves true once the beat is written; false when the host is unknown or the certificate is not its current one. */
  record(name: string, certSerial: string, beat: HeartbeatRecord): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ beat: { ...beat, name, certSerial }, resolve, reject });
      if (this.waiting.length >= this.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.windowMs);
    });
  }

  private flush(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    const batch = this.waiting;
    this.waiting = [];
    // One row per host and certificate, the latest beat: an UPDATE ... FROM with two source
    // rows for one target row would apply either of them.
    const latest = new Map(batch.map((waiting) => [keyOf(waiting.beat), waiting.beat]));
    this.hosts.recordHeartbeats([...latest.values()]).then(
      (updated) => {
        const recorded = new Set(updated.map(keyOf));
        for (const waiting of batch) waiting.resolve(recorded.has(keyOf(waiting.beat)));
      },
      (error: unknown) => {
        for (const waiting of batch) waiting.reject(error);
      },
    );
  }
}
