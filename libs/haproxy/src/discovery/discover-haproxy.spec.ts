import { discoverHaproxy, type DiscoveryDeps } from './discover-haproxy';
import { HaproxyDiscoveryError } from './discovery-error';
import { fakeProc, type FakeProcess } from './fake-proc';

// Debian 12's stock haproxy.service, after one reload: the new worker carries
// `-sf <old> -x sockpair@3` (as 2.6.12 really does), the old one still drains.
const DEBIAN_ARGS = '-Ws -f /etc/haproxy/haproxy.cfg -p /run/haproxy.pid -S /run/haproxy-master.sock';
const debian: FakeProcess[] = [
  { pid: 700, ppid: 1, cmd: `/usr/sbin/haproxy ${DEBIAN_ARGS}`, exe: '/usr/sbin/haproxy' },
  { pid: 701, ppid: 700, cmd: `/usr/sbin/haproxy ${DEBIAN_ARGS}`, exe: '/usr/sbin/haproxy' },
  { pid: 900, ppid: 700, cmd: `/usr/sbin/haproxy -sf 701 -x sockpair@3 ${DEBIAN_ARGS}`, exe: '/usr/sbin/haproxy' },
];
// A legacy daemon reloaded with -sf: 510 replaced 500, which still drains.
const legacy: FakeProcess[] = [
  { pid: 500, ppid: 1, cmd: 'haproxy -D -p /var/run/legacy.pid -f /srv/legacy.cfg', exe: '/usr/sbin/haproxy' },
  { pid: 510, ppid: 1, cmd: 'haproxy -D -p /var/run/legacy.pid -f /srv/legacy.cfg -sf 500', exe: '/usr/sbin/haproxy' },
];
const noise: FakeProcess[] = [
  { pid: 1, ppid: 0, cmd: '/sbin/init' },
  { pid: 40, ppid: 1, cmd: '/usr/bin/haproxy_exporter --haproxy.scrape-uri=unix:/run/haproxy/admin.sock' },
  { pid: 41, ppid: 1, cmd: 'vim /etc/haproxy/haproxy.cfg' },
  { pid: 42, ppid: 1, cmd: 'bash -c haproxy -c -f x' },
];

function deps(processes: FakeProcess[], pidFiles: Record<string, string> = {}): DiscoveryDeps {
  return { proc: fakeProc(processes), readPidFile: async (path) => pidFiles[path] };
}

describe('discoverHaproxy', () => {
  it("recognises Debian's stock master-worker service, its current and old workers", async () => {
    const instance = await discoverHaproxy({}, deps([...noise, ...debian]));
    expect(instance).toEqual({
      mode: 'master-worker',
      binary: '/usr/sbin/haproxy',
      argv: `/usr/sbin/haproxy ${DEBIAN_ARGS}`.split(' '),
      configFiles: ['/etc/haproxy/haproxy.cfg'],
      masterPid: 700,
      masterSocket: '/run/haproxy-master.sock',
      pidFile: '/run/haproxy.pid',
      workerPids: [900],
      oldWorkerPids: [701],
      args: expect.objectContaining({ masterWorker: true, systemd: true, daemon: false, masterCliSpecs: ['/run/haproxy-master.sock'] }),
    });
  });

  it('recognises a legacy daemon and folds the process it replaced into it', async () => {
    const instance = await discoverHaproxy({}, deps([...noise, ...legacy]));
    expect(instance).toEqual(
      expect.objectContaining({
        mode: 'daemon',
        configFiles: ['/srv/legacy.cfg'],
        pidFile: '/var/run/legacy.pid',
        workerPids: [510],
        oldWorkerPids: [500],
        masterSocket: undefined,
      }),
    );
    expect(instance.masterPid).toBeUndefined();
    expect(instance.args.softStopPids).toEqual([500]);
  });

  it('chooses among several instances by config path, master socket or pid file', async () => {
    const all = deps([...debian, ...legacy], { '/tmp/other.pid': '510\n' });
    expect((await discoverHaproxy({ configPath: '/etc/haproxy/haproxy.cfg' }, all)).masterPid).toBe(700);
    expect((await discoverHaproxy({ masterSocket: '/run/haproxy-master.sock' }, all)).masterPid).toBe(700);
    expect((await discoverHaproxy({ pidFile: '/var/run/legacy.pid' }, all)).workerPids).toEqual([510]);
    // A pid file under another name still matches by the pid it holds.
    expect((await discoverHaproxy({ pidFile: '/tmp/other.pid' }, all)).workerPids).toEqual([510]);
  });

  it('says clearly when several instances match', async () => {
    const error = await discoverHaproxy({}, deps([...debian, ...legacy])).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HaproxyDiscoveryError);
    expect(error).toMatchObject({ reason: 'ambiguous' });
    expect((error as HaproxyDiscoveryError).candidates).toHaveLength(2);
    expect((error as Error).message).toMatch(/pid 700 .*pid 510/);
  });

  it('says clearly when nothing matches', async () => {
    await expect(discoverHaproxy({}, deps(noise))).rejects.toMatchObject({ reason: 'not-found', message: expect.stringMatching(/no HAProxy process is running/) });
    const error = await discoverHaproxy({ configPath: '/etc/other.cfg', masterSocket: '/run/haproxy-master.sock' }, deps(debian)).catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'not-found' });
    expect((error as Error).message).toContain('configPath=/etc/other.cfg');
  });

  it('resolves relative paths against the process cwd and matches a config inside a -f directory', async () => {
    const processes: FakeProcess[] = [
      { pid: 10, ppid: 1, cmd: 'haproxy -W -S master.sock,mode,600 -f conf.d -f base.cfg -p run/h.pid', cwd: '/opt/lb' },
      { pid: 11, ppid: 10, cmd: 'haproxy -W -S master.sock,mode,600 -f conf.d -f base.cfg -p run/h.pid', cwd: '/opt/lb' },
    ];
    const instance = await discoverHaproxy({ configPath: '/opt/lb/conf.d/10-web.cfg' }, deps(processes));
    expect(instance).toEqual(
      expect.objectContaining({
        mode: 'master-worker',
        binary: 'haproxy',
        configFiles: ['/opt/lb/conf.d', '/opt/lb/base.cfg'],
        masterSocket: '/opt/lb/master.sock',
        pidFile: '/opt/lb/run/h.pid',
        workerPids: [11],
      }),
    );
  });

  it('treats a master-worker set in the config (no -W, but children) as master-worker', async () => {
    const processes: FakeProcess[] = [
      { pid: 20, ppid: 1, cmd: '/usr/local/sbin/haproxy -D -f /etc/mw.cfg' },
      { pid: 21, ppid: 20, cmd: '/usr/local/sbin/haproxy -D -f /etc/mw.cfg' },
    ];
    expect(await discoverHaproxy({}, deps(processes))).toEqual(expect.objectContaining({ mode: 'master-worker', masterPid: 20, workerPids: [21] }));
  });

  it('uses the real executable when argv[0] is bare, and tolerates a replaced binary', async () => {
    const processes: FakeProcess[] = [{ pid: 30, ppid: 1, cmd: 'haproxy -D -f /etc/d.cfg', exe: '/usr/sbin/haproxy (deleted)' }];
    expect((await discoverHaproxy({}, deps(processes))).binary).toBe('/usr/sbin/haproxy');
  });
});
