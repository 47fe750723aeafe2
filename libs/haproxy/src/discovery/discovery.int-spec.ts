import { SystemProcessRunner } from '@hitless/process';
import { awaitReload } from '../runtime/await-reload';
import { MasterCli } from '../runtime/master-cli';
import { HAPROXY_BINARY, startTestHaproxy, type TestHaproxy } from '../runtime/test-haproxy';
import { discoverHaproxy } from './discover-haproxy';
import { HaproxyDiscoveryError } from './discovery-error';
import { haproxyVersion } from './haproxy-version';

jest.setTimeout(60_000);

describe('discovery against real HAProxy 2.6 processes', () => {
  const started: TestHaproxy[] = [];
  let first: TestHaproxy;
  let second: TestHaproxy;
  let daemon: TestHaproxy;

  beforeAll(async () => {
    first = await startTestHaproxy('master-worker');
    started.push(first);
    second = await startTestHaproxy('master-worker');
    started.push(second);
    daemon = await startTestHaproxy('daemon');
    started.push(daemon);
  });
  afterAll(async () => {
    await Promise.all(started.map((instance) => instance.stop()));
  });

  it('finds exactly the master-worker instance named by its config, with its worker', async () => {
    const instance = await discoverHaproxy({ configPath: first.configPath });
    const proc = await new MasterCli(first.masterSocket).showProc();
    expect(instance).toEqual(
      expect.objectContaining({
        mode: 'master-worker',
        binary: HAPROXY_BINARY,
        configFiles: [first.configPath],
        masterPid: first.mainPid(),
        masterSocket: first.masterSocket,
        pidFile: first.pidFile,
        workerPids: proc.workers.map((w) => w.pid),
      }),
    );
    expect(instance.argv).toEqual([HAPROXY_BINARY, '-Ws', '-S', first.masterSocket, '-f', first.configPath, '-p', first.pidFile]);
  });

  it('tells two running instances apart by master socket and by pid file', async () => {
    expect((await discoverHaproxy({ masterSocket: second.masterSocket })).masterPid).toBe(second.mainPid());
    expect((await discoverHaproxy({ pidFile: second.pidFile })).masterPid).toBe(second.mainPid());
    await expect(discoverHaproxy({ configPath: first.configPath, masterSocket: second.masterSocket })).rejects.toMatchObject({
      reason: 'not-found',
    });
  });

  it('keeps finding the right worker after a reload (old worker marked by -sf)', async () => {
    const master = new MasterCli(second.masterSocket);
    const before = await master.showProc();
    await master.reload();
    // Right after `reload` a 2.6 master briefly refuses connections while it
    // re-executes; awaitReload rides over that.
    const result = await awaitReload(master, before, { timeoutMs: 15_000 });
    if (result.status !== 'succeeded') throw new Error(`reload ${result.status}`);
    const after = result.proc;
    const instance = await discoverHaproxy({ masterSocket: second.masterSocket });
    expect(instance.workerPids).toEqual(after.workers.map((w) => w.pid));
    expect(instance.workerPids).not.toContain(before.workers[0].pid);
  });

  it('finds the legacy daemon by its pid file', async () => {
    const instance = await discoverHaproxy({ pidFile: daemon.pidFile });
    expect(instance).toEqual(
      expect.objectContaining({ mode: 'daemon', workerPids: [daemon.mainPid()], configFiles: [daemon.configPath], pidFile: daemon.pidFile }),
    );
    expect(instance.masterPid).toBeUndefined();
    expect(instance.args.daemon).toBe(true);
  });

  it('refuses to guess when several instances run and no hint is given', async () => {
    const error = await discoverHaproxy({}).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaproxyDiscoveryError);
    expect(error).toMatchObject({ reason: 'ambiguous' });
    const pids = (error as HaproxyDiscoveryError).candidates.map((c) => c.masterPid ?? c.workerPids[0]);
    expect(pids).toEqual(expect.arrayContaining([first.mainPid(), second.mainPid(), daemon.mainPid()]));
  });

  it('reads the version of the installed binary', async () => {
    expect(await haproxyVersion(HAPROXY_BINARY, new SystemProcessRunner())).toEqual({
      major: 2,
      minor: 6,
      patch: 12,
      full: expect.stringMatching(/^2\.6\.12/),
    });
  });
});
