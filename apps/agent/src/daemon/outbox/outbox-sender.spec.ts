import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { silentLogger } from '@hitless/log';
import * as wire from '@hitless/proto';
import { ResultFileStore } from '../storage/result-file-store';
import { OutboxSender, UndeliverableError } from './outbox-sender';

function result(reloadId: string): wire.ReloadResult {
  return { ...wire.ReloadResult.fromPartial({ reloadId, hostName: 'lb-1', outcome: wire.Outcome.OUTCOME_SUCCEEDED }) };
}

const waitFor = async (check: () => Promise<boolean>) => {
  for (let i = 0; i < 200; i += 1) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  throw new Error('timed out');
};

describe('OutboxSender', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hitless-outbox-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('keeps results while the server is unreachable and delivers each once it answers', async () => {
    const outbox = await new ResultFileStore(dir).init();
    await outbox.put(result('r-1'));
    await outbox.put(result('r-2'));
    let reachable = false;
    const stored: string[] = [];
    const sender = new OutboxSender(
      outbox,
      async (r) => {
        if (!reachable) throw new Error('connect ECONNREFUSED');
        stored.push(r.reloadId);
      },
      20,
      silentLogger,
    );
    sender.start();
    await waitFor(async () => sender.failures >= 2);
    expect(await sender.pending()).toBe(2);
    reachable = true;
    await waitFor(async () => (await sender.pending()) === 0);
    await sender.stop();
    expect(stored).toEqual(['r-1', 'r-2']);
  });

  it('sets aside a result the server refuses for good, and goes on with the next', async () => {
    const outbox = await new ResultFileStore(join(dir, 'outbox')).init();
    const setAside = await new ResultFileStore(join(dir, 'rejected')).init();
    await outbox.put(result('r-owned-elsewhere'));
    await outbox.put(result('r-ok'));
    const stored: string[] = [];
    const sender = new OutboxSender(
      outbox,
      async (r) => {
        if (r.reloadId === 'r-owned-elsewhere') throw new UndeliverableError('ALREADY_EXISTS');
        stored.push(r.reloadId);
      },
      20,
      silentLogger,
      setAside,
    );
    sender.start();
    await waitFor(async () => (await sender.pending()) === 0);
    await sender.stop();
    expect(stored).toEqual(['r-ok']);
    expect(await setAside.ids()).toEqual(['r-owned-elsewhere']);
  });

  it('survives a restart: what was not delivered is still on disk', async () => {
    const outbox = await new ResultFileStore(dir).init();
    await outbox.put(result('r-3'));
    const reopened = await new ResultFileStore(dir).init();
    expect((await reopened.list()).map((r) => r.reloadId)).toEqual(['r-3']);
  });
});
