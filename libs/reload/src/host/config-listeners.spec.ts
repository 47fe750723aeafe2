import { parseConfig } from '@hitless/haproxy';
import { adminStatsSocket, guardedListeners, probePlan, socketTransferSocket } from './config-listeners';

const cfg = parseConfig(`global
    stats socket /run/haproxy/admin.sock mode 660 level admin expose-fd listeners
    stats socket ipv4@127.0.0.1:9999 level admin

defaults
    mode http

frontend www
    bind *:80
    bind 198.18.0.2:8080,:::8443
    default_backend api

frontend other
    bind :81
    default_backend static

frontend tls
    bind :443 ssl crt /etc/ssl/x.pem
    default_backend api

listen stats
    mode tcp
    bind :9000
    server s 127.0.0.1:1

backend api
    server web1 127.0.0.1:9001

backend static
    server web2 127.0.0.1:9002
`);

describe('config listeners', () => {
  it('probes only the binds of frontends that route to a changed backend, wildcards on the host address', () => {
    const plan = probePlan(cfg, ['api'], '198.18.0.2');
    expect(plan.targets).toEqual([
      { host: '198.18.0.2', port: 80, label: 'www@198.18.0.2:80' },
      { host: '198.18.0.2', port: 8080, label: 'www@198.18.0.2:8080' },
      { host: '198.18.0.2', port: 8443, label: 'www@198.18.0.2:8443' },
    ]);
    expect(plan.skipped).toEqual(['tls :443: TLS binds are not probed yet']);
  });

  it('guards every listener, whatever it routes to', () => {
    expect(guardedListeners(cfg).map((l) => `${l.family} ${l.host ?? '*'} ${l.portFrom}`)).toEqual([
      'ipv4 * 80', 'ipv4 198.18.0.2 8080', 'ipv6 * 8443', 'ipv4 * 81', 'ipv4 * 443', 'ipv4 * 9000',
    ]);
  });

  it('finds the Unix stats socket that can hand listeners over, and the admin one', () => {
    expect(socketTransferSocket(cfg)).toBe('/run/haproxy/admin.sock');
    expect(adminStatsSocket(cfg)).toBe('/run/haproxy/admin.sock');
    expect(socketTransferSocket(parseConfig('global\n    stats socket /x.sock level admin\n'))).toBeUndefined();
    expect(adminStatsSocket(parseConfig('global\n    stats socket /x.sock\n'))).toBeUndefined();
  });
});
