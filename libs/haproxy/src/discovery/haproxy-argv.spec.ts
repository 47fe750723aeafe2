import { parseHaproxyArgv, unixPathOfCliSpec } from './haproxy-argv';

describe('parseHaproxyArgv', () => {
  it('reads a 2.6 worker argv after a reload', () => {
    const args = parseHaproxyArgv('/usr/sbin/haproxy -sf 8505 8400 -x sockpair@3 -Ws -S /tmp/m.sock -f /tmp/h.cfg -p /tmp/h.pid'.split(' '));
    expect(args).toEqual({
      masterWorker: true,
      systemd: true,
      daemon: false,
      configFiles: ['/tmp/h.cfg'],
      pidFile: '/tmp/h.pid',
      masterCliSpecs: ['/tmp/m.sock'],
      masterSocket: '/tmp/m.sock',
      exposeSocket: 'sockpair@3',
      softStopPids: [8505, 8400],
      hardStopPids: [],
    });
  });

  it('reads -st, -x paths, -- config lists and -C', () => {
    const args = parseHaproxyArgv('haproxy -D -C /etc/lb -x /run/stats.sock -st 12 -f a.cfg -- b.cfg /abs/c.cfg'.split(' '), '/home/x');
    expect(args.daemon).toBe(true);
    expect(args.masterWorker).toBe(false);
    expect(args.hardStopPids).toEqual([12]);
    expect(args.exposeSocket).toBe('/run/stats.sock');
    expect(args.configFiles).toEqual(['/etc/lb/a.cfg', '/etc/lb/b.cfg', '/abs/c.cfg']);
  });

  it('takes the first Unix master CLI among several -S', () => {
    const args = parseHaproxyArgv(['haproxy', '-W', '-S', 'ipv4@127.0.0.1:9999,level,admin', '-S', 'unix@/run/m.sock,mode,600']);
    expect(args.masterCliSpecs).toHaveLength(2);
    expect(args.masterSocket).toBe('/run/m.sock');
  });

  it('knows which -S specs are Unix sockets', () => {
    expect(unixPathOfCliSpec('/run/haproxy-master.sock')).toBe('/run/haproxy-master.sock');
    expect(unixPathOfCliSpec('unix@/run/m.sock,mode,600')).toBe('/run/m.sock');
    expect(unixPathOfCliSpec('127.0.0.1:9999')).toBeUndefined();
    expect(unixPathOfCliSpec('ipv6@::1:9999')).toBeUndefined();
  });
});
