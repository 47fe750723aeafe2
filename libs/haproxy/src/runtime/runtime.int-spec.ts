import { request } from 'node:http';
import { join } from 'node:path';
import { awaitReload } from './await-reload';
import { MasterCli } from './master-cli';
import type { RuntimeQueries } from './runtime-queries';
import { sendCommand } from './send-command';
import { StatsSocket } from './stats-socket';
import { startTestHaproxy, waitFor, type TestHaproxy } from './test-haproxy';

jest.setTimeout(60_000);

function httpStatus(port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path: '/', agent: false }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end();
  });
}

async function server(queries: RuntimeQueries, name: string) {
  const state = await queries.showServersState('be');
  const row = state.servers.find((s) => s.serverName === name);
  if (!row) throw new Error(`no server ${name}`);
  return row;
}

describe('runtime API against HAProxy 2.6 in master-worker mode', () => {
  let haproxy: TestHaproxy | undefined;
  let master: MasterCli;
  let stats: StatsSocket;

  beforeAll(async () => {
    haproxy = await startTestHaproxy('master-worker');
    master = new MasterCli(haproxy.masterSocket);
    stats = new StatsSocket(haproxy.statsSocket);
  });
  afterAll(async () => {
    await haproxy?.stop();
  });

  it('shows the master and its single worker', async () => {
    const proc = await master.showProc();
    expect(proc.master.pid).toBe(haproxy?.mainPid());
    expect(proc.master.reloads).toBe(0);
    expect(proc.master.failedReloads).toBe(0);
    expect(proc.master.version).toMatch(/^2\.6\.12/);
    expect(proc.workers).toHaveLength(1);
    expect(proc.oldWorkers).toEqual([]);
    const worker = proc.workers[0].pid;
    expect((await stats.showInfo()).pid).toBe(worker);
    expect((await master.worker.showInfo()).pid).toBe(worker);
    expect(await httpStatus(haproxy?.port ?? 0)).toBe(200);
  });

  it('reloads: 2.6 answers nothing, then the counter moves and the worker changes', async () => {
    const before = await master.showProc();
    expect(await master.reload()).toEqual({ kind: 'asynchronous' });
    const result = await awaitReload(master, before, { timeoutMs: 15_000 });
    if (result.status !== 'succeeded') throw new Error(`reload ${result.status}`);
    expect(result.proc.master.reloads).toBe(before.master.reloads + 1);
    expect(result.proc.master.failedReloads).toBe(0);
    expect(result.proc.master.pid).toBe(before.master.pid);
    expect(result.newWorkerPids).toHaveLength(1);
    expect(result.newWorkerPids[0]).not.toBe(before.workers[0].pid);
    // The stats socket now belongs to the new worker.
    await waitFor('the new worker on the stats socket', async () =>
      (await stats.showInfo()).pid === result.newWorkerPids[0] ? true : undefined,
    );
    expect(await httpStatus(haproxy?.port ?? 0)).toBe(200);
  });

  it('reports a reload of a broken config as failed and keeps the worker', async () => {
    if (!haproxy) throw new Error('not started');
    const good = haproxy.config();
    const before = await master.showProc();
    haproxy.writeConfig(`${good}backend broken\n  no-such-keyword here\n`);
    try {
      await master.reload();
      const result = await awaitReload(master, before, { timeoutMs: 15_000 });
      expect(result.status).toBe('failed');
      if (result.status !== 'failed') return;
      expect(result.proc.master.failedReloads).toBe(1);
      expect(result.proc.workers.map((w) => w.pid)).toEqual(before.workers.map((w) => w.pid));
    } finally {
      haproxy.writeConfig(good);
    }
    // A good reload afterwards resets the failed counter.
    const afterFailure = await master.showProc();
    await master.reload();
    const recovered = await awaitReload(master, afterFailure, { timeoutMs: 15_000 });
    expect(recovered.status).toBe('succeeded');
    expect(recovered.proc?.master.failedReloads).toBe(0);
  });

  it('changes weights and states through one transport and reads them through the other', async () => {
    await stats.setServerWeight('be', 's1', 3);
    expect(await server(master.worker, 's1')).toEqual(expect.objectContaining({ userWeight: 3, initialWeight: 10, opState: 'running' }));

    await master.worker.setServerState('be', 's2', 'drain');
    expect((await server(stats, 's2')).admin).toEqual(expect.objectContaining({ draining: true, forcedDrain: true, maintenance: false }));
    const rows = await stats.showStat();
    expect(rows.find((r) => r.proxy === 'be' && r.name === 's2')?.status).toBe('DRAIN');

    await stats.setServerState('be', 's2', 'maint');
    const s2 = await server(master.worker, 's2');
    expect(s2.admin.forcedMaintenance).toBe(true);
    expect(s2.opState).toBe('stopped');

    await master.worker.setServerState('be', 's2', 'ready');
    await master.worker.setServerWeight('be', 's1', 10);
    expect(await server(stats, 's2')).toEqual(expect.objectContaining({ opState: 'running', adminStateCode: 0 }));
    expect((await server(stats, 's1')).userWeight).toBe(10);
  });

  it('turns HAProxy refusals into typed errors on both transports', async () => {
    await expect(stats.setServerWeight('be', 'nope', 1)).rejects.toMatchObject({ reason: 'rejected', response: expect.stringContaining('No such server') });
    await expect(master.worker.showServersState('nope')).rejects.toMatchObject({ reason: 'unexpected-output', command: '@1 show servers state nope' });
    await expect(master.command('show proc; show proc')).rejects.toMatchObject({ reason: 'invalid-command' });
    // An explicit list is allowed and runs both.
    const both = await master.command(['show version', 'show version']);
    expect(both.match(/2\.6\.12/g)).toHaveLength(2);
  });

  it('reports a missing socket as not-found', async () => {
    const path = join(haproxy?.dir ?? '/nonexistent', 'absent.sock');
    await expect(sendCommand(path, 'show info')).rejects.toMatchObject({ reason: 'not-found', socketPath: path });
  });
});

describe('runtime API against a legacy daemon (-D -p)', () => {
  let haproxy: TestHaproxy | undefined;

  beforeAll(async () => {
    haproxy = await startTestHaproxy('daemon');
  });
  afterAll(async () => {
    await haproxy?.stop();
  });

  it('answers show info and server changes on the stats socket', async () => {
    if (!haproxy) throw new Error('not started');
    const stats = new StatsSocket(haproxy.statsSocket);
    expect((await stats.showInfo()).pid).toBe(haproxy.mainPid());
    await stats.setServerState('be', 's1', 'drain');
    expect((await server(stats, 's1')).admin.forcedDrain).toBe(true);
    expect(await httpStatus(haproxy.port)).toBe(200);
  });
});
