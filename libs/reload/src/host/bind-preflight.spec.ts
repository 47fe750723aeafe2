import { parseConfig } from '@hitless/haproxy';
import { parseLocalAddresses, unassignedBindAddresses } from './bind-preflight';

const ipOutput = [
  '1: lo    inet 127.0.0.1/8 scope host lo\\       valid_lft forever preferred_lft forever',
  '1: lo    inet6 ::1/128 scope host \\       valid_lft forever preferred_lft forever',
  '5: hlv1i    inet 198.18.0.2/30 scope global hlv1i\\       valid_lft forever preferred_lft forever',
].join('\n');

describe('bind preflight', () => {
  it('reads the host addresses from ip -o addr', () => {
    expect(parseLocalAddresses(ipOutput)).toEqual(new Set(['127.0.0.1', '::1', '198.18.0.2']));
  });

  it('names binds on addresses the host does not have, and accepts wildcards and freebind', () => {
    const cfg = parseConfig(
      'frontend a\n    bind *:80\n    bind 198.18.0.2:81\n    bind 198.18.0.1:82\n    bind 198.18.0.9:83 transparent\n    bind [::1]:84\n',
    );
    expect(unassignedBindAddresses(cfg, parseLocalAddresses(ipOutput))).toEqual([
      'a: bind 198.18.0.1:82 uses 198.18.0.1, which is not an address of this host',
    ]);
  });
});
