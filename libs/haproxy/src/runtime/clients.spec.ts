import { startFakeCli, type FakeCli } from './fake-cli-server';
import { fixture } from './fixtures';
import { MasterCli } from './master-cli';
import { StatsSocket } from './stats-socket';

describe('StatsSocket and MasterCli against a scripted CLI', () => {
  let cli: FakeCli | undefined;
  afterEach(async () => {
    await cli?.close();
    cli = undefined;
  });

  const worker = (line: string): string => {
    const command = line.replace(/^@1 /, '');
    if (command === 'show info') return fixture('show-info.2.6.12.txt');
    if (command === 'show stat') return fixture('show-stat.2.6.12.txt');
    if (command === 'show servers state') return fixture('show-servers-state.2.6.12.txt');
    if (command === 'show servers state nope') return "Can't find backend.\n\n";
    if (command === 'set server be/nope weight 5') return 'No such server.\n\n';
    if (command.startsWith('set server ')) return '\n';
    if (command === 'show proc') return fixture('show-proc.2.6.12.txt');
    if (command === 'reload') return '';
    return 'Unknown command.\n';
  };

  it('StatsSocket parses answers and sends validated set commands', async () => {
    cli = await startFakeCli(worker);
    const stats = new StatsSocket(cli.path);
    expect((await stats.showInfo()).pid).toBe(8551);
    expect(await stats.showStat()).toHaveLength(7);
    expect((await stats.showServersState()).servers).toHaveLength(3);
    await stats.setServerWeight('be', 's1', 5);
    await stats.setServerState('be', 's1', 'drain');
    expect(cli.received.slice(-2)).toEqual(['set server be/s1 weight 5', 'set server be/s1 state drain']);
  });

  it('surfaces HAProxy refusals as typed errors carrying the answer', async () => {
    cli = await startFakeCli(worker);
    const stats = new StatsSocket(cli.path);
    await expect(stats.setServerWeight('be', 'nope', 5)).rejects.toMatchObject({ reason: 'rejected', response: 'No such server.\n\n' });
    await expect(stats.showServersState('nope')).rejects.toMatchObject({ reason: 'unexpected-output', command: 'show servers state nope' });
  });

  it('validates names, weights and states before sending', async () => {
    cli = await startFakeCli(worker);
    const stats = new StatsSocket(cli.path);
    await expect(stats.setServerWeight('be x', 's1', 1)).rejects.toMatchObject({ reason: 'invalid-command' });
    await expect(stats.setServerWeight('be', 's1/other', 1)).rejects.toMatchObject({ reason: 'invalid-command' });
    await expect(stats.setServerWeight('be', 's1', 257)).rejects.toMatchObject({ reason: 'invalid-command' });
    await expect(stats.setServerWeight('be', 's1', 1.5)).rejects.toMatchObject({ reason: 'invalid-command' });
    await expect(stats.setServerState('be', 's1', 'down' as 'maint')).rejects.toMatchObject({ reason: 'invalid-command' });
    await expect(stats.showServersState('a;b')).rejects.toMatchObject({ reason: 'invalid-command' });
    expect(cli.received).toEqual([]);
  });

  it('MasterCli routes worker queries through @1 and reads show proc and reload', async () => {
    cli = await startFakeCli(worker, { waitForEnd: true });
    const master = new MasterCli(cli.path);
    expect((await master.showProc()).master.pid).toBe(7092);
    expect(await master.reload()).toEqual({ kind: 'asynchronous' });
    expect((await master.worker.showInfo()).version).toBe('2.6.12-1+deb12u4');
    await master.worker.setServerState('be', 's2', 'maint');
    await master.workerCommand('show info', 8551);
    expect(cli.received).toEqual(['show proc', 'reload', '@1 show info', '@1 set server be/s2 state maint', '@!8551 show info']);
    await expect(master.worker.setServerWeight('be', 'nope', 5)).rejects.toMatchObject({
      reason: 'rejected',
      command: '@1 set server be/nope weight 5',
    });
  });
});
