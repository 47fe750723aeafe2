import type { HeartbeatRecord } from './hosts.repository';
import { HeartbeatBatcher } from './heartbeat-batcher';

const beat = (configHash: string): HeartbeatRecord => ({
  agentAddress: '198.18.0.2:7444',
  agentVersion: '0.1.0',
  haproxyVersion: '2.6.12',
  haproxyMode: 'HAPROXY_MODE_MASTER_WORKER',
  kernel: '6.1.0',
  configHash,
  preferredStrategy: 'seamless',
  inventory: { configHash },
});

describe('HeartbeatBatcher', () => {
  it('writes the beats of one window in one statement, and tells each caller about its own', async () => {
    const written: { name: string; certSerial: string; configHash: string }[][] = [];
    const batcher = new HeartbeatBatcher({
      recordHeartbeats: async (beats) => {
        written.push(beats.map((b) => ({ name: b.name, certSerial: b.certSerial, configHash: b.configHash })));
        // lb-2's certificate was replaced: its row is not updated.
        return beats.filter((b) => b.name !== 'lb-2').map((b) => ({ name: b.name, certSerial: b.certSerial }));
      },
    }, 5);
    const answers = await Promise.all([
      batcher.record('lb-1', 'a1', beat('sha256:old')),
      batcher.record('lb-2', 'b1', beat('sha256:x')),
      batcher.record('lb-1', 'a1', beat('sha256:new')),
    ]);
    expect(answers).toEqual([true, false, true]);
    // One statement; lb-1 once, with its latest beat.
    expect(written).toEqual([[
      { name: 'lb-1', certSerial: 'a1', configHash: 'sha256:new' },
      { name: 'lb-2', certSerial: 'b1', configHash: 'sha256:x' },
    ]]);
  });

  it('does not count a beat signed by a replaced certificate as recorded when the current one beat in the same window', async () => {
    const batcher = new HeartbeatBatcher({
      recordHeartbeats: async (beats) => beats.filter((b) => b.certSerial === 'new').map((b) => ({ name: b.name, certSerial: b.certSerial })),
    }, 5);
    expect(await Promise.all([batcher.record('lb-1', 'old', beat('h')), batcher.record('lb-1', 'new', beat('h'))])).toEqual([false, true]);
  });

  it('fails every beat of a window whose write failed, and goes on with the next window', async () => {
    let fail = true;
    const batcher = new HeartbeatBatcher({
      recordHeartbeats: async (beats) => {
        if (fail) throw new Error('connect ECONNREFUSED');
        return beats.map((b) => ({ name: b.name, certSerial: b.certSerial }));
      },
    }, 5);
    await expect(Promise.all([batcher.record('lb-1', 'a', beat('h')), batcher.record('lb-2', 'b', beat('h'))])).rejects.toThrow('ECONNREFUSED');
    fail = false;
    expect(await batcher.record('lb-1', 'a', beat('h'))).toBe(true);
  });

  it('writes at once when a window fills up', async () => {
    const sizes: number[] = [];
    const batcher = new HeartbeatBatcher({
      recordHeartbeats: async (beats) => {
        sizes.push(beats.length);
        return beats.map((b) => ({ name: b.name, certSerial: b.certSerial }));
      },
    }, 60_000, 2);
    expect(await Promise.all([batcher.record('lb-1', 'a', beat('h')), batcher.record('lb-2', 'b', beat('h'))])).toEqual([true, true]);
    expect(sizes).toEqual([2]);
  });
});
