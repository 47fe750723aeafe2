import { parseClientResets } from './client-resets';

describe('resets sent to clients', () => {
  it('reads the packet count of the counting rule', () => {
    const rules = [
      '-P OUTPUT ACCEPT -c 120 9000',
      '-A OUTPUT -p tcp -m tcp --dport 8080 --tcp-flags FIN,SYN,RST,ACK SYN -m comment --comment hitless:r1 -j DROP -c 3 180',
      '-A OUTPUT ! -o lo -p tcp -m tcp --tcp-flags RST RST -m comment --comment bench-rst-to-clients -c 17 680',
    ].join('\n');
    expect(parseClientResets(rules)).toBe(17);
  });

  it('says null when the rule is gone rather than 0', () => {
    expect(parseClientResets('-P OUTPUT ACCEPT -c 0 0\n')).toBeNull();
  });
});
