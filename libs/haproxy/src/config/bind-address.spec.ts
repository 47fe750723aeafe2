import { parseBindAddresses } from './bind-address';

const one = (word: string) => parseBindAddresses(word).addresses[0];

describe('parseBindAddresses', () => {
  it.each([
    [':80', { host: '*', family: 'any', wildcard: true, portFrom: 80, portTo: 80 }],
    ['*:80', { host: '*', family: 'any', wildcard: true, portFrom: 80, portTo: 80 }],
    ['0.0.0.0:80', { host: '0.0.0.0', family: 'ipv4', wildcard: true, portFrom: 80, portTo: 80 }],
    ['10.1.2.3:8080', { host: '10.1.2.3', family: 'ipv4', wildcard: false, portFrom: 8080, portTo: 8080 }],
    ['[::]:443', { host: '::', family: 'ipv6', wildcard: true, portFrom: 443, portTo: 443 }],
    ['[2001:db8::1]:443', { host: '2001:db8::1', family: 'ipv6', wildcard: false, portFrom: 443, portTo: 443 }],
    [':::443', { host: '::', family: 'ipv6', wildcard: true, portFrom: 443, portTo: 443 }],
    ['ipv4@1.2.3.4:80', { host: '1.2.3.4', family: 'ipv4', wildcard: false, portFrom: 80, portTo: 80 }],
    ['ipv6@:80', { host: '*', family: 'ipv6', wildcard: true, portFrom: 80, portTo: 80 }],
    ['tcp@1.2.3.4:80', { host: '1.2.3.4', family: 'ipv4', wildcard: false, portFrom: 80, portTo: 80 }],
    ['tcp6@[::1]:80', { host: '::1', family: 'ipv6', wildcard: false, portFrom: 80, portTo: 80 }],
    [':8000-8002', { host: '*', family: 'any', wildcard: true, portFrom: 8000, portTo: 8002 }],
    ['localhost:80', { host: 'localhost', family: 'hostname', wildcard: false, portFrom: 80, portTo: 80 }],
  ])('reads %s', (word, expected) => {
    expect(one(word)).toEqual({ raw: word, ...expected });
  });

  it('splits comma lists', () => {
    const { addresses, skipped } = parseBindAddresses(':80,:81,[::]:82');
    expect(addresses.map((a) => [a.host, a.portFrom])).toEqual([
      ['*', 80],
      ['*', 81],
      ['::', 82],
    ]);
    expect(skipped).toEqual([]);
  });

  it.each([
    ['/run/haproxy.sock', /unix socket/],
    ['unix@/run/x.sock', /unix socket/],
    ['abns@haproxy', /abstract/],
    ['fd@3', /file descriptor/],
    ['quic4@:443', /UDP/],
    ['weird@:1', /unknown address prefix/],
    ['1.2.3.4', /no port/],
    [':0', /not a port/],
    [':70000', /not a port/],
    [':90-80', /not a port/],
    ['300.1.1.1:80', /not an IPv4/],
    ['"${ADDR}":80', /environment variable/],
  ])('skips %s with a note', (word, reason) => {
    const { addresses, skipped } = parseBindAddresses(word);
    expect(addresses).toEqual([]);
    expect(skipped).toHaveLength(1);
    expect(skipped[0].reason).toMatch(reason);
  });

  it('keeps the TCP entries of a mixed list', () => {
    const { addresses, skipped } = parseBindAddresses('unix@/x.sock,:80');
    expect(addresses.map((a) => a.portFrom)).toEqual([80]);
    expect(skipped.map((s) => s.raw)).toEqual(['unix@/x.sock']);
  });
});
