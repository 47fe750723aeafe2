import { InvalidChangeError } from '@hitless/haproxy';
import { agentTarget, assertAgentAddress, parseAgentAddress } from './agent-address';

describe('parseAgentAddress', () => {
  it.each([
    ['127.0.0.1:7444', { family: 'ipv4', host: '127.0.0.1', port: 7444 }],
    ['[::1]:7444', { family: 'ipv6', host: '::1', port: 7444 }],
    ['[2001:db8::ffff:10.0.0.1]:1', { family: 'ipv6', host: '2001:db8::ffff:10.0.0.1', port: 1 }],
    ['lb-1.eu.example.net:65535', { family: 'dns', host: 'lb-1.eu.example.net', port: 65535 }],
    ['LB-1:7444', { family: 'dns', host: 'LB-1', port: 7444 }],
  ])('takes %s', (text, expected) => {
    expect(parseAgentAddress(text)).toEqual(expected);
  });

  it.each([
    ['a unix socket', 'unix:/run/x.sock:1'],
    ['a relative unix socket', 'unix:1'],
    ['an abstract socket', 'unix-abstract:x:1'],
    ['a dns: scheme', 'dns:evil:443'],
    ['a dns: authority', 'dns://8.8.8.8/evil:443'],
    ['an ipv4: scheme', 'ipv4:127.0.0.1:1'],
    ['an ipv6: scheme', 'ipv6:[::1]:1'],
    ['a URL', 'http://a:1'],
    ['a path', 'a:1/x'],
    ['port 0', 'a:0'],
    ['port 65536', 'a:65536'],
    ['a leading zero', 'a:07444'],
    ['a sign', 'a:+1'],
    ['no port', 'a'],
    ['an empty port', 'a:'],
    ['no host', ':7444'],
    ['an unclosed bracket', '[::1'],
    ['an unclosed bracket with port', '[::1:7444'],
    ['IPv6 without brackets', '::1:7444'],
    ['an IPv6 zone', '[fe80::1%eth0]:7444'],
    ['an IPv4 address in brackets', '[127.0.0.1]:7444'],
    ['a short-form IPv4 address', '127.1:7444'],
    ['an octal-looking IPv4 address', '010.0.0.1:7444'],
    ['an out-of-range IPv4 address', '256.0.0.1:7444'],
    ['a 4 KB name', `${'a'.repeat(4096)}:1`],
    ['a 64-character label', `${'a'.repeat(64)}.example:1`],
    ['a NUL', 'a\u0000b:1'],
    ['a newline', 'a\nb:1'],
    ['a space', 'a b:1'],
    ['an underscore', 'a_b:1'],
    ['a leading hyphen', '-a:1'],
    ['an empty label', 'a..b:1'],
    ['a trailing dot', 'a.:1'],
    ['unicode', 'bücher:1'],
    ['user info', 'u@a:1'],
    ['empty', ''],
  ])('refuses %s', (_what, text) => {
    expect(parseAgentAddress(text)).toBeUndefined();
    expect(() => assertAgentAddress(text, 'inventory.agent_address')).toThrow(InvalidChangeError);
  });

  it('does not echo the refused text', () => {
    expect(() => assertAgentAddress('unix:/etc/shadow:1', 'f')).toThrow(/^f: must be host:port/);
    expect(() => assertAgentAddress('unix:/etc/shadow:1', 'f')).not.toThrow(/shadow/);
  });
});

describe('agentTarget', () => {
  it('names the resolver, so no address can choose one', () => {
    expect(agentTarget({ family: 'ipv4', host: '10.0.0.1', port: 7444 })).toBe('ipv4:10.0.0.1:7444');
    expect(agentTarget({ family: 'ipv6', host: '::1', port: 7444 })).toBe('ipv6:[::1]:7444');
    expect(agentTarget({ family: 'dns', host: 'lb-1.example', port: 7444 })).toBe('dns:lb-1.example:7444');
  });
});
