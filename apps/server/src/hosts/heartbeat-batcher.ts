// Heartbeats written together. A thousand agents beating every 15 s are 67
// single-row UPDATEs a second, each its own round trip and its own commit (a WAL
// flush); collected for a few milliseconds they become a handful of statements.
// Every caller still learns whether its own beat was recorded, or why not.
import { WriteBatcher } from '../database/write-batcher';
import type { HeartbeatRecord, HostsRepository } from './hosts.repository';

type Beat = HeartbeatRecord & { name: string; certSerial: string };

const keyOf = (host: { name: string; certSerial: string }) => `${host.name}\n${host.certSerial}`;

export class HeartbeatBatcher {
  private readonly batcher: WriteBatcher<Beat, boolean>;

  constructor(hosts: Pick<HostsRepository, 'recordHeartbeats'>, windowMs = 20, maxBatch = 500) {
    this.batcher = new WriteBatcher(async (beats) => {
      // One row per host and certificate, the latest beat: an UPDATE ... FROM with two source
      // rows for one target row would apply either of them.
      const latest = new Map(beats.map((beat) => [keyOf(beat), beat]));
      const recorded = new Set((await hosts.recordHeartbeats([...latest.values()])).map(keyOf));
      return beats.map((beat) => recorded.has(keyOf(beat)));
    }, windowMs, maxBatch);
  }

  /** Resolves true once the beat is written; false when the host is unknown or the certificate is not its current one. */
  record(name: string, certSerial: string, beat: HeartbeatRecord): Promise<boolean> {
    return this.batcher.submit({ ...beat, name, certSerial });
  }
}
