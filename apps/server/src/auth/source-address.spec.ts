import { sourceKeyOf, sourceKeyOfPeer } from './source-address';

describe('sourceKeyOf', () => {
  it('counts IPv4 (also IPv4-mapped) by address and IPv6 by its /64', () => {
    expect(sourceKeyOf('198.18.0.7')).toBe('198.18.0.7');
    expect(sourceKeyOf('::ffff:127.0.0.1')).toBe('127.0.0.1');
    expect(sourceKeyOf('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(sourceKeyOf('2001:DB8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(sourceKeyOf('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKeyOf('::1')).toBe('0:0:0:0::/64');
    expect(sourceKeyOf('fe80::1%eth0')).toBe('fe80:0:0:0::/64');
    expect(sourceKeyOf(undefined)).toBe('unknown');
  });

  it('reads a gRPC peer string the same way', () => {
    expect(sourceKeyOfPeer('127.0.0.1:40522')).toBe('127.0.0.1');
    expect(sourceKeyOfPeer('::ffff:198.18.0.9:7443')).toBe('198.18.0.9');
    expect(sourceKeyOfPeer('2001:db8:1:2::9:7443')).toBe('2001:db8:1:2::/64');
    expect(sourceKeyOfPeer('unknown')).toBe('unknown');
  });
});
