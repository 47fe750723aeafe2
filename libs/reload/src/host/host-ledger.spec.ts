import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProcessRunner, RunResult } from '@hitless/process';
import { HostLedger } from './host-ledger';

function recordingRunner(log: string[]): ProcessRunner {
  return {
    run: async (command, args) => {
      log.push([command, ...args].join(' '));
      return { command, args: [...args], exitCode: 0, stdout: '', stderr: '' } satisfies RunResult;
    },
    spawn: () => {
      throw new Error('not used');
    },
  };
}

describe('host ledger', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ledger-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('keeps what must be undone on disk until it is undone, and undoes the newest first', async () => {
    const ran: string[] = [];
    const ledger = new HostLedger(dir, recordingRunner(ran));
    await ledger.record({ reloadId: 'a', what: 'sysctl', undo: [{ command: 'sysctl', args: ['-w', 'x=0'] }] });
    await ledger.record({ reloadId: 'a', what: 'rules', undo: [{ command: 'iptables', args: ['-D', 'r1'] }, { command: 'iptables', args: ['-D', 'r2'] }] });
    // A fresh ledger (a restarted agent) sees both entries.
    const afterCrash = new HostLedger(dir, recordingRunner(ran));
    expect((await afterCrash.entries()).map((e) => e.what)).toEqual(['sysctl', 'rules']);
    expect(JSON.parse(await readFile(join(dir, 'engaged.json'), 'utf8'))).toHaveLength(2);
    await afterCrash.undoAll();
    expect(ran).toEqual(['iptables -D r1', 'iptables -D r2', 'sysctl -w x=0']);
    expect(await afterCrash.entries()).toEqual([]);
  });
});
