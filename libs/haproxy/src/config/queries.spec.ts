import { loadFixture } from './fixtures/load-fixture';
import { listBackends } from './list-backends';
import { listFrontends } from './list-frontends';
import { parseConfig } from './parse-config';

describe('listFrontends', () => {
  it('returns nothing for the Debian default (no proxies)', () => {
    const cfg = parseConfig(loadFixture('debian-default.cfg'));
    expect(listFrontends(cfg)).toEqual([]);
    expect(listBackends(cfg)).toEqual([]);
  });

  it('reads frontends and listen sections of the ServerFault-style config', () => {
    const frontends = listFrontends(parseConfig(loadFixture('serverfault-style.cfg')));
    expect(frontends.map((f) => [f.type, f.name, f.mode])).toEqual([
      ['frontend', 'www', 'http'],
      ['listen', 'mysql', 'tcp'],
    ]);
    const www = frontends[0];
    expect(www.defaultBackend).toBe('apache');
    expect(www.useBackends).toEqual(['static']);
    expect(www.binds.map((b) => b.address)).toEqual([':8080', '*:8443,:8444', '127.0.0.1:9000-9002', 'unix@/tmp/hitless-fixture-www.sock']);
    expect(www.binds.flatMap((b) => b.addresses.map((a) => `${a.host}:${a.portFrom}-${a.portTo}`))).toEqual([
      '*:8080-8080',
      '*:8443-8443',
      '*:8444-8444',
      '127.0.0.1:9000-9002',
    ]);
    expect(www.binds[3].skipped[0].reason).toMatch(/unix socket/);
    expect(frontends[1].binds[0].addresses[0]).toMatchObject({ host: '127.0.0.1', portFrom: 13306 });
  });

  it('keeps bind options after the address', () => {
    const [fe] = listFrontends(parseConfig('frontend tls\n  bind [::]:443 v4v6 ssl crt /etc/x.pem alpn h2,http/1.1\n'));
    expect(fe.binds[0]).toMatchObject({ address: '[::]:443', params: ['v4v6', 'ssl', 'crt', '/etc/x.pem', 'alpn', 'h2,http/1.1'] });
    expect(fe.binds[0].addresses[0]).toMatchObject({ host: '::', family: 'ipv6', portFrom: 443 });
    expect(fe.mode).toBe('tcp');
  });

  it('takes mode from the named defaults a frontend inherits from', () => {
    const cfg = parseConfig('defaults web\n  mode http\ndefaults plain\n  mode tcp\nfrontend a from web\n  bind :1\nfrontend b\n  bind :2\n');
    expect(listFrontends(cfg).map((f) => f.mode)).toEqual(['http', 'tcp']);
  });
});

describe('listBackends', () => {
  it('reads backends, listen sections, balance and servers of the ServerFault-style config', () => {
    const backends = listBackends(parseConfig(loadFixture('serverfault-style.cfg')));
    expect(backends.map((b) => [b.type, b.name, b.balance.text, b.balance.source])).toEqual([
      ['backend', 'apache', 'roundrobin', 'explicit'],
      ['backend', 'static', 'roundrobin', 'haproxy-default'],
      ['listen', 'mysql', 'leastconn', 'explicit'],
    ]);
    expect(backends[0].balance.setting).toEqual({ algorithm: 'roundrobin' });
    expect(backends[0].servers.map((s) => [s.name, s.address, s.host, s.port, s.weight])).toEqual([
      ['web1', '127.0.0.1:8081', '127.0.0.1', 8081, 10],
      ['web2', '127.0.0.1:8082', '127.0.0.1', 8082, 1],
      ['web3', '127.0.0.1:8083', '127.0.0.1', 8083, 5],
    ]);
    expect(backends[1].servers.map((s) => s.weight)).toEqual([1, 3]);
  });

  it('inherits balance from the preceding defaults section', () => {
    const cfg = parseConfig(
      'defaults\n  balance source\nbackend a\n  server x 10.0.0.1:80\ndefaults\n  mode http\nbackend b\n  server y 10.0.0.2\nbackend c\n  balance first\n',
    );
    const [a, b, c] = listBackends(cfg);
    expect(a.balance).toMatchObject({ setting: { algorithm: 'source' }, source: 'defaults', lineNumber: 2 });
    // A later defaults section without `balance` resets to HAProxy's default.
    expect(b.balance).toMatchObject({ setting: { algorithm: 'roundrobin' }, source: 'haproxy-default' });
    expect(b.servers[0]).toMatchObject({ host: '10.0.0.2', port: undefined });
    expect(c.balance).toMatchObject({ setting: { algorithm: 'first' }, source: 'explicit' });
  });

  it('uses the last balance line, like HAProxy', () => {
    const [be] = listBackends(parseConfig('backend a\n  balance leastconn\n  balance uri whole # later wins\n'));
    expect(be.balance).toMatchObject({ setting: { algorithm: 'uri', whole: true }, text: 'uri whole', lineNumber: 3 });
  });

  it('keeps a balance line outside the strict grammar readable as text', () => {
    const [be] = listBackends(parseConfig('backend a\n  balance randomx\n'));
    expect(be.balance.setting).toBeUndefined();
    expect(be.balance.text).toBe('randomx');
    expect(be.balance.problem).toMatch(/algorithm/);
  });

  it('applies default-server weights from the section and from defaults', () => {
    const cfg = parseConfig(
      'defaults\n  default-server weight 7\nbackend a\n  server s0 1.1.1.1:1\n  default-server weight 20\n  server s1 1.1.1.1:2\n  server s2 1.1.1.1:3 weight 2\n',
    );
    expect(listBackends(cfg)[0].servers.map((s) => s.weight)).toEqual([7, 20, 2]);
  });

  it('reads IPv6 server addresses', () => {
    const [be] = listBackends(parseConfig('backend a\n  server v6 [2001:db8::5]:8080\n  server bare 2001:db8::6\n'));
    expect(be.servers.map((s) => [s.host, s.port])).toEqual([
      ['2001:db8::5', 8080],
      ['2001:db8::6', undefined],
    ]);
  });
});
